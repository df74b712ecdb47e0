// Proves that an export's memory does not grow with the journal (SPEC §7): a journal of 100,000
// entries — some 70 MB of NDJSON — streams to a slow counting sink while the memory in use (heap
// and Buffers, measured after a full garbage collection at every chunk) stays within a few batches of where it began; and the stream is whole.
// On a slow machine the journal is built for at most GENERATION_TIME_BOX_MILLISECONDS and the
// bounds are checked against what was built. And a client that hangs up halfway through a big
// download ends the export on the server: its snapshot is let go, and the ledger carries on.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import v8 from 'node:v8';
import vm from 'node:vm';
import { expect } from 'chai';
import { Money } from '../../src/money/money.js';
import { useApi } from '../support/api-harness.js';
import { appendSyntheticEntries } from './export-fixtures.js';

const JOURNAL_ENTRIES = 100_000;
const GENERATION_TIME_BOX_MILLISECONDS = 30_000;
/** Far below what the export would take if it held the journal (the NDJSON alone is ~70 MB). */
const HEAP_GROWTH_LIMIT_BYTES = 50 * 1024 * 1024;
/** Whatever the journal's size, memory in use may not grow by more than this share of the bytes streamed. */
const HEAP_GROWTH_SHARE_OF_EXPORT = 0.25;
const MEMORY_TEST_TIMEOUT_MILLISECONDS = 180_000;
/** How often the slow sink measures memory: about once per batch of entries, as when a batch was one chunk. */
const MEASURE_EVERY_BYTES = 128 * 1024;

/** What the process holds for JavaScript: the V8 heap and the Buffers outside it. */
function memoryInUseBytes(): number {
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.external;
}

/** A full garbage collection: `global.gc` under --expose-gc, otherwise the flag is set now. */
function garbageCollector(): () => void {
  if (typeof globalThis.gc === 'function') return globalThis.gc as () => void;
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}

describe('ledger export memory', function () {
  this.timeout(MEMORY_TEST_TIMEOUT_MILLISECONDS);
  const api = useApi();

  let journalEntries = 0;

  before(async () => {
    journalEntries = await appendSyntheticEntries(api.current.services.database.knex, JOURNAL_ENTRIES, {
      deadline: Date.now() + GENERATION_TIME_BOX_MILLISECONDS,
    });
  });

  it('writeLedger — 100,000 entries as NDJSON to a slow sink — memory grows < 50 MB and < ¼ of the bytes; every line arrives', async () => {
    const services = api.current.services;
    const collect = garbageCollector();
    collect();
    const baselineBytes = memoryInUseBytes();
    let peakBytes = baselineBytes;
    let bytes = 0;
    let lines = 0;
    let chunks = 0;
    let measuredAtBytes = 0;
    let lastLine = '';
    const sink = new Writable({
      highWaterMark: 64 * 1024,
      write(chunk: Buffer, _encoding, done) {
        bytes += chunk.length;
        for (let index = chunk.indexOf(10); index !== -1; index = chunk.indexOf(10, index + 1)) lines += 1;
        lastLine = chunk.toString('utf8', Math.max(0, chunk.length - 200));
        chunks += 1;
        // Measured while the chunk is held, after a full collection: what is live, not what is garbage.
        // Once per MEASURE_EVERY_BYTES, not per chunk: the export writes small pieces, and a full
        // collection at each of them took longer than the test's time limit.
        if (bytes - measuredAtBytes >= MEASURE_EVERY_BYTES) {
          measuredAtBytes = bytes;
          collect();
          peakBytes = Math.max(peakBytes, memoryInUseBytes());
        }
        setImmediate(done);
      },
    });
    const summary = await services.exports.writeLedger({ format: 'ndjson' }, sink);
    const growthMegabytes = (peakBytes - baselineBytes) / 1024 / 1024;
    console.log(
      `      ${journalEntries} entries, ${(bytes / 1024 / 1024).toFixed(0)} MB streamed in ${chunks} chunks; memory grew at most ${growthMegabytes.toFixed(1)} MB`,
    );
    expect(summary).to.include({ entries: journalEntries, partial: false });
    expect(lines).to.equal(journalEntries + 2);
    expect(lastLine).to.include(
      `{"type":"end","entries":${journalEntries},"headHash":"${summary.headHash}"}`,
    );
    expect(peakBytes - baselineBytes).to.be.below(HEAP_GROWTH_LIMIT_BYTES);
    expect(peakBytes - baselineBytes).to.be.below(HEAP_GROWTH_SHARE_OF_EXPORT * bytes);
  });

  it('GET /v1/exports/ledger — the client hangs up after the first bytes — the export ends, the ledger carries on', async () => {
    const services = api.current.services;
    const exports: Promise<unknown>[] = [];
    const writeLedger = services.exports.writeLedger;
    services.exports.writeLedger = (...args) => {
      const running = writeLedger.apply(services.exports, args);
      exports.push(running.catch((error: unknown) => error));
      return running;
    };
    const server = http.createServer(api.current.app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const firstBytes = await new Promise<number>((resolve, reject) => {
        const request = http.get(
          {
            host: '127.0.0.1',
            port,
            path: '/v1/exports/ledger?format=csv',
            headers: { authorization: `Bearer ${api.current.tokens.auditor}` },
          },
          (response) => {
            response.once('data', (chunk: Buffer) => {
              request.destroy();
              resolve(chunk.length);
            });
          },
        );
        request.on('error', (error) => (request.destroyed ? undefined : reject(error)));
      });
      expect(firstBytes).to.be.above(0);
      expect(exports).to.have.length(1);
      const ended = await exports[0];
      expect(ended, 'the export stopped before its end').to.be.instanceOf(Error);
      await services.ledger.record({
        kind: 'donation',
        status: 'posted',
        postings: [
          { accountCode: 'assets:funds:general', amount: Money.fromTiyn(100), patronId: 9 },
          { accountCode: 'income:donations', amount: Money.fromTiyn(-100), fundId: 1, patronId: 9 },
        ],
      });
      const latest = await api.current.get('auditor', '/v1/exports/ledger?format=ndjson&from=2026-11-25');
      expect(latest.status).to.equal(200);
    } finally {
      services.exports.writeLedger = writeLedger;
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
