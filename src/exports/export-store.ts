import type { Knex } from 'knex';
import type { DatabaseKind } from '../db/database.js';
import type { AccountType } from '../ledger/chart.js';
import { LedgerStore } from '../ledger/ledger-store.js';
import type { Entry } from '../ledger/ledger-types.js';
import type { ExportAccount, ExportRange } from './export-types.js';

/**
 * The journal as exports read it: knex only, inside the export's snapshot transaction. Entries are
 * read by keyset (ids after the last one read), so each batch costs the same however far the
 * export has come, and a date range needs no contiguous ids.
 */
export class ExportStore {
  /** Entries are read the one way the ledger reads them. */
  private readonly journal: LedgerStore;

  constructor(kind: DatabaseKind) {
    this.journal = new LedgerStore(kind);
  }

  async head(trx: Knex.Transaction): Promise<{ lastEntryId: number; lastHash: string }> {
    return this.journal.readHead(trx);
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
    const ids = (
      await withinRange(trx('entries'), range)
        .where('id', '>', afterId)
        .orderBy('id')
        .limit(limit)
        .select('id')
    ).map((row: { id: number }) => Number(row.id));
    return ids.length === 0 ? [] : this.journal.entriesWithIds(trx, ids);
  }
}

function withinRange(query: Knex.QueryBuilder, range: ExportRange, column = 'date'): Knex.QueryBuilder {
  if (range.from !== null) query.where(column, '>=', range.from);
  if (range.to !== null) query.where(column, '<=', range.to);
  return query;
}
