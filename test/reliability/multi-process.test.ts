// Proves that several server processes on one database (one PostgreSQL database, or one SQLite file)
// stay one ledger under a race: aid from one fund never overdraws it, a pending donation confirmed by
// everyone at once is confirmed exactly once (the others hear 409), one Idempotency-Key sent to every
// process at once moves money once, the chain stays one gapless line, and nothing answers 500 — a
// busy database is retried inside or answered 503 with Retry-After (two of the four processes have
// their lock waits cut to a millisecond, so they see a busy database all the time). Extends the
// service-level two-process test (test/ledger/concurrency.test.ts) to whole servers over HTTP.
import { expect } from 'chai';
import { type ServerProcess, startServerProcess } from '../support/server-process.js';
import { TEST_DATABASE_KIND, useTestDatabase } from '../support/test-database.js';
import {
  amountOf,
  type CallOptions,
  call,
  callExpecting,
  prepareScenario,
  type Reply,
  type Scenario,
  serverEnvironment,
  tiynOf,
} from './ledger-http.js';

const LANES_PER_PROCESS = 3;
const AID_ATTEMPTS_PER_LANE = 4;
const FUND_DONATION = '1000.00';
const DISBURSEMENT = '30.00';
/** floor(1000.00 / 30.00): how many disbursements the fund can pay, whoever asks first. */
const EXPECTED_DISBURSEMENTS = 33;
const PENDING_DONATIONS = ['150.00', '275.50', '80.25', '1200.00'];
/** How many requests to confirm each pending donation are sent, spread over the processes and both staff. */
const CONFIRMERS_PER_DONATION = 6;
/** A 503 is followed, for the same request, by at most this many more tries. */
const MAX_BUSY_RETRIES = 50;
/**
 * The test's client comes back after a 503 sooner than Retry-After (1 s) asks: it checks the server,
 * not the client's manners, and a polite client would only make the race slower.
 */
const BUSY_PAUSE_MILLISECONDS = [20, 200] as const;
const TEST_TIMEOUT_MILLISECONDS = 300_000;

/** A request's final answer, after any 503s were waited out, and how many 503s it took. */
interface Settled {
  reply: Extract<Reply, { answered: true }>;
  busyAnswers: number;
}

/**
 * The fleet: two processes as shipped, which wait for the journal lock (SQLite's busy timeout,
 * PostgreSQL's row lock), and two whose lock waits are cut to a millisecond, so the database
 * answers them "busy" all the time (SQLITE_BUSY, or PostgreSQL's lock_not_available 55P03) and they
 * take the path of retries inside and 503s. All four race on the same rows.
 */
const IMPATIENT_ENVIRONMENT: Record<string, string> =
  TEST_DATABASE_KIND === 'sqlite' ? { SQLITE_BUSY_TIMEOUT_MS: '1' } : { PGOPTIONS: '-c lock_timeout=1' };
const FLEET = [{}, {}, IMPATIENT_ENVIRONMENT, IMPATIENT_ENVIRONMENT] as const;

