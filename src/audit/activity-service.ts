import { Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Knex } from 'knex';
import { type Page, type PageRequest, pageOf } from '../db/paging.js';
import { Money } from '../money/money.js';
import { CSV_BOM, csvLine } from '../text/csv.js';
import { type ActivityFilter, type ActivityRow, ActivityStore } from './activity-store.js';

/** How many entries a CSV listing reads per query: memory holds one batch, whatever the journal's size. */
export const ACTIVITY_CSV_BATCH_ENTRIES = 2000;

/** One line of the activity listing: an entry, what it moved, and who made it with which request. */
export interface ActivityItem {
  entryId: number;
  date: string;
  recordedAt: string;
  kind: string;
  status: string;
  /** The entry's debits (the money it moved); "0.00" for a void, which moves nothing. */
  amount: Money;
  reverses: number | null;
  pendingEntryId: number | null;
  user: { id: number; email: string | null; role: string | null } | null;
  requestId: string | null;
}

export const ACTIVITY_CSV_COLUMNS = [
  'entry_id',
  'date',
  'recorded_at',
  'kind',
  'status',
  'amount',
  'reverses_entry_id',
  'pending_entry_id',
  'user_id',
  'user_email',
  'user_role',
  'request_id',
] as const;

export type ActivityQuery = Omit<ActivityFilter, 'beforeId'>;

/**
 * Who did what (SPEC §1: auditors read everything): every journal entry with the user who made it
 * (id, email, role) and the request id it came with, filtered by value date and user. Read-only.
 */
export class ActivityService {
  private readonly store = new ActivityStore();

  constructor(private readonly db: Knex) {}

  async list(query: ActivityQuery, page: PageRequest): Promise<Page<ActivityItem>> {
    const rows = await this.store.listNewestFirst(
      this.db,
      { ...query, beforeId: page.beforeId },
      page.limit + 1,
    );
    return pageOf(rows.map(activityItem), page, (item) => item.entryId);
  }

  /**
   * Every matching entry as CSV (BOM, formulas neutralised), newest first, read batch by batch;
   * `pipeline` minds backpressure, so memory holds one batch whatever the journal's size.
   */
  async writeCsv(query: ActivityQuery, sink: Writable): Promise<void> {
    const store = this.store;
    const db = this.db;
    async function* pieces(): AsyncGenerator<string> {
      yield CSV_BOM + csvLine(ACTIVITY_CSV_COLUMNS);
      let beforeId: number | undefined;
      for (;;) {
        const rows = await store.listNewestFirst(db, { ...query, beforeId }, ACTIVITY_CSV_BATCH_ENTRIES);
        if (rows.length > 0) yield rows.map((row) => csvLine(csvCells(row))).join('');
        const last = rows[rows.length - 1];
        if (rows.length < ACTIVITY_CSV_BATCH_ENTRIES || last === undefined) return;
        beforeId = last.entryId;
      }
    }
    await pipeline(Readable.from(pieces(), { objectMode: false }), sink);
  }
}

function activityItem(row: ActivityRow): ActivityItem {
  return {
    entryId: row.entryId,
    date: row.date,
    recordedAt: row.recordedAt,
    kind: row.kind,
    status: row.status,
    amount: Money.fromTiyn(row.amountTiyn),
    reverses: row.reversesEntryId,
    pendingEntryId: row.pendingEntryId,
    user: row.userId === null ? null : { id: row.userId, email: row.userEmail, role: row.userRole },
    requestId: row.requestId,
  };
}

function csvCells(row: ActivityRow) {
  return [
    row.entryId,
    row.date,
    row.recordedAt,
    row.kind,
    row.status,
    Money.fromTiyn(row.amountTiyn).toString(),
    row.reversesEntryId,
    row.pendingEntryId,
    row.userId,
    row.userEmail,
    row.userRole,
    row.requestId,
  ];
}
