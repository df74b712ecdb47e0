/**
 * The crash drill: a real server process takes a stream of donations and aid, each with its own
 * Idempotency-Key, from several client lanes at once, and is killed with SIGKILL at random moments.
 * After each restart the client first re-sends every request it has no answer for, with the same
 * key and body, then goes on with the stream. When every request has an answer, the drill checks
 * the ledger against what the client was told and against a model it kept itself (bigint tiyn):
 * every acknowledged request is there exactly once, nothing else is, every record has its entry and
 * every entry its record, the trial balance is zero, the chain verifies, and each fund holds exactly
 * what the model says. Used by test/reliability/crash.test.ts (short) and scripts/crash-drill.ts (long).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Database } from '../../src/db/database.js';
import { SeededRandom } from '../../src/seed/seeded-random.js';
import { type ServerProcess, startServerProcess } from '../support/server-process.js';
import { amountOf, call, prepareScenario, type Scenario, serverEnvironment, tiynOf } from './ledger-http.js';

export interface CrashDrillOptions {
  /** How the server reaches its database: `{ DATA_DIR }` or `{ DATABASE_URL }`. */
  databaseEnvironment: Record<string, string>;
  /** A direct handle on the same, already migrated, empty database, for the checks at the end. */
  database: Database;
  /** Donations and aid to send, in all. */
  operations: number;
  /** How many times the server is killed with SIGKILL while the stream runs. */
  kills: number;
  /** Requests in flight at once. */
  lanes: number;
  seed: number;
  funds?: number;
  recipients?: number;
  /** A line of progress now and then (the long drill prints them). */
  progress?: (line: string) => void;
}

export interface CrashDrillFigures {
  engine: string;
  seed: number;
  /** Donations and aid in the stream. */
  operations: number;
  /** HTTP requests the client made for them, first tries and retries. */
  requestsSent: number;
  killsSurvived: number;
  /** Requests answered 201 (the money moved). */
  acknowledged: number;
  /** Requests answered 409 INSUFFICIENT_FUNDS (nothing moved). */
  refused: number;
  /** Requests sent again after they got no answer (the server died or was not up) or a 503. */
  retried: number;
  /** Retries answered from the stored response: the first try had committed, its answer was lost. */
  replayed: number;
  /** 503 answers (a busy database): retried after Retry-After. */
  busy: number;
  lost: number;
  duplicated: number;
  entries: number;
  seconds: number;
}

export interface CrashDrillOutcome {
  figures: CrashDrillFigures;
  /** Every broken promise, one sentence each; empty when the drill passed. */
  problems: string[];
}

const DEFAULT_FUNDS = 3;
const DEFAULT_RECIPIENTS = 4;
const DONATION_SHARE = 0.55;
const DONATION_TIYN_RANGE = [10_000, 5_000_000] as const;
/** Aid stays well below the approval threshold (500 000.00), so every accepted aid is posted at once. */
const AID_TIYN_RANGE = [5_000, 3_000_000] as const;
/** A kill lands this long (at most) after the answer that triggers it, so it hits requests mid-way. */
const KILL_JITTER_MILLISECONDS = 25;
/** An operation that gets no answer this many times from a server nobody killed fails the drill. */
const MAX_UNEXPLAINED_SILENCES = 5;
const MAX_RETRY_AFTER_MILLISECONDS = 2_000;

type OperationState = 'new' | 'unanswered' | 'acknowledged' | 'refused' | 'failed';

interface Operation {
  index: number;
  kind: 'donation' | 'aid';
  path: '/v1/donations' | '/v1/aid';
  key: string;
  body: Record<string, unknown>;
  fundId: number;
  amountTiyn: bigint;
  state: OperationState;
  attempts: number;
  silences: number;
  /** What the server said it wrote, for acknowledged operations. */
  recordId?: number;
  entryId?: number;
}

interface DrillState {
  fresh: Operation[];
  /** Sent, no answer yet: re-sent first after the next start. */
  unanswered: Operation[];
  figures: CrashDrillFigures;
  problems: string[];
}