describe(`several server processes on one database (${TEST_DATABASE_KIND})`, () => {
  const testDatabase = useTestDatabase();
  const servers: ServerProcess[] = [];
  let scenario: Scenario;
  /** Every 503 seen, with what came with it: each must carry Retry-After and a problem body. */
  const busyReplies: { status: number; retryAfter: string | null; type: string | null; code: unknown }[] = [];

  before(async function () {
    this.timeout(TEST_TIMEOUT_MILLISECONDS);
    // One at a time: the first makes the first admin, and an impatient process starting beside
    // another would give up on the migration lock (a start-up race, not what this test is about).
    for (const extra of FLEET) {
      const environment = { ...serverEnvironment(testDatabase.current.environment), ...extra };
      servers.push(await startServerProcess({ env: environment }));
    }
    scenario = await prepareScenario(servers[0]?.url as string, { funds: 3, recipients: 3 });
  });

  after(async () => {
    await Promise.all(servers.splice(0).map((server) => server.stop()));
  });

  /** Sends a request, and sends it again (same key and body) after each 503, as a client should. */
  async function settle(server: ServerProcess, method: 'GET' | 'POST', path: string, options: CallOptions) {
    let busyAnswers = 0;
    for (;;) {
      const reply = await call(server.url, method, path, options);
      if (!reply.answered) throw new Error(`${method} ${path} on ${server.url}: no answer (${reply.reason})`);
      if (reply.status !== 503 || busyAnswers >= MAX_BUSY_RETRIES) return { reply, busyAnswers } as Settled;
      busyAnswers += 1;
      busyReplies.push({
        status: reply.status,
        retryAfter: reply.headers.get('retry-after'),
        type: reply.headers.get('content-type'),
        code: reply.body.code,
      });
      const [shortest, longest] = BUSY_PAUSE_MILLISECONDS;
      await new Promise((resolve) => setTimeout(resolve, shortest + Math.random() * (longest - shortest)));
    }
  }

  it('aid from one fund and confirmations of the same pending donations, all at once from every process — no overdraft, each confirmed once, one chain, no 500', async () => {
    const [fundId, patronFundId] = scenario.fundIds as [number, number, number];
    const first = servers[0] as ServerProcess;
    await callExpecting(first.url, 'POST', '/v1/donations', 201, {
      token: scenario.staffToken,
      body: { amount: FUND_DONATION, fundId },
      idempotencyKey: 'race-seed-donation',
    });
    const pendingIds: number[] = [];
    for (const [index, amount] of PENDING_DONATIONS.entries()) {
      const declared = await callExpecting(first.url, 'POST', '/v1/donations', 201, {
        token: scenario.patronToken,
        body: { amount, fundId: patronFundId },
        idempotencyKey: `race-pending-${index}`,
      });
      expect(declared.status).to.equal('pending');
      pendingIds.push(Number(declared.id));
    }
    const entriesBefore = 1 + PENDING_DONATIONS.length;

    const aidLanes = servers.flatMap((server, serverIndex) =>
      Array.from({ length: LANES_PER_PROCESS }, async (_, lane) => {
        const settled: Settled[] = [];
        for (let attempt = 0; attempt < AID_ATTEMPTS_PER_LANE; attempt += 1) {
          settled.push(
            await settle(server, 'POST', '/v1/aid', {
              token: serverIndex % 2 === 0 ? scenario.staffToken : scenario.secondStaffToken,
              body: {
                amount: DISBURSEMENT,
                fundId,
                recipientId: scenario.recipientIds[lane % scenario.recipientIds.length],
                category: 'food',
              },
              idempotencyKey: `race-aid-${serverIndex}-${lane}-${attempt}`,
            }),
          );
        }
        return settled;
      }),
    );
    const confirmations = pendingIds.map((donationId) =>
      Promise.all(
        Array.from({ length: CONFIRMERS_PER_DONATION }, (_, confirmer) =>
          settle(
            servers[confirmer % servers.length] as ServerProcess,
            'POST',
            `/v1/donations/${donationId}/confirm`,
            {
              token: confirmer % 2 === 0 ? scenario.staffToken : scenario.secondStaffToken,
              idempotencyKey: `race-confirm-${donationId}-${confirmer}`,
            },
          ),
        ),
      ),
    );
    const aidAnswers = (await Promise.all(aidLanes)).flat();
    const confirmAnswers = await Promise.all(confirmations);

    // Nothing answered 500; every 503 said when to come back, as a problem.
    const everyAnswer = [...aidAnswers, ...confirmAnswers.flat()];
    const statuses = everyAnswer.map(({ reply }) => reply.status);
    expect(
      statuses.filter((status) => status >= 500 && status !== 503),
      serverErrors(),
    ).to.deep.equal([]);
    expect(
      statuses.filter((status) => status >= 500),
      JSON.stringify(busyReplies),
    ).to.deep.equal([]);
    for (const busy of busyReplies) {
      expect(busy.retryAfter, '503 Retry-After').to.match(/^\d+$/);
      expect(busy.type).to.match(/^application\/problem\+json/);
      expect(busy.code).to.equal('BUSY');
    }

    // Aid: exactly as many as the fund could pay, each seeing the fund 30.00 lower than the one before.
    const paid = aidAnswers.filter(({ reply }) => reply.status === 201).map(({ reply }) => reply.body);
    const refused = aidAnswers.filter(({ reply }) => reply.status === 409);
    expect(paid.length + refused.length, JSON.stringify(statuses)).to.equal(aidAnswers.length);
    expect(refused.map(({ reply }) => reply.body.code)).to.satisfy((codes: unknown[]) =>
      codes.every((code) => code === 'INSUFFICIENT_FUNDS'),
    );
    expect(paid.length, 'disbursements paid').to.equal(EXPECTED_DISBURSEMENTS);
    const availableAfterEach = paid
      .map((body) => tiynOf(body.fundAvailable))
      .sort((a, b) => (a < b ? 1 : -1));
    const expectedAvailable = Array.from(
      { length: EXPECTED_DISBURSEMENTS },
      (_, index) => tiynOf(FUND_DONATION) - BigInt(index + 1) * tiynOf(DISBURSEMENT),
    );
    expect(availableAfterEach.map(amountOf)).to.deep.equal(expectedAvailable.map(amountOf));

    // Confirmations: exactly one 200 per donation, every other a 409 that says why.
    for (const [index, answers] of confirmAnswers.entries()) {
      const codes = answers.map(({ reply }) =>
        reply.status === 200 ? 200 : `${reply.status} ${reply.body.code}`,
      );
      expect(
        codes.filter((code) => code === 200),
        `donation ${pendingIds[index]}: ${codes}`,
      ).to.have.length(1);
      for (const code of codes.filter((code) => code !== 200)) {
        expect(code).to.equal('409 ALREADY_RESOLVED');
      }
    }

    await expectLedgerAfterRace(fundId, patronFundId, pendingIds, entriesBefore);
    const confirmed = confirmAnswers.flat().filter(({ reply }) => reply.status === 200).length;
    console.log(
      `      ${servers.length} processes: ${aidAnswers.length} aid requests → ${paid.length} paid, ` +
        `${refused.length} refused; ${confirmAnswers.flat().length} confirmations → ${confirmed} × 200, ` +
        `${confirmAnswers.flat().length - confirmed} × 409; ${busyReplies.length} answers 503 (sent again), 0 × 500`,
    );
  }).timeout(TEST_TIMEOUT_MILLISECONDS);

  it('one Idempotency-Key sent to every process at once — one donation, the same answer everywhere', async () => {
    const fundId = scenario.fundIds[2] as number;
    const before = await callExpecting(servers[0]?.url as string, 'GET', '/v1/audit/verify', 200, {
      token: scenario.staffToken,
    });
    const options = {
      token: scenario.staffToken,
      body: { amount: '777.77', fundId, note: 'sent everywhere at once' },
      idempotencyKey: 'race-one-key-everywhere',
    };
    const answers = await Promise.all(
      [...servers, ...servers].map((server) => settle(server, 'POST', '/v1/donations', options)),
    );
    expect(answers.map(({ reply }) => reply.status)).to.deep.equal(answers.map(() => 201));
    expect(new Set(answers.map(({ reply }) => reply.body.id)).size, 'distinct donation ids').to.equal(1);
    const replays = answers.filter(({ reply }) => reply.headers.get('idempotent-replayed') === 'true');
    expect(replays, 'answers replayed from the stored response').to.have.length(answers.length - 1);
    const after = await callExpecting(servers[1]?.url as string, 'GET', '/v1/audit/verify', 200, {
      token: scenario.staffToken,
    });
    expect(after).to.include({ ok: true, entries: Number(before.entries) + 1 });
    const fund = await callExpecting(servers[2]?.url as string, 'GET', `/v1/funds/${fundId}`, 200, {
      token: scenario.staffToken,
    });
    expect(fund).to.include({ posted: '777.77', available: '777.77' });
  }).timeout(TEST_TIMEOUT_MILLISECONDS);

  /** What the servers logged about failed requests (the problem handler's 500s): the story of any 500. */
  function serverErrors(): string {
    return servers
      .flatMap((server) => server.output().split('\n'))
      .filter((line) => line.includes('"msg":"request failed"'))
      .join('\n');
  }

  /** The state after the race, read through a process that took part and through the tables. */
  async function expectLedgerAfterRace(
    fundId: number,
    patronFundId: number,
    pendingIds: number[],
    entriesBefore: number,
  ) {
    const reader = servers[1] as ServerProcess;
    const get = (path: string) => callExpecting(reader.url, 'GET', path, 200, { token: scenario.staffToken });
    const fund = await get(`/v1/funds/${fundId}`);
    const left = amountOf(tiynOf(FUND_DONATION) - BigInt(EXPECTED_DISBURSEMENTS) * tiynOf(DISBURSEMENT));
    expect(fund).to.include({ posted: left, available: left, pendingOut: '0.00' });
    const patronFund = await get(`/v1/funds/${patronFundId}`);
    const declaredTotal = amountOf(PENDING_DONATIONS.reduce((sum, amount) => sum + tiynOf(amount), 0n));
    expect(patronFund).to.include({ posted: declaredTotal, pendingIn: '0.00' });
    for (const donationId of pendingIds) {
      const donation = await get(`/v1/donations/${donationId}`);
      expect(donation.status, `donation ${donationId}`).to.equal('posted');
      expect(donation.postedEntryId).to.be.a('number');
    }
    const expectedEntries = entriesBefore + EXPECTED_DISBURSEMENTS + pendingIds.length;
    const verification = await get('/v1/audit/verify');
    expect(verification).to.include({ ok: true, entries: expectedEntries, firstBadEntryId: null });
    const trialBalance = await get('/v1/reports/trial-balance');
    expect((trialBalance.totals as Record<string, string>).balance).to.equal('0.00');

    const { knex } = testDatabase.current.database;
    const entryIds = (await knex('entries').select('id').orderBy('id')).map((row) => Number(row.id));
    expect(entryIds, 'entry ids are 1..N without a gap').to.deep.equal(
      Array.from({ length: expectedEntries }, (_, index) => index + 1),
    );
    const resolutions = await knex('entries')
      .whereIn('pending_entry_id', knex('donations').whereIn('id', pendingIds).select('entry_id'))
      .select('pending_entry_id');
    expect(resolutions, 'one resolution per pending donation').to.have.length(pendingIds.length);
  }
});
