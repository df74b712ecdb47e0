// Workloads 1 and 6 of issue 7: staff recording received donations over HTTP — authenticated
// `POST /v1/donations`, a fresh Idempotency-Key on every request, 50 connections for 10 s — against
// a bare Express 5 app that parses the same JSON and answers 201 (scripts/bench-http-baseline.ts).
// Workload 1 runs on SQLite and on PostgreSQL; workload 6 puts two server processes on one
// PostgreSQL database and sends the same load to both.
//
// Every server is a child process of its own running the compiled dist/ (see bench-servers.ts);
// autocannon runs here, in the bench process. Runs of the ledger and of its baseline alternate, so
// the machine's noise falls on both alike, and each figure is the median of several runs. After each
// run the ledger itself is checked. Requests the client sent but never heard back from (cut off by
// the run's end, or timed out) are sent again with their own key and body: each comes back as a
// replay if the ledger had recorded it, or is recorded now — either way it ends as exactly one
// donation, which also proves the keys under concurrency. Then the ledger must hold exactly one
// donation and one stored key per 2xx read plus one per such request, and at the end
// GET /v1/audit/verify must say the hash chain is whole.
//
// BENCH_PROFILE_DIR=/some/dir runs the SQLite ledger server with --cpu-prof into that folder: the
// profile that showed one commit per request and a third of the time spent preparing statements.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import autocannon from 'autocannon';
import knex, { type Knex } from 'knex';
import { type Database, openDatabase } from '../src/db/database.js';
import { type BenchOptions, type BenchRow, median, temporaryDirectory } from './bench-kit.js';
import { ensureBuilt, type ServerProcess, startServer } from './bench-servers.js';

const LEDGER_SCRIPT = 'dist/src/server.js';
const BASELINE_SCRIPT = 'dist/scripts/bench-http-baseline.js';
const DEFAULT_POSTGRES_SERVER_URL = 'postgres://postgres@127.0.0.1:5432/test';
/** The bench's servers log warnings and errors only: a line per request is not what is measured. */
const BENCH_LOG_LEVEL = 'warn';
const PATRON_COUNT = 20;
const EXTRA_FUND_CODES = ['winter-relief', 'medical-aid'];
const POSTGRES_CONNECT_TIMEOUT_MILLISECONDS = 3_000;

interface Plan {
  connections: number;
  durationSeconds: number;
  warmUpSeconds: number;
  runs: number;
}

function planFor(quick: boolean): Plan {
  return quick
    ? { connections: 50, durationSeconds: 1, warmUpSeconds: 0.5, runs: 1 }
    : { connections: 50, durationSeconds: 10, warmUpSeconds: 2, runs: 3 };
}

/** What one autocannon run saw, and what the servers and the client spent on it. */
interface LoadRun {
  okPerSecond: number;
  p50Milliseconds: number;
  p99Milliseconds: number;
  ok: number;
  non2xx: number;
  /** Socket errors, timeouts included (autocannon gives up on a response after 10 s). */
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  /** Key → body of the requests sent whose response the client never read. */
  unanswered: Map<string, string>;
  /** Responses that said Idempotent-Replayed: every key is fresh, so this must stay 0. */
  replayed: number;
  /** Of the unanswered requests, sent again: how many the ledger had recorded already. */
  unansweredRecordedBefore: number;
  serverCores: number;
  clientCores: number;
}

/** A ledger ready to take donations: the staff token and what the donations name. */
interface PreparedLedger {
  staffToken: string;
  staffUserId: number;
  fundIds: number[];
  patronIds: number[];
}

export async function benchHttp({ quick }: BenchOptions): Promise<BenchRow[]> {
  ensureBuilt();
  const plan = planFor(quick);
  const secrets = {
    JWT_SECRET: randomBytes(32).toString('hex'),
    ADMIN_PASSWORD: randomBytes(16).toString('hex'),
  };
  console.log(
    `http: ${plan.connections} connections × ${plan.durationSeconds} s, median of ${plan.runs}, ` +
      `servers run as \`node ${LEDGER_SCRIPT}\` (NODE_ENV=production, LOG_LEVEL=${BENCH_LOG_LEVEL})`,
  );
  const rows = await sqliteStage(plan, secrets);
  rows.push(...(await postgresStage(plan, secrets)));
  return rows;
}