export async function runCrashDrill(options: CrashDrillOptions): Promise<CrashDrillOutcome> {
  const started = Date.now();
  const random = new SeededRandom(options.seed);
  // An idle SQLite connection here would keep the WAL index alive across the kills, and a restart
  // would never have to recover from the WAL file alone, as after a real crash. Closed until the checks.
  const closeOwnConnection = options.database.kind === 'sqlite';
  if (closeOwnConnection) await options.database.knex.destroy();
  let reopened = !closeOwnConnection;
  let server = await startServerProcess({ env: serverEnvironment(options.databaseEnvironment) });
  try {
    const scenario = await prepareScenario(server.url, {
      funds: options.funds ?? DEFAULT_FUNDS,
      recipients: options.recipients ?? DEFAULT_RECIPIENTS,
    });
    const operations = planOperations(options, scenario, random);
    const state: DrillState = {
      fresh: [...operations],
      unanswered: [],
      figures: emptyFigures(options),
      problems: [],
    };
    const answersPerPhase = Math.ceil(options.operations / (options.kills + 1));
    for (let phase = 0; ; phase += 1) {
      const killAfterAnswers =
        phase < options.kills
          ? random.integer(
              Math.max(1, Math.floor(answersPerPhase * 0.3)),
              Math.max(1, Math.floor(answersPerPhase * 0.9)),
            )
          : Number.POSITIVE_INFINITY;
      const killed = await runPhase(server, scenario, state, options.lanes, killAfterAnswers, random);
      if (!killed) break;
      state.figures.killsSurvived += 1;
      options.progress?.(
        `kill ${state.figures.killsSurvived}: ${state.unanswered.length} requests without an answer, ` +
          `${state.fresh.length} not sent yet; restarting`,
      );
      server = await server.restart();
    }
    if (state.unanswered.length > 0 || state.fresh.length > 0) {
      state.problems.push(`${state.unanswered.length + state.fresh.length} requests never got an answer`);
    }
    await checkThroughApi(server, scenario, operations, state);
    await server.stop();
    if (!reopened) options.database.knex.initialize();
    reopened = true;
    await checkDatabase(options.database, operations, state);
    state.figures.seconds = Math.round((Date.now() - started) / 100) / 10;
    return { figures: state.figures, problems: state.problems };
  } finally {
    await server.kill();
    if (!reopened) options.database.knex.initialize();
  }
}

function emptyFigures(options: CrashDrillOptions): CrashDrillFigures {
  return {
    engine: options.database.kind,
    seed: options.seed,
    operations: options.operations,
    requestsSent: 0,
    killsSurvived: 0,
    acknowledged: 0,
    refused: 0,
    retried: 0,
    replayed: 0,
    busy: 0,
    lost: 0,
    duplicated: 0,
    entries: 0,
    seconds: 0,
  };
}

/** The whole stream, decided up front from the seed: kind, fund, recipient, amount and key of each. */
function planOperations(options: CrashDrillOptions, scenario: Scenario, random: SeededRandom): Operation[] {
  const runTag = `${options.seed}-${Date.now().toString(36)}`;
  return Array.from({ length: options.operations }, (_, index): Operation => {
    const fundId = random.pick(scenario.fundIds);
    const donation = random.chance(DONATION_SHARE);
    const [lowestTiyn, highestTiyn] = donation ? DONATION_TIYN_RANGE : AID_TIYN_RANGE;
    const amountTiyn = BigInt(random.integer(lowestTiyn, highestTiyn));
    const amount = amountOf(amountTiyn);
    const body: Record<string, unknown> = donation
      ? { amount, fundId, note: `drill donation ${index}` }
      : {
          amount,
          fundId,
          recipientId: random.pick(scenario.recipientIds),
          category: random.pick(['food', 'medical', 'education'] as const),
          note: `drill aid ${index}`,
        };
    return {
      index,
      kind: donation ? 'donation' : 'aid',
      path: donation ? '/v1/donations' : '/v1/aid',
      key: `drill-${runTag}-${index}`,
      body,
      fundId,
      amountTiyn,
      state: 'new',
      attempts: 0,
      silences: 0,
    };
  });
}

/**
 * Runs lanes against one server process until the stream is done or the server is killed (after
 * `killAfterAnswers` answers in this phase, plus a little jitter). Requests without an answer go
 * back to `unanswered` and are the first sent after the restart. Returns whether it was killed.
 */
