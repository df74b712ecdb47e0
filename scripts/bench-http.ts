// Workloads 1 and 6 of issue 7: POST /v1/donations over HTTP (autocannon) against a bare Express 5
// route; two server processes on one PostgreSQL. Being written (issue 7).
import type { BenchOptions, BenchRow } from './bench-kit.js';

export async function benchHttp(_options: BenchOptions): Promise<BenchRow[]> {
  console.log('http: not measured yet');
  return [];
}
