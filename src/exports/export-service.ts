import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Knex } from 'knex';
import { parseBusinessDate } from '../calendar/business-date.js';
import { type Database, openSqlite } from '../db/database.js';
import { ValidationError } from '../errors/validation-error.js';
import type { LedgerService } from '../ledger/ledger-service.js';
import type { Entry } from '../ledger/ledger-types.js';
import { CSV_CONTENT_TYPE } from '../text/csv.js';
import { beancountFormat } from './export-beancount.js';
import { csvFormat } from './export-csv.js';
import { hledgerFormat } from './export-hledger.js';
import { ndjsonFormat } from './export-ndjson.js';
import { ExportStore } from './export-store.js';
import {
  type ExportFormat,
  type ExportHeader,
  type ExportRange,
  isPartial,
  type TextExportFormat,
} from './export-types.js';
import { writeXlsx } from './export-xlsx.js';

/**
 * How many entries an export reads per query: memory holds one batch, whatever the journal's size.
 * Small enough that a batch's objects die young: at 2,000 they outlived two scavenges while being
 * written, were promoted, and the old space filled with garbage to ~100 MB before V8 compacted it —
 * peak RSS 170–250 MB for a 100,000-entry export; at 200 it is ~137 MB and the export no slower.
 */
export const EXPORT_BATCH_ENTRIES = 200;
/**
 * How much text an export hands its sink at once. A whole batch as one string (~130,000 characters,
 * two bytes each once a memo is Cyrillic) is a large object to V8: it is never allocated in the young
 * generation, so it outlives the batch until a full collection — ~20 MB of dead batches at the peak
 * of a million-entry export. Pieces this size die young.
 */
const EXPORT_PIECE_CHARACTERS = 16_384;
/** How long the export's own SQLite connection waits on a lock (readers in WAL mode rarely wait). */
const SQLITE_EXPORT_BUSY_TIMEOUT_MILLISECONDS = 10_000;

export interface LedgerExportRequest {
  format: ExportFormat;
  /** First value date, inclusive; the whole journal when both are absent. */
  from?: string | null | undefined;
  /** Last value date, inclusive. */
  to?: string | null | undefined;
}

export interface LedgerExportSummary {
  format: ExportFormat;
  entries: number;
  headHash: string;
  partial: boolean;
}

/** How a format is served and saved. */
export interface ExportMedia {
  contentType: string;
  extension: string;
}

const MEDIA: Readonly<Record<ExportFormat, ExportMedia>> = {
  csv: { contentType: CSV_CONTENT_TYPE, extension: 'csv' },
  ndjson: { contentType: 'application/x-ndjson; charset=utf-8', extension: 'ndjson' },
  xlsx: {
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    extension: 'xlsx',
  },
  hledger: { contentType: 'text/plain; charset=utf-8', extension: 'journal' },
  beancount: { contentType: 'text/plain; charset=utf-8', extension: 'beancount' },
};

const TEXT_FORMATS: Readonly<Record<Exclude<ExportFormat, 'xlsx'>, TextExportFormat>> = {
  csv: csvFormat,
  ndjson: ndjsonFormat,
  hledger: hledgerFormat,
  beancount: beancountFormat,
};

/**
 * Whole-journal exports, streamed (SPEC §7). Each export reads one consistent snapshot — the head,
 * the count and every entry as of one moment, whatever is written meanwhile — in id-order batches
 * of EXPORT_BATCH_ENTRIES, and writes each batch before reading the next, waiting whenever the
 * reader is slower: memory does not grow with the ledger.
 */
export class ExportService {
  private readonly store: ExportStore;

  constructor(
    readonly database: Database,
    readonly ledger: LedgerService,
  ) {
    this.store = new ExportStore(database.kind);
  }

  media(format: ExportFormat): ExportMedia {
    return MEDIA[format];
  }

  /** A download name: `jomart-ledger.csv`, or `jomart-ledger_2026-01-01_2026-12-31.csv` for a range. */
  fileName(request: LedgerExportRequest): string {
    const range = checkedRange(request);
    const dates = isPartial(range) ? `_${range.from ?? 'start'}_${range.to ?? 'end'}` : '';
    return `jomart-ledger${dates}.${MEDIA[request.format].extension}`;
  }

