// Workloads 3, 4 and 5 of issue 7 over a national center's year: 1,000,000 aid entries to 35,000
// recipients (--quick: one tenth), SQLite.
//
// 3. Reports: reports/recipients unfiltered and for one month, reports/funds, trial-balance, each the
//    median of REPORT_RUNS, against the auditor's own tool on the same ledger's hledger export,
//    `hledger bal expenses --pivot recipient`, timed in the same run; and, for the record, against
//    the same sums taken from the raw postings the way the reports did before the kept totals.
// 4. The full NDJSON export through the real CLI (`jomart export`) in its own process: entries per
//    second and the process's peak resident memory, on this ledger and on one a tenth of its size.
// 5. `jomart verify` of the hash chain, in its own process: entries per second.
//
// Why the ledger is not built by `seed demo`, as the issue says: `seed demo` books through the
// services one durable entry at a time (about 60,000 entries in some ten minutes at --scale 1);
// 1,000,000 aid entries that way would take hours. scripts/bulk-ledger.ts writes the same rows — the
// same chart, hash chain, kept balances and head, straight into a migrated database with every
// database guard and trigger on, so the kept report totals are filled by the same trigger as in
// production — in minutes, and the bench checks that the result verifies.
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { loadConfig } from '../src/config.js';
import { openSqlite } from '../src/db/database.js';
import { createServices, type Services } from '../src/services.js';
import {
  type BenchOptions,
  type BenchRow,
  MEGABYTE,
  median,
  PEAK_RSS_PRELOAD,
  peakRssMegabytes,
  temporaryDirectory,
} from './bench-kit.js';
import { buildBulkLedger } from './bulk-ledger.js';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '..');
const CLI = path.join(ROOT, 'dist', 'src', 'cli', 'jomart.js');
const REPORT_RUNS = 7;
const EXPORT_RUNS = 3;
const VERIFY_RUNS = 3;
const YEAR = 2026;
const ONE_MONTH = { from: `${YEAR}-06-01`, to: `${YEAR}-06-30` };
/** Peak memory of the export may differ between the small and the full ledger by noise, not by size. */
const EXPORT_MEMORY_GROWTH_LIMIT_MEGABYTES = 15;

/** Seconds of each run, for the median and the spread. */
interface Timing {
  median: number;
  min: number;
  max: number;
}

async function timed(work: () => Promise<unknown>, runs: number): Promise<Timing> {
  const seconds: number[] = [];
  for (let attempt = 0; attempt < runs; attempt += 1) {
    const started = performance.now();
    await work();
    seconds.push((performance.now() - started) / 1000);
  }
  return { median: median(seconds), min: Math.min(...seconds), max: Math.max(...seconds) };
}

function spread(timing: Timing, runs: number, digits = 3): string {
  return `median of ${runs}, runs ${timing.min.toFixed(digits)}–${timing.max.toFixed(digits)} s`;
}

/** The unfiltered recipients report's sums over the raw postings, as the report store read them before the kept totals. */
function rawPostingsRecipientSums(filename: string): number {
  const db = new Database(filename, { readonly: true });
  try {
    return db
      .prepare(
        `SELECT p.recipient_id,
           SUM(CASE WHEN e.status = 'posted' THEN (CASE WHEN p.amount_tiyn > 0 THEN 1 ELSE -1 END) ELSE 0 END),
           SUM(CASE WHEN e.status = 'posted' THEN p.amount_tiyn ELSE 0 END),
           SUM(CASE WHEN e.status = 'pending' THEN p.amount_tiyn ELSE 0 END)
         FROM postings p JOIN entries e ON e.id = p.entry_id
         JOIN accounts a ON a.id = p.account_id
         WHERE a.code LIKE 'expenses:aid:%' AND p.recipient_id IS NOT NULL
           AND (e.status = 'posted' OR (e.status = 'pending'
             AND NOT EXISTS (SELECT 1 FROM entries r WHERE r.pending_entry_id = e.id)))
         GROUP BY p.recipient_id`,
      )
      .all().length;
  } finally {
    db.close();
  }
}

/** `hledger bal expenses --pivot recipient` on the ledger's hledger export; null when hledger is missing. */
async function hledgerPivot(services: Services, directory: string): Promise<Timing | null> {
  try {
    await run('hledger', ['--version']);
  } catch {
    console.log('hledger is not installed: the baseline is skipped (apt-get install hledger)');
    return null;
  }
  const journal = path.join(directory, 'ledger.journal');
  await services.exports.writeLedger({ format: 'hledger' }, fs.createWriteStream(journal));
  // One run: at full size it takes minutes, and its spread is small beside the ratio measured.
  const timing = await timed(
    () => run('hledger', ['-f', journal, 'bal', 'expenses', '--pivot', 'recipient'], { maxBuffer: 1 << 30 }),
    1,
  );
  fs.rmSync(journal, { force: true });
  return timing;
}

/**
 * `jomart verify --json` in its own process, as an auditor runs it (compiled, so its worker thread
 * starts at once): entries per second, process start included.
 */