function serverEnvironment(secrets: Record<string, string>, database: Record<string, string>) {
  return {
    NODE_ENV: 'production',
    LOG_LEVEL: BENCH_LOG_LEVEL,
    ADMIN_EMAIL: 'bench-admin@jomart.local',
    ...secrets,
    ...database,
  };
}

async function sqliteStage(plan: Plan, secrets: Record<string, string>): Promise<BenchRow[]> {
  const directory = temporaryDirectory('jomart-bench-http-');
  const servers: ServerProcess[] = [];
  let database: Database | undefined;
  try {
    const environment = serverEnvironment(secrets, { DATA_DIR: directory });
    const ledger = await startServer(
      'ledger (SQLite)',
      LEDGER_SCRIPT,
      environment,
      process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : [],
    );
    servers.push(ledger);
    const baseline = await startServer('baseline', BASELINE_SCRIPT, environment);
    servers.push(baseline);
    const prepared = await prepareLedger(ledger.url, secrets.ADMIN_PASSWORD as string);
    database = openDatabase({
      databaseUrl: undefined,
      dataDir: directory,
      sqliteBusyTimeoutMilliseconds: 10_000,
    });
    const series = await measureSeries(plan, prepared, database, {
      baseline: { servers: [baseline] },
      ledger: { servers: [ledger], checked: true },
    });
    const verified = await verifyLedger(ledger.url, prepared, database);
    return workloadOneRows('SQLite', plan, series, verified);
  } finally {
    await database?.knex.destroy();
    for (const server of servers) await server.stop();
    fs.rmSync(directory, { recursive: true, force: true });
  }
}

