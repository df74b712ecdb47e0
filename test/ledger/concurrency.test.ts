// Two OS processes disbursing aid from one fund at once never overdraw it; the hash chain stays one line.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { GENESIS_HASH } from '../../src/ledger/hash-chain.js';
import { Money, parseAmount } from '../../src/money/money.js';
import type { DisburseResult } from '../support/disburse-worker.js';
import { aidEntry, donationEntry } from '../support/ledger-fixtures.js';
import { TEST_DATABASE_KIND, useTestDatabase } from '../support/test-database.js';

const REPOSITORY_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const WORKER_SCRIPT = 'test/support/disburse-worker.ts';
const FUND_CODE = 'winter-aid';
const FUND_DONATION = '1000.00';
const GENERAL_DONATION = '500.00';
const GENERAL_AID = '120.00';
const DISBURSEMENT = '30.00';
const ATTEMPTS_PER_WORKER = 40;
/** floor(1000.00 / 30.00): how many disbursements the fund can pay, whoever asks first. */
const EXPECTED_SUCCESSES = 33;
const TEST_TIMEOUT_MILLISECONDS = 60_000;

interface Worker {
  name: string;
  child: ChildProcessWithoutNullStreams;
  /** What the worker printed so far, filled in as it arrives. */
  output: { stdoutLines: string[]; stderr: string };
  ready: Promise<void>;
  exited: Promise<number | null>;
}