async function runPhase(
  server: ServerProcess,
  scenario: Scenario,
  state: DrillState,
  lanes: number,
  killAfterAnswers: number,
  random: SeededRandom,
): Promise<boolean> {
  let answers = 0;
  let killScheduled: Promise<void> | null = null;
  /** Set the moment before SIGKILL: from then on, a request without an answer waits for the restart. */
  let dead = false;
  const retryFirst = state.unanswered.splice(0);
  const next = (): Operation | undefined =>
    retryFirst.shift() ?? state.unanswered.shift() ?? state.fresh.shift();
  const lane = async () => {
    for (;;) {
      if (dead) return;
      const operation = next();
      if (!operation) return;
      const outcome = await send(server, scenario, operation, state);
      if (outcome === 'busy') {
        state.unanswered.push(operation);
        continue;
      }
      if (outcome === 'no answer') {
        state.unanswered.push(operation);
        if (dead) return;
        operation.silences += 1;
        if (operation.silences >= MAX_UNEXPLAINED_SILENCES) {
          state.unanswered.splice(state.unanswered.indexOf(operation), 1);
          operation.state = 'failed';
          state.problems.push(`${operation.kind} ${operation.index}: no answer from a live server`);
        }
        continue;
      }
      answers += 1;
      if (answers === killAfterAnswers && !killScheduled) {
        const jitter = random.integer(0, KILL_JITTER_MILLISECONDS);
        killScheduled = sleep(jitter).then(() => {
          dead = true;
          return server.kill();
        });
      }
    }
  };
  await Promise.all(Array.from({ length: lanes }, lane));
  if (killScheduled) await killScheduled;
  return killScheduled !== null;
}

/**
 * Sends one operation once: 'answered' when it has its final answer, 'no answer' when the connection
 * failed (it is still open), 'busy' when the server answered 503 (waited out; it is still open).
 */
async function send(
  server: ServerProcess,
  scenario: Scenario,
  operation: Operation,
  state: DrillState,
): Promise<'answered' | 'no answer' | 'busy'> {
  const { figures } = state;
  if (operation.attempts > 0) figures.retried += 1;
  operation.attempts += 1;
  figures.requestsSent += 1;
  const reply = await call(server.url, 'POST', operation.path, {
    token: scenario.staffToken,
    body: operation.body,
    idempotencyKey: operation.key,
  });
  if (!reply.answered) {
    operation.state = 'unanswered';
    return 'no answer';
  }
  if (reply.status === 503) {
    figures.busy += 1;
    if (!reply.headers.get('retry-after')) state.problems.push(`${operation.path}: 503 without Retry-After`);
    const seconds = Number(reply.headers.get('retry-after') ?? 1);
    await sleep(Math.min(seconds * 1000, MAX_RETRY_AFTER_MILLISECONDS));
    operation.state = 'unanswered';
    return 'busy';
  }
  if (reply.status === 201) {
    operation.state = 'acknowledged';
    operation.recordId = Number(reply.body.id);
    operation.entryId = Number(reply.body.entryId);
    figures.acknowledged += 1;
    if (reply.headers.get('idempotent-replayed') === 'true') figures.replayed += 1;
    if (reply.body.amount !== amountOf(operation.amountTiyn) || reply.body.fundId !== operation.fundId) {
      state.problems.push(`${operation.kind} ${operation.index}: acknowledged ${JSON.stringify(reply.body)}`);
    }
    return 'answered';
  }
  if (reply.status === 409 && reply.body.code === 'INSUFFICIENT_FUNDS' && operation.kind === 'aid') {
    operation.state = 'refused';
    figures.refused += 1;
    return 'answered';
  }
  operation.state = 'failed';
  state.problems.push(
    `${operation.kind} ${operation.index}: answered ${reply.status} ${JSON.stringify(reply.body)}`,
  );
  return 'answered';
}

/** What the model says each fund holds: acknowledged donations in, acknowledged aid out. */
function modelBalances(operations: readonly Operation[]): Map<number, bigint> {
  const balances = new Map<number, bigint>();
  for (const operation of operations) {
    if (operation.state !== 'acknowledged') continue;
    const sign = operation.kind === 'donation' ? 1n : -1n;
    balances.set(operation.fundId, (balances.get(operation.fundId) ?? 0n) + sign * operation.amountTiyn);
  }
  return balances;
}