async function postgresStage(plan: Plan, secrets: Record<string, string>): Promise<BenchRow[]> {
  const serverUrl = process.env.DATABASE_URL || DEFAULT_POSTGRES_SERVER_URL;
  const name = `jomart_bench_${process.pid}_${randomBytes(4).toString('hex')}`;
  const unreachable = await createPostgresDatabase(serverUrl, name);
  if (unreachable) {
    console.log(
      `http: PostgreSQL at ${redacted(serverUrl)} is unreachable (${unreachable}): workload 1 on PostgreSQL and workload 6 skipped`,
    );
    return [];
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const servers: ServerProcess[] = [];
  let database: Database | undefined;
  try {
    const environment = serverEnvironment(secrets, { DATABASE_URL: url.toString() });
    const first = await startServer('ledger 1 (PostgreSQL)', LEDGER_SCRIPT, environment);
    servers.push(first);
    const prepared = await prepareLedger(first.url, secrets.ADMIN_PASSWORD as string);
    const second = await startServer('ledger 2 (PostgreSQL)', LEDGER_SCRIPT, environment);
    servers.push(second);
    const baseline = await startServer('baseline', BASELINE_SCRIPT, environment);
    servers.push(baseline);
    database = openDatabase({ databaseUrl: url.toString(), dataDir: '', sqliteBusyTimeoutMilliseconds: 0 });
    const series = await measureSeries(plan, prepared, database, {
      baseline: { servers: [baseline] },
      ledger: { servers: [first], checked: true },
      twoProcesses: { servers: [first, second], checked: true },
    });
    const verified = await verifyLedger(second.url, prepared, database);
    return [
      ...workloadOneRows('PostgreSQL', plan, series, verified),
      ...workloadSixRows(plan, series, verified),
    ];
  } finally {
    await database?.knex.destroy();
    for (const server of servers) await server.stop();
    await dropPostgresDatabase(serverUrl, name);
  }
}

interface Target {
  servers: ServerProcess[];
  /** Count the ledger's donations and stored keys around each run (the baseline has no ledger). */
  checked?: boolean;
}

/**
 * Warms every target up, then measures them in turn, run after run, alternating the order, and
 * returns each target's runs. The same donation bodies and fresh keys go to every target.
 */
async function measureSeries<Name extends string>(
  plan: Plan,
  prepared: PreparedLedger,
  database: Database,
  targets: Record<Name, Target>,
): Promise<Record<Name, LoadRun[]>> {
  const names = Object.keys(targets) as Name[];
  const series = Object.fromEntries(names.map((name) => [name, [] as LoadRun[]])) as Record<Name, LoadRun[]>;
  for (const name of names) {
    const target = targets[name];
    const warm = await fire(target.servers, prepared, `warm-${name}`, plan.connections, plan.warmUpSeconds);
    if (target.checked) await resolveUnanswered(target.servers, prepared, warm.unanswered);
  }
  for (let run = 0; run < plan.runs; run += 1) {
    const order = run % 2 === 0 ? names : [...names].reverse();
    for (const name of order) {
      const target = targets[name];
      const before = target.checked ? await ledgerCounts(database, prepared.staffUserId) : undefined;
      const keyPrefix = `run${run}-${name}-${randomBytes(3).toString('hex')}`;
      const result = await fire(target.servers, prepared, keyPrefix, plan.connections, plan.durationSeconds);
      if (before) {
        result.unansweredRecordedBefore = await resolveUnanswered(
          target.servers,
          prepared,
          result.unanswered,
        );
        await checkRun(database, prepared.staffUserId, before, result, `${name} run ${run + 1}`);
      }
      console.log(`  ${name} run ${run + 1}: ${describe(result)}`);
      series[name].push(result);
    }
  }
  return series;
}

function describe(run: LoadRun): string {
  const codes = Object.entries(run.statusCodes)
    .map(([code, count]) => `${code}×${count}`)
    .join(' ');
  return (
    `${run.okPerSecond.toFixed(0)} 2xx/s, p50 ${run.p50Milliseconds} ms, p99 ${run.p99Milliseconds} ms, ` +
    `${codes}, errors ${run.errors} (timeouts ${run.timeouts}), server ${run.serverCores.toFixed(2)} cores, client ${run.clientCores.toFixed(2)} cores`
  );
}

/** Bodies of the kind staff send: a received amount into one of the funds, from one of the patrons. */
function donationBody(prepared: PreparedLedger, sequence: number): string {
  const amountTenge = 1_000 + (sequence % 97) * 250;
  return JSON.stringify({
    amount: `${amountTenge}.00`,
    fundId: prepared.fundIds[sequence % prepared.fundIds.length],
    patronId: prepared.patronIds[sequence % prepared.patronIds.length],
  });
}

/**
 * One autocannon run of `POST /v1/donations` spread over the servers' URLs (connections go to them
 * in turn), each request with a key of its own. Keys are remembered while their response is out.
 */
async function fire(
  servers: ServerProcess[],
  prepared: PreparedLedger,
  keyPrefix: string,
  connections: number,
  durationSeconds: number,
): Promise<LoadRun> {
  let sequence = 0;
  let replayed = 0;
  const unanswered = new Map<string, string>();
  const serverCpuBefore = servers.map((server) => server.cpuSeconds());
  const clientCpuBefore = process.cpuUsage();
  // autocannon takes an array of URLs and hands connections to them in turn (lib/run.js), which
  // its type definitions do not say.
  const urls = servers.map((server) => `${server.url}/v1/donations`) as unknown as string;
  const result = await autocannon({
    url: urls,
    connections,
    duration: durationSeconds,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${prepared.staffToken}` },
        setupRequest: (request, context) => {
          sequence += 1;
          const key = `${keyPrefix}-${sequence}`;
          const body = donationBody(prepared, sequence);
          unanswered.set(key, body);
          (context as { key?: string }).key = key;
          return {
            ...request,
            body,
            headers: { ...request.headers, 'idempotency-key': key },
          };
        },
        onResponse: (_status, _body, context, headers) => {
          unanswered.delete((context as { key: string }).key);
          if (headers?.['idempotent-replayed']) replayed += 1;
        },
      },
    ],
  });
  const clientCpu = process.cpuUsage(clientCpuBefore);
  const serverCpuSeconds = servers.reduce(
    (sum, server, index) => sum + server.cpuSeconds() - (serverCpuBefore[index] as number),
    0,
  );
  const statusCodes = Object.fromEntries(
    Object.entries(result.statusCodeStats ?? {}).map(([code, stats]) => [code, stats.count ?? 0]),
  );
  return {
    okPerSecond: result['2xx'] / result.duration,
    p50Milliseconds: result.latency.p50,
    p99Milliseconds: result.latency.p99,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes,
    unanswered,
    replayed,
    unansweredRecordedBefore: 0,
    serverCores: serverCpuSeconds / result.duration,
    clientCores: (clientCpu.user + clientCpu.system) / 1e6 / result.duration,
  };
}

interface LedgerCounts {
  donations: number;
  keys: number;
}

async function ledgerCounts(database: Database, staffUserId: number): Promise<LedgerCounts> {
  const [donations] = await database.knex('donations').count({ count: '*' });
  const [keys] = await database
    .knex('idempotency_keys')
    .where({ user_id: staffUserId })
    .count({ count: '*' });
  return { donations: Number(donations?.count), keys: Number(keys?.count) };
}

/**
 * Sends every unanswered request again, same key and body, spread over the servers. A 2xx that says
 * Idempotent-Replayed means the first one had been recorded; a plain 2xx means this one recorded it
 * (and the first, should it still arrive, will find the key and move nothing). Returns how many had
 * been recorded before. Anything else than a 2xx is a bug in the keys: the bench stops.
 */
async function resolveUnanswered(
  servers: ServerProcess[],
  prepared: PreparedLedger,
  unanswered: Map<string, string>,
): Promise<number> {
  const outcomes = await Promise.all(
    [...unanswered].map(async ([key, body], index) => {
      const server = servers[index % servers.length] as ServerProcess;
      const response = await fetch(`${server.url}/v1/donations`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${prepared.staffToken}`,
          'idempotency-key': key,
        },
        body,
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`replaying ${key} answered ${response.status}: ${text}`);
      return response.headers.get('idempotent-replayed') === 'true';
    }),
  );
  return outcomes.filter(Boolean).length;
}

