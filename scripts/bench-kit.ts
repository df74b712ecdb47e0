// The shared vocabulary of `npm run bench`: every workload module returns rows of this shape, and
// scripts/bench.ts prints them as one table and writes them to bench/results.json.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface BenchOptions {
  /** One tenth of full size: a smoke test for CI. */
  quick: boolean;
}

/** One measured figure, set beside the baseline measured in the same run where there is one. */
export interface BenchRow {
  /** The issue-7 workload number (1..6), or another stable label. */
  workload: string;
  name: string;
  value: number;
  unit: string;
  /** The baseline's figure in the same unit, measured in the same run. */
  baseline?: number;
  /** value ÷ baseline where higher is better (rates), baseline ÷ value where lower is better (times). */
  ratio?: number;
  /** The goal in words, e.g. "≥ 0.5× baseline" or "< 0.3 s". */
  goal?: string;
  /** Whether this run met the goal. */
  met?: boolean;
  /** Anything a reader needs to read the figure right (sizes, runs, engine). */
  note?: string;
}

export type Workload = (options: BenchOptions) => Promise<BenchRow[]>;

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of nothing');
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/** Median seconds of `runs` runs of `work`. */
export async function timed(work: () => Promise<unknown>, runs = 3): Promise<number> {
  const seconds: number[] = [];
  for (let attempt = 0; attempt < runs; attempt += 1) {
    const started = performance.now();
    await work();
    seconds.push((performance.now() - started) / 1000);
  }
  return median(seconds);
}

export function temporaryDirectory(prefix = 'jomart-bench-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Samples this process's resident memory until stopped; `peak` is the highest seen. */
export function memorySampler(intervalMs = 50): { stop: () => { before: number; peak: number } } {
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, intervalMs);
  return {
    stop: () => {
      clearInterval(timer);
      peak = Math.max(peak, process.memoryUsage().rss);
      return { before, peak };
    },
  };
}

export const MEGABYTE = 2 ** 20;

/**
 * A `--import` preload for a CLI child process that prints the process's own peak resident memory
 * as it exits; `peakRssMegabytes` reads it back from the child's stderr. Not `resourceUsage().maxRSS`
 * alone: on Linux a child starts as a fork of the bench, and the kernel carries the fork's resident
 * size across exec into maxRSS, so every child reported the bench's own size (~273 MB once it held
 * the reports of a million entries), whatever it did — `jomart --help` too. VmHWM is the high-water
 * mark of what the child itself touched after exec; maxRSS remains where /proc is missing.
 */
export const PEAK_RSS_PRELOAD = `data:text/javascript,${encodeURIComponent(`import fs from 'node:fs';
process.on('exit', () => {
  const status = fs.existsSync('/proc/self/status') ? fs.readFileSync('/proc/self/status', 'utf8') : '';
  const kilobytes = /VmHWM:\\s+(\\d+)/.exec(status)?.[1] ?? process.resourceUsage().maxRSS;
  process.stderr.write('peak-rss-kb ' + kilobytes + '\\n');
});`)}`;

/** The peak resident memory that PEAK_RSS_PRELOAD printed on a child's stderr, in MB (NaN if none). */
export function peakRssMegabytes(stderr: string): number {
  const kilobytes = Number(/peak-rss-kb (\d+)/.exec(stderr)?.[1] ?? Number.NaN);
  return (kilobytes * 1024) / MEGABYTE;
}
