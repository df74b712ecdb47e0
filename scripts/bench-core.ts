// The ledger core in-process: recording entries through the ledger service (journal lock, checks,
// hash, kept balances, one durable commit each) against better-sqlite3 inserting the same bare entry
// and two postings in one durable commit each, with the same pragmas.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { loadConfig } from '../src/config.js';
import { migrateToLatest, openSqlite } from '../src/db/database.js';
import { createServices } from '../src/services.js';
import { donationEntry } from '../test/support/ledger-fixtures.js';
import { type BenchOptions, type BenchRow, median, temporaryDirectory } from './bench-kit.js';

const quick = process.argv.includes('--quick');
const ENTRY_COUNT = quick ? 300 : 3_000;
const RUNS = quick ? 1 : 3;

/** Baseline: the same rows, no rules, one durable transaction per entry. */
function baselineEntriesPerSecond(ENTRY_COUNT: number): number {
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

async function ledgerFigures(
  ENTRY_COUNT: number,
): Promise<{ recordPerSecond: number; verifyPerSecond: number }> {
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

export async function benchCore({ quick }: BenchOptions): Promise<BenchRow[]> {
  const count = quick ? 300 : 3_000;
  const runs = quick ? 1 : 3;
  const baseline: number[] = [];
  const record: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    baseline.push(baselineEntriesPerSecond(count));
    record.push((await ledgerFigures(count)).recordPerSecond);
  }
  const note = `${count} entries, median of ${runs}, SQLite, one durable commit per entry`;
  return [
    {
      workload: 'core',
      name: 'ledger.record in-process vs bare better-sqlite3 (entry + 2 postings)',
      value: median(record),
      unit: 'entries/s',
      baseline: median(baseline),
      ratio: median(record) / median(baseline),
      note,
    },
  ];
}
