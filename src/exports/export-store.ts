import type { Knex } from 'knex';
import type { AccountType } from '../ledger/chart.js';
import type { Entry, EntryStatus, Posting } from '../ledger/ledger-types.js';
import { Money } from '../money/money.js';
import type { ExportAccount, ExportRange } from './export-types.js';

interface EntryRow {
  id: number;
  kind: string;
  status: EntryStatus;
  date: string;
  recorded_at: string;
  memo: string | null;
  reverses_entry_id: number | null;
  pending_entry_id: number | null;
  created_by: number | null;
  request_id: string | null;
  prev_hash: string;
  hash: string;
}

interface PostingRow {
  entry_id: number;
  account_id: number;
  account_code: string;
  amount_tiyn: number;
  fund_id: number | null;
  patron_id: number | null;
  recipient_id: number | null;
}

/**
 * The journal as exports read it: knex only, inside the export's snapshot transaction. Entries are
 * read by keyset (ids after the last one read), so each batch costs the same however far the
 * export has come, and a date range needs no contiguous ids.
 */
export class ExportStore {
  async head(trx: Knex.Transaction): Promise<{ lastEntryId: number; lastHash: string }> {
    const row = await trx('journal_head').where({ id: 1 }).first('last_entry_id', 'last_hash');
    if (!row) throw new Error('journal_head row is missing: the database was not migrated');
    return { lastEntryId: Number(row.last_entry_id), lastHash: row.last_hash };
  }

  async accounts(trx: Knex.Transaction): Promise<ExportAccount[]> {
    const rows: { id: number; code: string; type: AccountType }[] = await trx('accounts')
      .orderBy('id')
      .select('id', 'code', 'type');
    return rows.map((row) => ({ id: Number(row.id), code: row.code, type: row.type }));
  }

  /** How many entries the range holds, and the earliest value date among them. */
  async extent(
    trx: Knex.Transaction,
    range: ExportRange,
  ): Promise<{ entries: number; firstDate: string | null }> {
    const row: { entries: number | string; first_date: string | null } | undefined = await withinRange(
      trx('entries'),
      range,
    )
      .select(trx.raw('COUNT(*) AS entries'), trx.raw('MIN(date) AS first_date'))
      .first();
    return { entries: Number(row?.entries ?? 0), firstDate: row?.first_date ?? null };
  }

  /** Up to `limit` entries with ids above `afterId` in the range, in id order, each with its postings. */
  async entriesAfter(
    trx: Knex.Transaction,
    afterId: number,
    limit: number,
    range: ExportRange,
  ): Promise<Entry[]> {
    const entryRows: EntryRow[] = await withinRange(trx('entries'), range)
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(limit);
    const first = entryRows[0];
    const last = entryRows[entryRows.length - 1];
    if (!first || !last) return [];
    // The range is applied again so that a sparse range never reads the postings between its entries.
    const postingRows: PostingRow[] = await withinRange(
      trx('postings').join('entries', 'entries.id', 'postings.entry_id'),
      range,
      'entries.date',
    )
      .join('accounts', 'accounts.id', 'postings.account_id')
      .whereBetween('postings.entry_id', [first.id, last.id])
      .orderBy('postings.entry_id')
      .orderBy('postings.id')
      .select(
        'postings.entry_id',
        'postings.account_id',
        'accounts.code as account_code',
        'postings.amount_tiyn',
        'postings.fund_id',
        'postings.patron_id',
        'postings.recipient_id',
      );
    const postingsByEntry = new Map<number, Posting[]>();
    for (const row of postingRows) {
      const entryId = Number(row.entry_id);
      const postings = postingsByEntry.get(entryId) ?? [];
      postings.push(toPosting(row));
      postingsByEntry.set(entryId, postings);
    }
    return entryRows.map((row) => toEntry(row, postingsByEntry.get(Number(row.id)) ?? []));
  }
}

function withinRange(query: Knex.QueryBuilder, range: ExportRange, column = 'date'): Knex.QueryBuilder {
  if (range.from !== null) query.where(column, '>=', range.from);
  if (range.to !== null) query.where(column, '<=', range.to);
  return query;
}

function optionalId(value: number | null): number | null {
  return value === null ? null : Number(value);
}

function toPosting(row: PostingRow): Posting {
  return {
    accountId: Number(row.account_id),
    accountCode: row.account_code,
    amount: Money.fromTiyn(row.amount_tiyn),
    fundId: optionalId(row.fund_id),
    patronId: optionalId(row.patron_id),
    recipientId: optionalId(row.recipient_id),
  };
}

function toEntry(row: EntryRow, postings: Posting[]): Entry {
  return {
    id: Number(row.id),
    kind: row.kind,
    status: row.status,
    date: row.date,
    recordedAt: row.recorded_at,
    memo: row.memo,
    reversesEntryId: optionalId(row.reverses_entry_id),
    pendingEntryId: optionalId(row.pending_entry_id),
    createdBy: optionalId(row.created_by),
    requestId: row.request_id,
    prevHash: row.prev_hash,
    hash: row.hash,
    postings,
  };
}