async function verifyRate(dataDir: string, entries: number): Promise<number> {
  const started = performance.now();
  const { stdout } = await run(process.execPath, [CLI, 'verify', '--json'], {
    env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', JWT_SECRET: 'bench-secret-'.padEnd(48, 'x') },
  });
  const seconds = (performance.now() - started) / 1000;
  const result = JSON.parse(stdout) as { ok: boolean; entries: number; problem: string | null };
  if (!result.ok || result.entries !== entries)
    throw new Error(`the bench ledger does not verify: ${result.problem}`);
  return entries / seconds;
}

/** One NDJSON export by the CLI in its own process, read to the end and dropped: seconds and peak RSS. */
function exportOnce(dataDir: string): Promise<{ seconds: number; maxRssMegabytes: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(
      process.execPath,
      ['--import', PEAK_RSS_PRELOAD, CLI, 'export', '--format', 'ndjson'],
      {
        env: {
          ...process.env,
          DATA_DIR: dataDir,
          DATABASE_URL: '',
          JWT_SECRET: 'bench-secret-'.padEnd(48, 'x'),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let bytes = 0;
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = (performance.now() - started) / 1000;
      if (code !== 0) reject(new Error(`jomart export failed (${code}): ${stderr}`));
      else resolve({ seconds, maxRssMegabytes: peakRssMegabytes(stderr), bytes });
    });
  });
}

async function exportFigures(
  dataDir: string,
  entries: number,
): Promise<{ entriesPerSecond: number; peakMegabytes: number; megabytes: number; rates: number[] }> {
  const rates: number[] = [];
  const peaks: number[] = [];
  let bytes = 0;
  for (let attempt = 0; attempt < EXPORT_RUNS; attempt += 1) {
    const result = await exportOnce(dataDir);
    rates.push(entries / result.seconds);
    peaks.push(result.maxRssMegabytes);
    bytes = result.bytes;
  }
  return {
    entriesPerSecond: median(rates),
    peakMegabytes: Math.max(...peaks),
    megabytes: bytes / MEGABYTE,
    rates,
  };
}

function journalEntries(filename: string): number {
  const db = new Database(filename, { readonly: true });
  try {
    return Number(
      (db.prepare('SELECT last_entry_id FROM journal_head').get() as { last_entry_id: number }).last_entry_id,
    );
  } finally {
    db.close();
  }
}

/** A ledger of `aidEntries` aid entries in DATA_DIR/jomart.db, as the CLI finds it; seconds to build. */
async function ledgerIn(directory: string, aidEntries: number, recipients: number): Promise<number> {
  fs.mkdirSync(directory, { recursive: true });
  const started = performance.now();
  await buildBulkLedger({ filename: path.join(directory, 'jomart.db'), recipients, aidEntries, year: YEAR });
  return (performance.now() - started) / 1000;
}

