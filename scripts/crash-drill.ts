// The long crash drill: more requests and more SIGKILLs than the suite's short form
// (test/reliability/crash.test.ts), on a fresh database that is dropped afterwards, printing its
// figures. SQLite by default; PostgreSQL when DATABASE_URL names a server (a new database is made on it).
//
//   npx tsx scripts/crash-drill.ts                               2 000 requests, 25 kills, SQLite
//   DATABASE_URL=postgres://… npx tsx scripts/crash-drill.ts --requests 5000 --kills 50
//   npx tsx scripts/crash-drill.ts --seed 7 --lanes 8 --json     same stream again; figures as JSON
//
// Exits 0 when nothing was lost, doubled or half-written and the books balance; 1 otherwise.
import { parseArgs } from 'node:util';
import { type CrashDrillFigures, runCrashDrill } from '../test/reliability/crash-drill.js';
import { createTestDatabase } from '../test/support/test-database.js';

const DEFAULT_REQUESTS = 2_000;
const DEFAULT_KILLS = 25;
const DEFAULT_LANES = 4;

function readOptions() {
  const { values } = parseArgs({
    options: {
      requests: { type: 'string', default: String(DEFAULT_REQUESTS) },
      kills: { type: 'string', default: String(DEFAULT_KILLS) },
      lanes: { type: 'string', default: String(DEFAULT_LANES) },
      seed: { type: 'string', default: String(Date.now() % 1_000_000) },
      json: { type: 'boolean', default: false },
    },
  });
  const positive = (name: 'requests' | 'kills' | 'lanes' | 'seed') => {
    const value = Number(values[name]);
    if (!Number.isSafeInteger(value) || value < 0) throw new Error(`--${name} must be a whole number`);
    return value;
  };
  return {
    requests: positive('requests'),
    kills: positive('kills'),
    lanes: Math.max(1, positive('lanes')),
    seed: positive('seed'),
    json: values.json,
  };
}

function describeFigures(figures: CrashDrillFigures): string {
  const rows: [string, string | number][] = [
    ['engine', figures.engine],
    ['seed', figures.seed],
    ['donations and aid in the stream', figures.operations],
    ['requests sent (first tries and retries)', figures.requestsSent],
    ['kills (SIGKILL) survived', figures.killsSurvived],
    ['acknowledged (201)', figures.acknowledged],
    ['refused, insufficient funds (409)', figures.refused],
    ['retried after no answer or 503', figures.retried],
    ['answered from the stored response on retry', figures.replayed],
    ['busy (503) answers', figures.busy],
    ['lost', figures.lost],
    ['duplicated', figures.duplicated],
    ['entries in the journal', figures.entries],
    ['seconds', figures.seconds],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`).join('\n');
}

async function main(): Promise<number> {
  const options = readOptions();
  const testDatabase = await createTestDatabase();
  try {
    console.log(
      `crash drill on ${testDatabase.database.kind}: ${options.requests} requests, ${options.kills} kills, ` +
        `${options.lanes} lanes, seed ${options.seed}`,
    );
    const { figures, problems } = await runCrashDrill({
      databaseEnvironment: testDatabase.environment,
      database: testDatabase.database,
      operations: options.requests,
      kills: options.kills,
      lanes: options.lanes,
      seed: options.seed,
      progress: (line) => console.log(`  ${line}`),
    });
    console.log(options.json ? JSON.stringify(figures) : describeFigures(figures));
    if (figures.killsSurvived < options.kills) {
      problems.push(
        `only ${figures.killsSurvived} of ${options.kills} kills landed: send more requests per kill`,
      );
    }
    for (const problem of problems) console.error(`PROBLEM: ${problem}`);
    console.log(problems.length === 0 ? 'ok: nothing lost, nothing doubled, the books balance' : 'FAILED');
    return problems.length === 0 ? 0 : 1;
  } finally {
    await testDatabase.drop();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exitCode = 1;
  },
);