/**
 * After its unanswered requests were resolved, a run must have left exactly one donation (and one
 * stored key) per 2xx the client read plus one per unanswered request, and no fresh key may have
 * been answered as a replay. A failure here is a correctness bug, not a slow figure: the bench stops.
 */
async function checkRun(
  database: Database,
  staffUserId: number,
  before: LedgerCounts,
  run: LoadRun,
  label: string,
): Promise<void> {
  const after = await ledgerCounts(database, staffUserId);
  const donations = after.donations - before.donations;
  const keys = after.keys - before.keys;
  const expected = run.ok + run.unanswered.size;
  if (donations !== expected || keys !== expected || run.replayed !== 0) {
    throw new Error(
      `${label}: the ledger does not match the responses: ${donations} donations and ${keys} stored keys, ` +
        `but ${run.ok} 2xx read + ${run.unanswered.size} unanswered = ${expected}; ` +
        `${run.replayed} fresh keys answered as replays`,
    );
  }
}

interface Verified {
  ok: boolean;
  entries: number;
  donations: number;
}

async function verifyLedger(url: string, prepared: PreparedLedger, database: Database): Promise<Verified> {
  const result = (await api(url, 'GET', '/v1/audit/verify', { token: prepared.staffToken })) as {
    ok: boolean;
    entries: number;
    problem?: string;
  };
  const { donations } = await ledgerCounts(database, prepared.staffUserId);
  if (!result.ok || result.entries !== donations) {
    throw new Error(
      `the journal does not verify after the load: ${JSON.stringify(result)} (${donations} donations)`,
    );
  }
  return { ok: result.ok, entries: result.entries, donations };
}