/** Workloads 3, 4 and 5 as rows of the bench table. */
export async function benchReportsWorkload({ quick }: BenchOptions): Promise<BenchRow[]> {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first`);
  const aidEntries = quick ? 100_000 : 1_000_000;
  const recipients = quick ? 3_500 : 35_000;
  const directory = temporaryDirectory('jomart-bench-reports-');
  const loadBefore = os.loadavg()[0] ?? 0;
  try {
    const fullDir = path.join(directory, 'full');
    const smallDir = path.join(directory, 'small');
    const buildSeconds = await ledgerIn(fullDir, aidEntries, recipients);
    console.log(
      `built ${aidEntries} aid entries to ${recipients} recipients in ${buildSeconds.toFixed(0)} s`,
    );
    await ledgerIn(smallDir, aidEntries / 10, recipients / 10);
    const filename = path.join(fullDir, 'jomart.db');
    const database = openSqlite(filename, 10_000);
    const services = createServices(database, loadConfig({}));
    try {
      const entries = (await services.ledger.journalHead()).lastEntryId;
      const recipientsReport = await timed(() => services.reports.recipients({}), REPORT_RUNS);
      const oneMonth = await timed(() => services.reports.recipients(ONE_MONTH), REPORT_RUNS);
      const funds = await timed(() => services.reports.funds({}), REPORT_RUNS);
      const trialBalance = await timed(() => services.reports.trialBalance(`${YEAR}-12-31`), REPORT_RUNS);
      const rawPostings = await timed(async () => rawPostingsRecipientSums(filename), 1);
      console.log(`reports done; the same sums from raw postings: ${rawPostings.median.toFixed(2)} s`);
      const hledger = await hledgerPivot(services, directory);
      console.log(`hledger: ${hledger === null ? 'skipped' : `${hledger.median.toFixed(1)} s`}`);

      const verifyRates: number[] = [];
      for (let attempt = 0; attempt < VERIFY_RUNS; attempt += 1)
        verifyRates.push(await verifyRate(fullDir, entries));

      const small = await exportFigures(smallDir, journalEntries(path.join(smallDir, 'jomart.db')));
      const full = await exportFigures(fullDir, entries);
      const loadAfter = os.loadavg()[0] ?? 0;
      const size = `${aidEntries.toLocaleString('en')} aid entries to ${recipients.toLocaleString('en')} recipients, SQLite, built by scripts/bulk-ledger.ts in ${buildSeconds.toFixed(0)} s; load average ${loadBefore.toFixed(1)} → ${loadAfter.toFixed(1)} on ${os.cpus().length} cores`;
      return reportRows({
        size,
        recipientsReport,
        oneMonth,
        funds,
        trialBalance,
        rawPostings,
        hledger,
        verifyRates,
        small,
        full,
        aidEntries,
      });
    } finally {
      await database.knex.destroy();
    }
  } finally {
    fs.rmSync(directory, { recursive: true, force: true });
  }
}

function reportRows(figures: {
  size: string;
  recipientsReport: Timing;
  oneMonth: Timing;
  funds: Timing;
  trialBalance: Timing;
  rawPostings: Timing;
  hledger: Timing | null;
  verifyRates: number[];
  small: { entriesPerSecond: number; peakMegabytes: number; megabytes: number; rates: number[] };
  full: { entriesPerSecond: number; peakMegabytes: number; megabytes: number; rates: number[] };
  aidEntries: number;
}): BenchRow[] {
  const { recipientsReport, oneMonth, hledger, small, full } = figures;
  const versusHledger = hledger === null ? undefined : hledger.median / recipientsReport.median;
  const verifyPerSecond = median(figures.verifyRates);
  const rateRange = (rates: number[]) =>
    `${Math.round(Math.min(...rates)).toLocaleString('en')}–${Math.round(Math.max(...rates)).toLocaleString('en')}`;
  return [
    {
      workload: '3',
      name: 'reports/recipients, unfiltered, vs hledger bal expenses --pivot recipient',
      value: recipientsReport.median,
      unit: 's',
      ...(hledger === null ? {} : { baseline: hledger.median, ratio: versusHledger }),
      goal: '< 0.3 s and ≥ 50× hledger',
      met: recipientsReport.median < 0.3 && (versusHledger ?? 0) >= 50,
      note: `${spread(recipientsReport, REPORT_RUNS)}; hledger one run on the same ledger's export; ${figures.size}`,
    },
    {
      workload: '3',
      name: 'reports/recipients, unfiltered, vs the same sums over raw postings (before kept totals)',
      value: recipientsReport.median,
      unit: 's',
      baseline: figures.rawPostings.median,
      ratio: figures.rawPostings.median / recipientsReport.median,
      note: 'the baseline is the query the report ran before the kept totals, timed once in the same run',
    },
    {
      workload: '3',
      name: 'reports/recipients, one month',
      value: oneMonth.median,
      unit: 's',
      goal: '< 1 s',
      met: oneMonth.median < 1,
      note: `${ONE_MONTH.from}..${ONE_MONTH.to}; ${spread(oneMonth, REPORT_RUNS)}`,
    },
    {
      workload: '3',
      name: 'reports/funds',
      value: figures.funds.median,
      unit: 's',
      note: spread(figures.funds, REPORT_RUNS),
    },
    {
      workload: '3',
      name: 'reports/trial-balance',
      value: figures.trialBalance.median,
      unit: 's',
      note: `at ${YEAR}-12-31; ${spread(figures.trialBalance, REPORT_RUNS)}`,
    },
    {
      workload: '4',
      name: 'NDJSON export (jomart export, own process), full ledger',
      value: full.entriesPerSecond,
      unit: 'entries/s',
      note: `${full.megabytes.toFixed(0)} MB; median of ${EXPORT_RUNS}, runs ${rateRange(full.rates)} entries/s, process start included`,
    },
    {
      workload: '4',
      name: 'NDJSON export peak RSS, full ledger vs a tenth of it',
      value: full.peakMegabytes,
      unit: 'MB',
      baseline: small.peakMegabytes,
      ratio: small.peakMegabytes / full.peakMegabytes,
      goal: `< 150 MB, within ${EXPORT_MEMORY_GROWTH_LIMIT_MEGABYTES} MB of the tenth`,
      met:
        full.peakMegabytes < 150 &&
        full.peakMegabytes - small.peakMegabytes < EXPORT_MEMORY_GROWTH_LIMIT_MEGABYTES,
      note: `the whole CLI process's own peak resident set (VmHWM), highest of ${EXPORT_RUNS} runs each; the tenth: ${(figures.aidEntries / 10).toLocaleString('en')} aid entries, ${small.megabytes.toFixed(0)} MB of NDJSON at ${Math.round(small.entriesPerSecond).toLocaleString('en')} entries/s`,
    },
    {
      workload: '5',
      name: 'verify the hash chain (jomart verify, own process)',
      value: verifyPerSecond,
      unit: 'entries/s',
      goal: '≥ 250,000 entries/s',
      met: verifyPerSecond >= 250_000,
      note: `median of ${VERIFY_RUNS}, runs ${rateRange(figures.verifyRates)} entries/s, process start included; two threads (the journal in two halves)`,
    },
  ];
}
