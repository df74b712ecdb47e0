// Workload 2 of issue 7: a bank statement through `jomart import-statement` against better-sqlite3
// inserting the same number of bare entries with two postings each. Being written (issue 5).
import type { BenchOptions, BenchRow } from './bench-kit.js';

export async function benchImport(_options: BenchOptions): Promise<BenchRow[]> {
  console.log('import: not measured yet');
  return [];
}
