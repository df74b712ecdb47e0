// Workload 2 of issue 7 (and issue 5's benchmark): a bank statement of 1,000,000 rows (--quick:
// 100,000) booked by `jomart import-statement`, run as the real CLI in its own process, against a
// baseline in the same run: better-sqlite3 inserting the same number of bare entries with two
// postings each, in batched transactions, with the same pragmas. Peak memory is the CLI process's
// own maximum resident set, reported by a preload that prints process.resourceUsage() at exit.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { loadConfig } from '../src/config.js';
import { migrateToLatest, openSqlite } from '../src/db/database.js';
import { DemoPeople } from '../src/seed/demo-people.js';
import { SeededRandom } from '../src/seed/seeded-random.js';
import { createServices } from '../src/services.js';
import {
  type BenchOptions,
  type BenchRow,
  MEGABYTE,
  median,
  PEAK_RSS_PRELOAD,
  peakRssMegabytes,
  temporaryDirectory,
} from './bench-kit.js';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '..');
const CLI = path.join(ROOT, 'dist', 'src', 'cli', 'jomart.js');
/** Rows per transaction in the baseline. */
const BASELINE_BATCH = 1_000;
/** Distinct payers in the statement: most people give more than once a year. */
const PAYERS_PER_ROW = 1 / 20;
const FUND_CODES = ['children', 'elderly', 'disability', 'winter'];

/** A statement as a Kazakh bank prints it: `;`, DD.MM.YYYY, `1 234,56`, payers with IIN/BIN or none. */
export function writeStatement(file: string, rows: number, seed = 7): void {
  const random = new SeededRandom(seed);
  const people = new DemoPeople(random);
  const payers = Array.from({ length: Math.max(1, Math.round(rows * PAYERS_PER_ROW)) }, () => {
    if (random.chance(0.1)) {
      const company = people.company();
      return { name: company.name, taxId: company.bin };
    }
    const person = people.person();
    return { name: person.fullName, taxId: random.chance(0.8) ? person.iin : '' };
  });
  const out = fs.openSync(file, 'w');
  let buffer = 'date;amount;reference;payer_name;payer_iin_bin;purpose;fund\n';
  for (let row = 1; row <= rows; row += 1) {
    const payer = payers[random.integer(0, payers.length - 1)] as { name: string; taxId: string };
    const day = String(random.integer(1, 28)).padStart(2, '0');
    const month = String(random.integer(1, 12)).padStart(2, '0');
    const tenge = random.integer(500, 250_000);
    const tiyn = random.chance(0.3) ? String(random.integer(0, 99)).padStart(2, '0') : '00';
    const amount = `${tenge.toLocaleString('ru-RU').replace(/\s/g, ' ')},${tiyn}`;
    const fund = random.chance(0.5) ? (FUND_CODES[random.integer(0, FUND_CODES.length - 1)] as string) : '';
    buffer += `${day}.${month}.2025;${amount};BENCH-${String(row).padStart(8, '0')};${payer.name};${payer.taxId};Қайырымдылық көмек;${fund}\n`;
    if (buffer.length > 1 << 20) {
      fs.writeSync(out, buffer);
      buffer = '';
    }
  }
  fs.writeSync(out, buffer);
  fs.closeSync(out);
}

/** The baseline: bare entries with two postings each, batched, no rules, the ledger's pragmas. */
function baselineRowsPerSecond(directory: string, rows: number): number {
  const filename = path.join(directory, 'baseline.db');
  const db = new Database(filename);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(`CREATE TABLE entries (id INTEGER PRIMARY KEY, kind TEXT, status TEXT, date TEXT, recorded_at TEXT, hash TEXT);
           CREATE TABLE postings (id INTEGER PRIMARY KEY, entry_id INTEGER, account_id INTEGER, amount_tiyn INTEGER);`);
  const insertEntry = db.prepare('INSERT INTO entries VALUES (?, ?, ?, ?, ?, ?)');
  const insertPosting = db.prepare(
    'INSERT INTO postings (entry_id, account_id, amount_tiyn) VALUES (?, ?, ?)',
  );
  const writeBatch = db.transaction((first: number, last: number) => {
    for (let id = first; id <= last; id += 1) {
      insertPosting.run(id, 1, 10_000);
      insertPosting.run(id, 2, -10_000);
      insertEntry.run(id, 'donation', 'posted', '2025-06-01', new Date().toISOString(), 'x'.repeat(64));
    }
  });
  const started = performance.now();
  for (let first = 1; first <= rows; first += BASELINE_BATCH) {
    writeBatch(first, Math.min(rows, first + BASELINE_BATCH - 1));
  }
  const seconds = (performance.now() - started) / 1000;
  db.close();
  fs.rmSync(filename, { force: true });
  fs.rmSync(`${filename}-wal`, { force: true });
  fs.rmSync(`${filename}-shm`, { force: true });
  return rows / seconds;
}

