// Benchmarks of the ledger core, each against a baseline measured in the same run on the same
// machine, reported as ratios (the machines are shared and noisy: absolute times mean little).
//
//   npm run bench             full size
//   npm run bench -- --quick  one tenth, a smoke test
//
// 1. Recording entries through the ledger service (journal lock, checks, hash, kept balances, one
//    durable commit each) against better-sqlite3 inserting the same bare entry and two postings in
//    one durable commit each, with the same pragmas.
// 2. Verifying the hash chain: entries per second.
// 3. Reports and the NDJSON export over a year of aid, against hledger (scripts/bench-reports.ts).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { loadConfig } from '../src/config.js';
import { migrateToLatest, openSqlite } from '../src/db/database.js';
import { createServices } from '../src/services.js';
import { donationEntry } from '../test/support/ledger-fixtures.js';
import { benchReports, printReportFigures } from './bench-reports.js';

const quick = process.argv.includes('--quick');
const ENTRY_COUNT = quick ? 300 : 3_000;
const RUNS = quick ? 1 : 3;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

function temporaryDirectory(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'jomart-bench-'));
}

/** Baseline: the same rows, no rules, one durable transaction per entry. */
function baselineEntriesPerSecond(): number {
  const directory = temporaryDirectory();
  const db = new Database(path.join(directory, 'baseline.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(`CREATE TABLE entries (id INTEGER PRIMARY KEY, kind TEXT, status TEXT, date TEXT, recorded_at TEXT, hash TEXT);
           CREATE TABLE postings (id INTEGER PRIMARY KEY, entry_id INTEGER, account_id INTEGER, amount_tiyn INTEGER);`);
  const insertEntry = db.prepare('INSERT INTO entries VALUES (?, ?, ?, ?, ?, ?)');
  const insertPosting = db.prepare(
    'INSERT INTO postings (entry_id, account_id, amount_tiyn) VALUES (?, ?, ?)',
  );
  const writeOne = db.transaction((id: number) => {
    insertPosting.run(id, 1, 10_000);
    insertPosting.run(id, 2, -10_000);
    insertEntry.run(id, 'donation', 'posted', '2026-11-25', new Date().toISOString(), 'x'.repeat(64));
  });
  const started = performance.now();
  for (let id = 1; id <= ENTRY_COUNT; id += 1) writeOne(id);
  const seconds = (performance.now() - started) / 1000;
  db.close();
  fs.rmSync(directory, { recursive: true, force: true });
  return ENTRY_COUNT / seconds;
}

async function ledgerFigures(): Promise<{ recordPerSecond: number; verifyPerSecond: number }> {
  const directory = temporaryDirectory();
  const database = openSqlite(path.join(directory, 'jomart.db'), 10_000);
  await migrateToLatest(database);
  const { ledger } = createServices(database, loadConfig({}));
  const started = performance.now();
  for (let index = 0; index < ENTRY_COUNT; index += 1) await ledger.record(donationEntry('100.00'));
  const recordSeconds = (performance.now() - started) / 1000;
  const verifyStarted = performance.now();
  const result = await ledger.verify();
  const verifySeconds = (performance.now() - verifyStarted) / 1000;
  if (!result.ok || result.entries !== ENTRY_COUNT) throw new Error(`verify failed: ${result.problem}`);
  await database.knex.destroy();
  fs.rmSync(directory, { recursive: true, force: true });
  return { recordPerSecond: ENTRY_COUNT / recordSeconds, verifyPerSecond: ENTRY_COUNT / verifySeconds };
}

async function main(): Promise<void> {
  const baseline: number[] = [];
  const record: number[] = [];
  const verify: number[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    baseline.push(baselineEntriesPerSecond());
    const figures = await ledgerFigures();
    record.push(figures.recordPerSecond);
    verify.push(figures.verifyPerSecond);
  }
  const rows = [
    ['baseline: bare better-sqlite3 entry + 2 postings, 1 commit each', median(baseline)],
    ['ledger.record (lock, checks, hash, balances), 1 commit each', median(record)],
    ['ledger.verify (recompute the hash chain)', median(verify)],
  ] as const;
  console.log(`\nJomart Ledger core benchmark — ${ENTRY_COUNT} entries, median of ${RUNS} run(s), SQLite\n`);
  for (const [name, perSecond] of rows)
    console.log(`${name.padEnd(68)} ${perSecond.toFixed(0).padStart(9)} /s`);
  console.log(`\nrecord ÷ baseline: ${(median(record) / median(baseline)).toFixed(2)}×`);
  printReportFigures(await benchReports(quick));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
