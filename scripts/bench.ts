// `npm run bench`: every workload of issue 7, each against a baseline measured in the same run on
// the same machine, reported as ratios (the machines are shared and noisy: a lone absolute time
// means little). Prints one table and writes bench/results.json.
//
//   npm run bench                       full size
//   npm run bench -- --quick            one tenth, a smoke test (CI runs this)
//   npm run bench -- --only import,http only the named workloads
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchCore } from './bench-core.js';
import { benchHttp } from './bench-http.js';
import { benchImport } from './bench-import.js';
import type { BenchRow, Workload } from './bench-kit.js';
import { benchReportsWorkload as benchReports } from './bench-reports.js';

const WORKLOADS: Array<readonly [string, Workload]> = [
  ['http', benchHttp], // 1 and 6: POST /v1/donations over HTTP; two processes on PostgreSQL
  ['import', benchImport], // 2: a bank statement through the CLI
  ['reports', benchReports], // 3, 4, 5: reports, NDJSON export, verify over 1,000,000 aid entries
  ['core', benchCore], // the ledger service in-process
];

function argumentAfter(flag: string): string | undefined {
  const index = process.argv.indexOf(flag);
  return index === -1 ? undefined : process.argv[index + 1];
}

function formatNumber(value: number): string {
  if (value >= 100) return value.toFixed(0);
  if (value >= 1) return value.toFixed(2);
  return value.toFixed(3);
}

function printTable(rows: readonly BenchRow[]): void {
  const lines = rows.map((row) => [
    row.workload,
    row.name,
    `${formatNumber(row.value)} ${row.unit}`,
    row.baseline === undefined ? '' : `${formatNumber(row.baseline)} ${row.unit}`,
    row.ratio === undefined ? '' : `${row.ratio.toFixed(2)}×`,
    row.goal ?? '',
    row.met === undefined ? '' : row.met ? 'met' : 'NOT met',
  ]);
  const header = ['#', 'measure', 'value', 'baseline', 'ratio', 'goal', ''];
  const widths = header.map((title, column) =>
    Math.max(title.length, ...lines.map((line) => (line[column] as string).length)),
  );
  const format = (line: string[]) =>
    line.map((cell, column) => cell.padEnd(widths[column] as number)).join('  ');
  console.log(`\n${format(header)}\n${widths.map((width) => '-'.repeat(width)).join('  ')}`);
  for (const line of lines) console.log(format(line));
  for (const row of rows) if (row.note) console.log(`  ${row.workload} ${row.name}: ${row.note}`);
}

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const only = argumentAfter('--only')?.split(',');
  const selected = WORKLOADS.filter(([name]) => !only || only.includes(name));
  if (selected.length === 0)
    throw new Error(`--only names none of: ${WORKLOADS.map(([name]) => name).join(', ')}`);
  const rows: BenchRow[] = [];
  for (const [name, workload] of selected) {
    console.log(`\n=== ${name}${quick ? ' (quick)' : ''} ===`);
    const started = performance.now();
    const produced = await workload({ quick });
    console.log(`${name}: ${((performance.now() - started) / 1000).toFixed(0)} s`);
    printTable(produced);
    rows.push(...produced);
  }
  console.log(`\n=== all workloads${quick ? ' (quick: one tenth of full size)' : ''} ===`);
  printTable(rows);
  const results = {
    measuredAt: new Date().toISOString(),
    quick,
    machine: { cpus: os.cpus().length, node: process.version, platform: `${os.platform()} ${os.release()}` },
    rows,
  };
  const file = path.join(import.meta.dirname, '..', 'bench', quick ? 'results-quick.json' : 'results.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nwritten to ${path.relative(process.cwd(), file)}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