describe(`ledger concurrency (${TEST_DATABASE_KIND})`, () => {
  const testDb = useTestDatabase();
  const workers: Worker[] = [];

  afterEach(() => {
    // A failed or timed-out test must not leave its workers running.
    for (const worker of workers.splice(0)) {
      if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill();
    }
  });

  it('aid from one fund — two processes disburse at once — never overdrawn, one unbroken chain', async () => {
    const { services } = testDb.current;
    const fund = await services.funds.create({ code: FUND_CODE, name: 'Winter aid', restricted: true });
    const general = await services.funds.getByCode('general');
    await services.ledger.record(donationEntry(FUND_DONATION, { fundCode: FUND_CODE, fundId: fund.id }));
    await services.ledger.record(
      donationEntry(GENERAL_DONATION, { fundCode: 'general', fundId: general.id }),
    );
    await services.ledger.record(aidEntry(GENERAL_AID, { fundCode: 'general', fundId: general.id }));
    const setupEntries = 3;
    const generalBefore = await services.funds.get(general.id);

    workers.push(startWorker('a', fund.id, 101), startWorker('b', fund.id, 102));
    await Promise.all(workers.map((worker) => worker.ready));
    for (const worker of workers) worker.child.stdin.end('go\n');
    const exitCodes = await Promise.all(workers.map((worker) => worker.exited));

    const diagnostics = workers
      .map((worker) => `worker ${worker.name} stderr:\n${worker.output.stderr}`)
      .join('\n');
    expect(exitCodes, diagnostics).to.deep.equal([0, 0]);
    const results = workers.map(readResult);
    const successes = results.reduce((total, result) => total + result.entryIds.length, 0);
    const refusals = results.reduce((total, result) => total + result.refusals, 0);
    expect(successes, 'disbursements that went through').to.equal(EXPECTED_SUCCESSES);
    expect(refusals, 'disbursements refused').to.equal(2 * ATTEMPTS_PER_WORKER - EXPECTED_SUCCESSES);
    for (const result of results) {
      expect(result.failures, `worker ${result.worker} failures`).to.deep.equal([]);
      expect(result.entryIds.length, `worker ${result.worker} successes`).to.be.greaterThan(0);
    }

    const fundAfter = await services.funds.get(fund.id);
    const pendingCount = results.reduce((total, result) => total + result.pendingEntryIds.length, 0);
    expect(fundAfter.available.toString()).to.equal('10.00');
    expect(fundAfter.available.isNegative()).to.equal(false);
    const paidOut = disbursements(EXPECTED_SUCCESSES - pendingCount);
    expect(fundAfter.posted.toString()).to.equal(parseAmount(FUND_DONATION).minus(paidOut).toString());
    expect(fundAfter.pendingOut.toString()).to.equal(disbursements(pendingCount).toString());
    const generalAfter = await services.funds.get(general.id);
    expect(generalAfter.posted.toString()).to.equal(generalBefore.posted.toString());
    expect(generalAfter.available.toString()).to.equal('380.00');

    const totalEntries = setupEntries + EXPECTED_SUCCESSES;
    const verification = await services.ledger.verify();
    expect(verification).to.include({
      ok: true,
      entries: totalEntries,
      firstBadEntryId: null,
      problem: null,
    });
    expect(await services.ledger.journalHead()).to.include({
      lastEntryId: totalEntries,
      lastHash: verification.headHash,
    });

    const writtenIds = results.flatMap((result) => result.entryIds).sort((left, right) => left - right);
    expect(writtenIds, 'ids the workers wrote').to.deep.equal(range(setupEntries + 1, totalEntries));
    await expectOneChain(totalEntries, results);
  }).timeout(TEST_TIMEOUT_MILLISECONDS);

  /** Reads entries 1..N one by one: ids contiguous, each linked to the one before, each from its worker. */
  async function expectOneChain(totalEntries: number, results: DisburseResult[]): Promise<void> {
    const { services } = testDb.current;
    const workerOf = new Map(
      results.flatMap((result) => result.entryIds.map((id) => [id, result.worker] as const)),
    );
    let previousHash = GENESIS_HASH;
    for (let entryId = 1; entryId <= totalEntries; entryId += 1) {
      const entry = await services.ledger.getEntry(entryId);
      expect(entry.id).to.equal(entryId);
      expect(entry.prevHash, `entry ${entryId} links to entry ${entryId - 1}`).to.equal(previousHash);
      const worker = workerOf.get(entryId);
      if (worker !== undefined) {
        expect(entry.kind).to.equal('aid');
        expect(entry.memo).to.match(new RegExp(`^worker ${worker} attempt \\d+$`));
      }
      previousHash = entry.hash;
    }
  }

  function startWorker(name: string, fundId: number, recipientId: number): Worker {
    const environment: NodeJS.ProcessEnv = { ...process.env };
    // The worker must reach the suite's own database, never the server-wide URL the suite started from.
    delete environment.DATABASE_URL;
    delete environment.DATA_DIR;
    Object.assign(environment, testDb.current.environment);
    const args = [
      '--import',
      'tsx',
      WORKER_SCRIPT,
      ...['--worker', name, '--fund-code', FUND_CODE, '--fund-id', String(fundId)],
      ...['--recipient-id', String(recipientId), '--attempts', String(ATTEMPTS_PER_WORKER)],
      ...['--amount', DISBURSEMENT],
    ];
    const child = spawn(process.execPath, args, { cwd: REPOSITORY_ROOT, env: environment });
    const output = { stdoutLines: [] as string[], stderr: '' };
    child.stderr.setEncoding('utf8').on('data', (text: string) => {
      output.stderr += text;
    });
    const exited = new Promise<number | null>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code) => resolve(code));
    });
    const ready = new Promise<void>((resolve, reject) => {
      let buffered = '';
      child.stdout.setEncoding('utf8').on('data', (text: string) => {
        buffered += text;
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        for (const line of lines) {
          output.stdoutLines.push(line);
          if (line === 'ready') resolve();
        }
      });
      exited.then(
        (code) => reject(new Error(`worker ${name} exited with ${code} before ready:\n${output.stderr}`)),
        reject,
      );
    });
    return { name, child, output, ready, exited };
  }
});

function readResult(worker: Worker): DisburseResult {
  const last = worker.output.stdoutLines.at(-1);
  if (last === undefined || last === 'ready') throw new Error(`worker ${worker.name} printed no result`);
  return JSON.parse(last) as DisburseResult;
}

function range(first: number, last: number): number[] {
  return Array.from({ length: last - first + 1 }, (_, index) => first + index);
}

/** What `count` disbursements add up to. */
function disbursements(count: number): Money {
  return Money.fromTiyn(parseAmount(DISBURSEMENT).tiyn * BigInt(count));
}