/** Staff user, two more funds and some patrons, made through the API the way an admin would. */
async function prepareLedger(url: string, adminPassword: string): Promise<PreparedLedger> {
  const admin = (await api(url, 'POST', '/v1/auth/login', {
    body: { email: 'bench-admin@jomart.local', password: adminPassword },
  })) as { token: string };
  const staffPassword = randomBytes(16).toString('hex');
  const staff = (await api(url, 'POST', '/v1/users', {
    token: admin.token,
    body: { email: 'bench-staff@jomart.local', password: staffPassword, role: 'staff', name: 'Bench Staff' },
  })) as { id: number };
  const session = (await api(url, 'POST', '/v1/auth/login', {
    body: { email: 'bench-staff@jomart.local', password: staffPassword },
  })) as { token: string };
  for (const code of EXTRA_FUND_CODES) {
    await api(url, 'POST', '/v1/funds', {
      token: admin.token,
      body: { code, name: `Fund ${code}`, restricted: true },
    });
  }
  const funds = (await api(url, 'GET', '/v1/funds', { token: session.token })) as { items: { id: number }[] };
  const patronIds: number[] = [];
  for (let index = 1; index <= PATRON_COUNT; index += 1) {
    const patron = (await api(url, 'POST', '/v1/patrons', {
      token: session.token,
      body: { name: `Bench Patron ${index}`, kind: 'individual' },
    })) as { id: number };
    patronIds.push(patron.id);
  }
  return {
    staffToken: session.token,
    staffUserId: staff.id,
    fundIds: funds.items.map((fund) => fund.id),
    patronIds,
  };
}

async function api(
  url: string,
  method: 'GET' | 'POST',
  path: string,
  options: { token?: string; body?: unknown },
): Promise<unknown> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: {
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  return JSON.parse(text);
}

/** Creates the bench's own database; returns why not when the server cannot be reached. */
async function createPostgresDatabase(serverUrl: string, name: string): Promise<string | undefined> {
  const admin = postgresAdmin(serverUrl);
  try {
    await admin.raw(`CREATE DATABASE ${name}`);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await admin.destroy();
  }
}

async function dropPostgresDatabase(serverUrl: string, name: string): Promise<void> {
  const admin = postgresAdmin(serverUrl);
  try {
    await admin.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await admin.destroy();
  }
}

function postgresAdmin(serverUrl: string): Knex {
  return knex({
    client: 'pg',
    connection: {
      connectionString: serverUrl,
      connectionTimeoutMillis: POSTGRES_CONNECT_TIMEOUT_MILLISECONDS,
    },
    pool: { min: 0, max: 1 },
  });
}

function redacted(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}

const RATE_GOAL_RATIO = 0.5;
const P99_GOAL_MILLISECONDS = 25;

