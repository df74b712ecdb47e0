// Reports and exports over a national center's year: N aid entries to R recipients (full size
// 1,000,000 to 35,000; --quick one tenth), built by scripts/bulk-ledger.ts. Each figure is set beside
// a baseline measured in the same run: the auditor's own tool, `hledger bal expenses --pivot
// recipient`, on this ledger's hledger export; and for the NDJSON export, the memory before it.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { promisify } from 'node:util';
import { loadConfig } from '../src/config.js';
import { openSqlite } from '../src/db/database.js';
import { createServices, type Services } from '../src/services.js';
import type { BenchOptions, BenchRow } from './bench-kit.js';
import { buildBulkLedger } from './bulk-ledger.js';

const run = promisify(execFile);
const TIMED_RUNS = 3;

export interface ReportFigures {
  aidEntries: number;
  recipients: number;
  buildSeconds: number;
  recipientsReportSeconds: number;
  oneMonthReportSeconds: number;
  fundsReportSeconds: number;
  trialBalanceSeconds: number;
  hledgerPivotSeconds: number | null;
  reportVersusHledger: number | null;
  ndjsonEntriesPerSecond: number;
  ndjsonPeakRssGrowthMegabytes: number;
  ndjsonMegabytes: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

async function timed(work: () => Promise<unknown>, runs = TIMED_RUNS): Promise<number> {
  const seconds: number[] = [];
  for (let attempt = 0; attempt < runs; attempt += 1) {
    const started = performance.now();
    await work();
    seconds.push((performance.now() - started) / 1000);
  }
  return median(seconds);
}

/** A sink that counts bytes and drops them, sampling the process's memory as data flows. */
function countingSink(onChunk: () => void): Writable & { bytes: number } {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      sink.bytes += chunk.length;
      onChunk();
      done();
    },
  }) as Writable & { bytes: number };
  sink.bytes = 0;
  return sink;
}

async function hledgerSeconds(services: Services, directory: string): Promise<number | null> {
  const journal = path.join(directory, 'ledger.journal');
  await services.exports.writeLedger({ format: 'hledger' }, fs.createWriteStream(journal));
  try {
    await run('hledger', ['--version']);
  } catch {
    console.log('hledger is not installed: the baseline is skipped (apt-get install hledger)');
    return null;
  }
  return timed(
    () => run('hledger', ['-f', journal, 'bal', 'expenses', '--pivot', 'recipient'], { maxBuffer: 1 << 30 }),
    1,
  );
}

export async function benchReports(quick: boolean): Promise<ReportFigures> {
  const aidEntries = quick ? 100_000 : 1_000_000;
  const recipients = quick ? 3_500 : 35_000;
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'jomart-bench-reports-'));
  const filename = path.join(directory, 'jomart.db');
  try {
    const buildStarted = performance.now();
    await buildBulkLedger({ filename, recipients, aidEntries, year: 2026 });
    const buildSeconds = (performance.now() - buildStarted) / 1000;
    const database = openSqlite(filename, 10_000);
    const services = createServices(database, loadConfig({}));
    try {
      const recipientsReportSeconds = await timed(() => services.reports.recipients({}));
      const oneMonthReportSeconds = await timed(() =>
        services.reports.recipients({ from: '2026-06-01', to: '2026-06-30' }),
      );
      const fundsReportSeconds = await timed(() => services.reports.funds({}));
      const trialBalanceSeconds = await timed(() => services.reports.trialBalance('2026-12-31'));
      const rssBefore = process.memoryUsage().rss;
      let peakRss = rssBefore;
      let chunks = 0;
      const sink = countingSink(() => {
        chunks += 1;
        if (chunks % 64 === 0) peakRss = Math.max(peakRss, process.memoryUsage().rss);
      });
      const exportStarted = performance.now();
      const summary = await services.exports.writeLedger({ format: 'ndjson' }, sink);
      const exportSeconds = (performance.now() - exportStarted) / 1000;
      const hledgerPivotSeconds = await hledgerSeconds(services, directory);
      return {
        aidEntries,
        recipients,
        buildSeconds,
        recipientsReportSeconds,
        oneMonthReportSeconds,
        fundsReportSeconds,
        trialBalanceSeconds,
        hledgerPivotSeconds,
        reportVersusHledger:
          hledgerPivotSeconds === null ? null : hledgerPivotSeconds / recipientsReportSeconds,
        ndjsonEntriesPerSecond: summary.entries / exportSeconds,
        ndjsonPeakRssGrowthMegabytes: (peakRss - rssBefore) / 2 ** 20,
        ndjsonMegabytes: sink.bytes / 2 ** 20,
      };
    } finally {
      await database.knex.destroy();
    }
  } finally {
    fs.rmSync(directory, { recursive: true, force: true });
  }
}

export function printReportFigures(figures: ReportFigures): void {
  const seconds = (value: number) => `${value.toFixed(3)} s`;
  console.log(
    `\nReports and exports — ${figures.aidEntries} aid entries to ${figures.recipients} recipients, SQLite ` +
      `(built in ${figures.buildSeconds.toFixed(0)} s), median of ${TIMED_RUNS}\n`,
  );
  const rows: [string, string][] = [
    ['reports/recipients, unfiltered', seconds(figures.recipientsReportSeconds)],
    ['reports/recipients, one month', seconds(figures.oneMonthReportSeconds)],
    ['reports/funds', seconds(figures.fundsReportSeconds)],
    ['reports/trial-balance', seconds(figures.trialBalanceSeconds)],
    [
      'baseline: hledger bal expenses --pivot recipient (same ledger)',
      figures.hledgerPivotSeconds === null ? 'skipped' : seconds(figures.hledgerPivotSeconds),
    ],
    [
      'reports/recipients speed-up over hledger',
      figures.reportVersusHledger === null ? '-' : `${figures.reportVersusHledger.toFixed(1)}×`,
    ],
    [
      'NDJSON export',
      `${figures.ndjsonEntriesPerSecond.toFixed(0)} entries/s, ${figures.ndjsonMegabytes.toFixed(0)} MB`,
    ],
    [
      'NDJSON export: peak RSS growth over before it',
      `${figures.ndjsonPeakRssGrowthMegabytes.toFixed(0)} MB`,
    ],
  ];
  for (const [name, value] of rows) console.log(`${name.padEnd(66)} ${value.padStart(24)}`);
}

/** The report workloads as rows of the bench table (the builder of issue 7 will replace this). */
export async function benchReportsWorkload({ quick }: BenchOptions): Promise<BenchRow[]> {
  const figures = await benchReports(quick);
  printReportFigures(figures);
  const size = `${figures.aidEntries} aid entries to ${figures.recipients} recipients, SQLite`;
  return [
    {
      workload: '3',
      name: 'reports/recipients, unfiltered',
      value: figures.recipientsReportSeconds,
      unit: 's',
      ...(figures.hledgerPivotSeconds === null
        ? {}
        : { baseline: figures.hledgerPivotSeconds, ratio: figures.reportVersusHledger ?? undefined }),
      goal: '< 0.3 s and ≥ 50× hledger',
      met: figures.recipientsReportSeconds < 0.3 && (figures.reportVersusHledger ?? 0) >= 50,
      note: size,
    },
  ];
}