  /**
   * Writes the export to `sink` and, unless told not to (stdout), ends it. Rejects if the sink
   * closes first (the reader went away); nothing is held open afterwards.
   */
  async writeLedger(
    request: LedgerExportRequest,
    sink: Writable,
    options: { endSink?: boolean } = {},
  ): Promise<LedgerExportSummary> {
    const range = checkedRange(request);
    const endSink = options.endSink ?? true;
    return this.inSnapshot(async (trx) => {
      const header = await this.readHeader(trx, range);
      const batches = this.batches(trx, range);
      const written =
        request.format === 'xlsx'
          ? await writeXlsx(header, batches, sink, endSink)
          : await writeText(TEXT_FORMATS[request.format], header, batches, sink, endSink);
      if (written !== header.entries) {
        throw new Error(`the export counted ${header.entries} entries but wrote ${written}: snapshot broken`);
      }
      return {
        format: request.format,
        entries: written,
        headHash: header.headHash,
        partial: isPartial(range),
      };
    });
  }

  private async readHeader(trx: Knex.Transaction, range: ExportRange): Promise<ExportHeader> {
    const head = await this.store.head(trx);
    const extent = await this.store.extent(trx, range);
    return {
      ...range,
      headHash: head.lastHash,
      journalEntries: head.lastEntryId,
      entries: extent.entries,
      firstDate: extent.firstDate,
      accounts: await this.store.accounts(trx),
    };
  }

  private async *batches(trx: Knex.Transaction, range: ExportRange): AsyncGenerator<Entry[]> {
    let afterId = 0;
    for (;;) {
      const batch = await this.store.entriesAfter(trx, afterId, EXPORT_BATCH_ENTRIES, range);
      const last = batch[batch.length - 1];
      if (!last) return;
      yield batch;
      afterId = last.id;
    }
  }

  /**
   * Runs `work` in one read snapshot. PostgreSQL: a REPEATABLE READ, READ ONLY transaction. SQLite:
   * a transaction on a connection of the export's own — the app's single connection is what every
   * write queues on, and a slow download must not hold it; in WAL mode this reader sees the
   * database as of its first read while writers carry on.
   */
  private async inSnapshot<T>(work: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
    if (this.database.kind === 'postgres') {
      return this.database.knex.transaction(work, { isolationLevel: 'repeatable read', readOnly: true });
    }
    const reader = openSqlite(this.database.location, SQLITE_EXPORT_BUSY_TIMEOUT_MILLISECONDS);
    try {
      return await reader.knex.transaction(work);
    } finally {
      await reader.knex.destroy();
    }
  }
}

/** Streams a text format: header, the entries in pieces of EXPORT_PIECE_CHARACTERS, trailer; `pipeline` minds backpressure. */
async function writeText(
  format: TextExportFormat,
  header: ExportHeader,
  batches: AsyncIterable<Entry[]>,
  sink: Writable,
  endSink: boolean,
): Promise<number> {
  let written = 0;
  async function* pieces(): AsyncGenerator<string> {
    yield format.header(header);
    let piece = '';
    for await (const batch of batches) {
      for (const entry of batch) {
        piece += format.entry(entry);
        if (piece.length >= EXPORT_PIECE_CHARACTERS) {
          yield piece;
          piece = '';
        }
      }
      written += batch.length;
    }
    yield piece + format.trailer(header, written);
  }
  await pipeline(Readable.from(pieces(), { objectMode: false }), sink, { end: endSink });
  return written;
}

function checkedRange(request: LedgerExportRequest): ExportRange {
  const from = request.from == null ? null : parseBusinessDate(request.from, 'from');
  const to = request.to == null ? null : parseBusinessDate(request.to, 'to');
  if (from !== null && to !== null && from > to) {
    throw new ValidationError(`from (${from}) is after to (${to})`, { field: 'from' });
  }
  return { from, to };
}
