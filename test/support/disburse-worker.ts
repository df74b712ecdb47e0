/**
 * A separate OS process that disburses aid from one fund as fast as it can, for the concurrency test.
 * It opens the database named by DATABASE_URL or DATA_DIR, prints `ready`, waits for `go` on stdin,
 * then makes its attempts and prints one JSON line of results. It exits 0 when every attempt either
 * succeeded or was refused for insufficient funds, and 1 when anything else went wrong.
 *
 * Run as: node --import tsx test/support/disburse-worker.ts --worker a --fund-code winter-aid
 *         --fund-id 2 --recipient-id 101 --attempts 40 --amount 30.00
 */
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { loadConfig } from '../../src/config.js';
import { openDatabase } from '../../src/db/database.js';
import { DomainError } from '../../src/errors/domain-error.js';
import { createServices, type Services } from '../../src/services.js';
import { aidEntry } from './ledger-fixtures.js';

/** Every third attempt is pending aid, which reserves fund money just as posted aid spends it. */
const PENDING_EVERY_NTH_ATTEMPT = 3;
/** A random pause of up to this long between attempts, so the two workers' attempts interleave. */
const MAX_JITTER_MILLISECONDS = 10;
/** How long the worker waits for `go` before it gives up, so a lost parent never leaves it hanging. */
const START_SIGNAL_TIMEOUT_MILLISECONDS = 30_000;

export interface DisburseResult {
  worker: string;
  attempts: number;
  /** Ids of the entries this worker wrote, in the order it wrote them. */
  entryIds: number[];
  pendingEntryIds: number[];
  refusals: number;
  /** Anything other than INSUFFICIENT_FUNDS: each is a failure of the ledger under concurrency. */
  failures: string[];
}

interface WorkerOptions {
  worker: string;
  fundCode: string;
  fundId: number;
  recipientId: number;
  attempts: number;
  amount: string;
}

function readOptions(): WorkerOptions {
  const { values } = parseArgs({
    options: {
      worker: { type: 'string' },
      'fund-code': { type: 'string' },
      'fund-id': { type: 'string' },
      'recipient-id': { type: 'string' },
      attempts: { type: 'string' },
      amount: { type: 'string' },
    },
  });
  const required = (name: keyof typeof values): string => {
    const value = values[name];
    if (value === undefined) throw new Error(`--${name} is required`);
    return value;
  };
  return {
    worker: required('worker'),
    fundCode: required('fund-code'),
    fundId: Number(required('fund-id')),
    recipientId: Number(required('recipient-id')),
    attempts: Number(required('attempts')),
    amount: required('amount'),
  };
}

/** Resolves when the parent writes `go`, so both workers start their attempts at the same moment. */
function waitForStartSignal(): Promise<void> {
  const lines = createInterface({ input: process.stdin });
  return new Promise((resolve, reject) => {
    const settle = (error: Error | null) => {
      clearTimeout(timer);
      lines.removeAllListeners();
      lines.close();
      if (error) reject(error);
      else resolve();
    };
    const timer = setTimeout(
      () => settle(new Error('no start signal from the parent')),
      START_SIGNAL_TIMEOUT_MILLISECONDS,
    );
    lines.on('line', (line) => {
      if (line.trim() === 'go') settle(null);
    });
    lines.on('close', () => settle(new Error('stdin closed before the start signal')));
  });
}

async function disburse(services: Services, options: WorkerOptions): Promise<DisburseResult> {
  const result: DisburseResult = {
    worker: options.worker,
    attempts: options.attempts,
    entryIds: [],
    pendingEntryIds: [],
    refusals: 0,
    failures: [],
  };
  for (let attempt = 1; attempt <= options.attempts; attempt += 1) {
    const status = attempt % PENDING_EVERY_NTH_ATTEMPT === 0 ? 'pending' : 'posted';
    const entry = {
      ...aidEntry(options.amount, {
        fundCode: options.fundCode,
        fundId: options.fundId,
        recipientId: options.recipientId,
        status,
      }),
      memo: `worker ${options.worker} attempt ${attempt}`,
    };
    try {
      const recorded = await services.ledger.record(entry);
      result.entryIds.push(recorded.id);
      if (status === 'pending') result.pendingEntryIds.push(recorded.id);
    } catch (error) {
      if (error instanceof DomainError && error.code === 'INSUFFICIENT_FUNDS') {
        result.refusals += 1;
      } else {
        result.failures.push(`attempt ${attempt}: ${describe(error)}`);
        process.stderr.write(`worker ${options.worker} attempt ${attempt} failed: ${describe(error)}\n`);
      }
    }
    await sleep(Math.random() * MAX_JITTER_MILLISECONDS);
  }
  return result;
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  return `${error.name}${code === undefined ? '' : ` [${String(code)}]`}: ${error.message}`;
}

async function main(): Promise<number> {
  const options = readOptions();
  const database = openDatabase(loadConfig());
  try {
    const services = createServices(database, loadConfig());
    // Open the connection before reporting ready, so the start line is not spent connecting.
    await services.ledger.journalHead();
    process.stdout.write('ready\n');
    await waitForStartSignal();
    const result = await disburse(services, options);
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return result.failures.length === 0 ? 0 : 1;
  } finally {
    await database.knex.destroy();
  }
}

main().then(
  (exitCode) => {
    process.exitCode = exitCode;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