/** A fresh data directory with the schema, an admin and the funds the statement names. */
async function prepareLedger(dataDir: string): Promise<void> {
  const database = openSqlite(path.join(dataDir, 'jomart.db'), 10_000);
  try {
    await migrateToLatest(database);
    const services = createServices(database, loadConfig({ DATA_DIR: dataDir }));
    await services.users.create(
      { email: 'bench.admin@jomart.local', password: 'bench-password-1', role: 'admin' },
      null,
    );
    for (const code of FUND_CODES) await services.funds.create({ code, name: code, restricted: true });
  } finally {
    await database.knex.destroy();
  }
}

async function importOnce(
  directory: string,
  statement: string,
): Promise<{ seconds: number; maxRssMegabytes: number; output: string }> {
  const dataDir = fs.mkdtempSync(path.join(directory, 'data-'));
  await prepareLedger(dataDir);
  const started = performance.now();
  const { stdout, stderr } = await run(
    process.execPath,
    ['--import', PEAK_RSS_PRELOAD, CLI, 'import-statement', statement],
    {
      env: {
        ...process.env,
        DATA_DIR: dataDir,
        DATABASE_URL: '',
        JWT_SECRET: 'bench-secret-'.padEnd(48, 'x'),
      },
      maxBuffer: 1 << 26,
    },
  ).catch((error: { stdout?: string; stderr?: string; message: string }) => {
    throw new Error(
      `import-statement failed: ${error.message}\n${error.stdout ?? ''}\n${error.stderr ?? ''}`,
    );
  });
  const seconds = (performance.now() - started) / 1000;
  fs.rmSync(dataDir, { recursive: true, force: true });
  return { seconds, maxRssMegabytes: peakRssMegabytes(stderr), output: stdout.trim() };
}

export async function benchImport({ quick }: BenchOptions): Promise<BenchRow[]> {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
  const rows = quick ? 100_000 : 1_000_000;
  const runs = quick ? 1 : 3;
  const directory = temporaryDirectory('jomart-bench-import-');
  try {
    const statement = path.join(directory, 'statement.csv');
    writeStatement(statement, rows);
    const baseline: number[] = [];
    const imported: number[] = [];
    const memory: number[] = [];
    for (let attempt = 0; attempt < runs; attempt += 1) {
      baseline.push(baselineRowsPerSecond(directory, rows));
      const result = await importOnce(directory, statement);
      if (!result.output.includes(`${rows} booked`))
        throw new Error(`not every row was booked: ${result.output}`);
      imported.push(rows / result.seconds);
      memory.push(result.maxRssMegabytes);
    }
    const size = `${rows} rows (${(fs.statSync(statement).size / MEGABYTE).toFixed(0)} MB), median of ${runs}, SQLite`;
    return [
      {
        workload: '2',
        name: 'jomart import-statement (CLI process) vs bare entry + 2 postings, batched',
        value: median(imported),
        unit: 'rows/s',
        baseline: median(baseline),
        ratio: median(imported) / median(baseline),
        goal: '≥ 0.5× baseline',
        met: median(imported) / median(baseline) >= 0.5,
        note: `${size}; baseline commits every ${BASELINE_BATCH} rows`,
      },
      {
        workload: '2',
        name: 'jomart import-statement: peak resident memory of the CLI process',
        value: Math.max(...memory),
        unit: 'MB',
        goal: '< 200 MB',
        met: Math.max(...memory) < 200,
        note: size,
      },
    ];
  } finally {
    fs.rmSync(directory, { recursive: true, force: true });
  }
}