function workloadOneRows(
  engine: 'SQLite' | 'PostgreSQL',
  plan: Plan,
  series: { baseline: LoadRun[]; ledger: LoadRun[] },
  verified: Verified,
): BenchRow[] {
  const goalsApply = engine === 'SQLite';
  const rate = median(series.ledger.map((run) => run.okPerSecond));
  const baselineRate = median(series.baseline.map((run) => run.okPerSecond));
  const p99 = median(series.ledger.map((run) => run.p99Milliseconds));
  const baselineP99 = median(series.baseline.map((run) => run.p99Milliseconds));
  const failures = series.ledger.reduce((sum, run) => sum + run.non2xx + run.errors, 0);
  const sizes = `${plan.connections} connections × ${plan.durationSeconds} s, median of ${plan.runs}`;
  const cpu =
    `server ${median(series.ledger.map((run) => run.serverCores)).toFixed(2)} cores, ` +
    `client ${median(series.ledger.map((run) => run.clientCores)).toFixed(2)} cores ` +
    `(baseline: ${median(series.baseline.map((run) => run.serverCores)).toFixed(2)} / ` +
    `${median(series.baseline.map((run) => run.clientCores)).toFixed(2)}), on ${cpuCount()} cores`;
  return [
    {
      workload: '1',
      name: `POST /v1/donations on ${engine} vs bare Express 5 (201)`,
      value: rate,
      unit: 'req/s',
      baseline: baselineRate,
      ratio: rate / baselineRate,
      goal: goalsApply ? `≥ ${RATE_GOAL_RATIO}× baseline` : 'reported',
      ...(goalsApply ? { met: rate / baselineRate >= RATE_GOAL_RATIO } : {}),
      note: `${sizes}; 2xx per second; ${cpu}`,
    },
    {
      workload: '1',
      name: `POST /v1/donations on ${engine}: p99 latency`,
      value: p99,
      unit: 'ms',
      baseline: baselineP99,
      ratio: baselineP99 / p99,
      goal: goalsApply ? `< ${P99_GOAL_MILLISECONDS} ms` : 'reported',
      ...(goalsApply ? { met: p99 < P99_GOAL_MILLISECONDS } : {}),
      note: `p50 ${median(series.ledger.map((run) => run.p50Milliseconds))} ms; ${sizes}`,
    },
    {
      workload: '1',
      name: `POST /v1/donations on ${engine}: non-2xx, socket errors, timeouts`,
      value: failures,
      unit: 'responses',
      goal: '0',
      met: failures === 0,
      note: ledgerNote(series.ledger, verified),
    },
  ];
}

function workloadSixRows(
  plan: Plan,
  series: { ledger: LoadRun[]; twoProcesses: LoadRun[] },
  verified: Verified,
): BenchRow[] {
  const one = median(series.ledger.map((run) => run.okPerSecond));
  const two = median(series.twoProcesses.map((run) => run.okPerSecond));
  const failures = series.twoProcesses.reduce((sum, run) => sum + run.non2xx + run.errors, 0);
  return [
    {
      workload: '6',
      name: 'two server processes on one PostgreSQL vs one process',
      value: two,
      unit: 'req/s',
      baseline: one,
      ratio: two / one,
      goal: 'reported',
      note:
        `${plan.connections} connections split between the two, ${plan.durationSeconds} s, median of ${plan.runs}; ` +
        `servers ${median(series.twoProcesses.map((run) => run.serverCores)).toFixed(2)} cores together, ` +
        `client ${median(series.twoProcesses.map((run) => run.clientCores)).toFixed(2)}, on ${cpuCount()} cores`,
    },
    {
      workload: '6',
      name: 'two server processes on one PostgreSQL: p99 latency',
      value: median(series.twoProcesses.map((run) => run.p99Milliseconds)),
      unit: 'ms',
      baseline: median(series.ledger.map((run) => run.p99Milliseconds)),
      goal: 'reported',
      note: `${failures} non-2xx or socket errors; ${ledgerNote(series.twoProcesses, verified)}`,
    },
  ];
}

function ledgerNote(runs: LoadRun[], verified: Verified): string {
  const codes = new Map<string, number>();
  for (const run of runs) {
    for (const [code, count] of Object.entries(run.statusCodes))
      codes.set(code, (codes.get(code) ?? 0) + count);
  }
  const unanswered = runs.reduce((sum, run) => sum + run.unanswered.size, 0);
  const recordedBefore = runs.reduce((sum, run) => sum + run.unansweredRecordedBefore, 0);
  const timeouts = runs.reduce((sum, run) => sum + run.timeouts, 0);
  const statusCodes = [...codes].map(([code, count]) => `${code}×${count}`).join(' ');
  return (
    `status codes ${statusCodes}; ${timeouts} timeouts (no answer within 10 s); ${unanswered} requests ` +
    `left unanswered (timed out or cut off by a run's end) were sent again with their keys: ` +
    `${recordedBefore} came back as replays, the rest were recorded then; after every run the ` +
    `donations equalled the 2xx read plus the unanswered; ` +
    `audit/verify ${verified.ok ? 'ok' : 'FAILED'} over ${verified.entries} entries`
  );
}

function cpuCount(): number {
  return os.availableParallelism();
}