async function checkThroughApi(
  server: ServerProcess,
  scenario: Scenario,
  operations: readonly Operation[],
  state: DrillState,
): Promise<void> {
  const problems = state.problems;
  const get = async (path: string) => {
    const reply = await call(server.url, 'GET', path, { token: scenario.staffToken });
    if (!reply.answered || reply.status !== 200) {
      problems.push(
        `GET ${path}: ${reply.answered ? `${reply.status} ${JSON.stringify(reply.body)}` : reply.reason}`,
      );
      return null;
    }
    return reply.body;
  };
  const trialBalance = await get('/v1/reports/trial-balance');
  const totals = trialBalance?.totals as Record<string, string> | undefined;
  if (totals?.balance !== '0.00' || totals.debit !== totals.credit) {
    problems.push(`the trial balance is not zero: ${JSON.stringify(totals)}`);
  }
  const verification = await get('/v1/audit/verify');
  const acknowledged = operations.filter((operation) => operation.state === 'acknowledged');
  state.figures.entries = Number(verification?.entries ?? 0);
  if (verification?.ok !== true) problems.push(`the chain does not verify: ${JSON.stringify(verification)}`);
  if (verification?.entries !== acknowledged.length) {
    problems.push(
      `the journal holds ${verification?.entries} entries, ${acknowledged.length} were acknowledged`,
    );
  }
  const funds = (await get('/v1/funds'))?.items as Record<string, unknown>[] | undefined;
  const model = modelBalances(operations);
  for (const fundId of scenario.fundIds) {
    const fund = funds?.find((item) => item.id === fundId);
    const expected = amountOf(model.get(fundId) ?? 0n);
    if (!fund || fund.posted !== expected || fund.available !== expected || fund.pendingOut !== '0.00') {
      problems.push(`fund ${fundId}: the model holds ${expected}, the ledger says ${JSON.stringify(fund)}`);
    } else if (tiynOf(fund.available) < 0n) {
      problems.push(`fund ${fundId} is overdrawn: ${fund.available}`);
    }
  }
  for (const operation of acknowledged) {
    const record = await get(`${operation.path}/${operation.recordId}`);
    if (!record) continue;
    if (
      record.entryId !== operation.entryId ||
      record.amount !== amountOf(operation.amountTiyn) ||
      record.status !== 'posted'
    ) {
      problems.push(
        `${operation.kind} ${operation.index}: acknowledged as entry ${operation.entryId}, reads ${JSON.stringify(record)}`,
      );
    }
  }
}

/**
 * Reads the tables directly, with the server stopped: every donation and aid row is an acknowledged
 * request (same id, entry and amount) and vice versa, every entry belongs to exactly one row, every
 * entry balances, and every stored Idempotency-Key is one acknowledged request.
 */
async function checkDatabase(database: Database, operations: readonly Operation[], state: DrillState) {
  const { knex } = database;
  const problems = state.problems;
  const acknowledged = operations.filter((operation) => operation.state === 'acknowledged');
  for (const kind of ['donation', 'aid'] as const) {
    const table = kind === 'donation' ? 'donations' : 'aid';
    const rows = await knex(table).select('id', 'entry_id', 'amount_tiyn', 'fund_id');
    const byId = new Map(rows.map((row) => [Number(row.id), row]));
    const expected = acknowledged.filter((operation) => operation.kind === kind);
    for (const operation of expected) {
      const row = byId.get(operation.recordId as number);
      byId.delete(operation.recordId as number);
      if (!row) {
        state.figures.lost += 1;
        problems.push(
          `${kind} ${operation.index} (id ${operation.recordId}) was acknowledged but is not stored`,
        );
      } else if (
        Number(row.entry_id) !== operation.entryId ||
        BigInt(String(row.amount_tiyn)) !== operation.amountTiyn ||
        Number(row.fund_id) !== operation.fundId
      ) {
        problems.push(`${kind} ${operation.index}: stored as ${JSON.stringify(row)}`);
      }
    }
    state.figures.duplicated += byId.size;
    for (const row of byId.values())
      problems.push(`${table} row ${JSON.stringify(row)} answers no acknowledged request`);
  }
  const orphanEntries = await knex('entries')
    .leftJoin('donations', 'donations.entry_id', 'entries.id')
    .leftJoin('aid', 'aid.entry_id', 'entries.id')
    .whereNull('donations.id')
    .whereNull('aid.id')
    .select('entries.id', 'entries.kind');
  for (const entry of orphanEntries)
    problems.push(`entry ${entry.id} (${entry.kind}) has no donation or aid row`);
  const [{ count: entryCount }] = (await knex('entries').count({ count: '*' })) as [
    { count: string | number },
  ];
  if (Number(entryCount) !== acknowledged.length) {
    problems.push(`${entryCount} entries are stored, ${acknowledged.length} requests were acknowledged`);
  }
  const unbalanced = await knex('postings')
    .groupBy('entry_id')
    .havingRaw('SUM(amount_tiyn) <> 0')
    .select('entry_id');
  for (const row of unbalanced) problems.push(`entry ${row.entry_id} does not balance`);
  const keys = (await knex('idempotency_keys').select('key')).map((row) => String(row.key));
  const acknowledgedKeys = new Set(acknowledged.map((operation) => operation.key));
  const strayKeys = keys.filter((key) => !acknowledgedKeys.has(key));
  if (keys.length !== acknowledgedKeys.size || strayKeys.length > 0) {
    problems.push(
      `${keys.length} Idempotency-Keys are stored for ${acknowledgedKeys.size} acknowledged requests (stray: ${strayKeys.slice(0, 5).join(', ')})`,
    );
  }
}
