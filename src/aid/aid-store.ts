import type { Knex } from 'knex';
import type { AidCategory } from '../ledger/chart.js';
import { Money } from '../money/money.js';
import type { AidFilter, AidRecord } from './aid-types.js';

interface AidRow {
  id: number;
  recipient_id: number;
  fund_id: number;
  amount_tiyn: number;
  category: AidCategory;
  date: string;
  note: string | null;
  entry_id: number;
  created_by: number | null;
  created_at: string;
}

const AID_EXPENSE_ACCOUNT_PATTERN = 'expenses:aid:%';

/** Aid records, and the per-recipient yearly sum the caps need; knex only. */
export class AidStore {
  async insert(trx: Knex.Transaction, aid: Omit<AidRecord, 'id'>): Promise<number> {
    const [inserted] = await trx('aid')
      .insert({
        recipient_id: aid.recipientId,
        fund_id: aid.fundId,
        amount_tiyn: Number(aid.amount.tiyn),
        category: aid.category,
        date: aid.date,
        note: aid.note,
        entry_id: aid.entryId,
        created_by: aid.createdBy,
        created_at: aid.createdAt,
      })
      .returning('id');
    return Number(typeof inserted === 'object' ? inserted.id : inserted);
  }

  async findById(db: Knex, id: number): Promise<AidRecord | null> {
    const row: AidRow | undefined = await db('aid').where({ id }).first();
    return row ? toRecord(row) : null;
  }

  async list(db: Knex, filter: AidFilter): Promise<AidRecord[]> {
    const query = db('aid')
      .join('entries as entry', 'entry.id', 'aid.entry_id')
      .leftJoin('entries as resolution', 'resolution.pending_entry_id', 'entry.id')
      .orderBy('aid.id', 'desc')
      .limit(filter.limit)
      .select('aid.*');
    if (filter.beforeId !== undefined) query.where('aid.id', '<', filter.beforeId);
    if (filter.from !== undefined) query.where('aid.date', '>=', filter.from);
    if (filter.to !== undefined) query.where('aid.date', '<=', filter.to);
    if (filter.recipientId !== undefined) query.where('aid.recipient_id', filter.recipientId);
    if (filter.fundId !== undefined) query.where('aid.fund_id', filter.fundId);
    if (filter.status === 'pending') query.where('entry.status', 'pending').whereNull('resolution.id');
    if (filter.status === 'voided') query.where('resolution.status', 'voided');
    if (filter.status === 'posted') {
      query.where((posted) => posted.where('entry.status', 'posted').orWhere('resolution.status', 'posted'));
    }
    return (await query).map(toRecord);
  }

  /**
   * Aid a recipient got from a fund with value dates in [from, to]: posted aid net of its reversals, plus
   * aid still pending. Summed over the journal's postings, so it counts exactly what the books say.
   */
  async aidToRecipientFromFund(
    db: Knex,
    recipientId: number,
    fundId: number,
    from: string,
    to: string,
  ): Promise<Money> {
    const row = await db('postings')
      .join('entries', 'entries.id', 'postings.entry_id')
      .join('accounts', 'accounts.id', 'postings.account_id')
      .leftJoin('entries as resolution', 'resolution.pending_entry_id', 'entries.id')
      .leftJoin('entries as original', 'original.id', 'entries.reverses_entry_id')
      .where('postings.recipient_id', recipientId)
      .where('postings.fund_id', fundId)
      .where('accounts.code', 'like', AID_EXPENSE_ACCOUNT_PATTERN)
      // A reversal counts in the year of the aid it undoes, not in the year it was written.
      .whereRaw('COALESCE(original.date, entries.date) BETWEEN ? AND ?', [from, to])
      .where((counted) =>
        counted
          .where('entries.status', 'posted')
          .orWhere((pending) => pending.where('entries.status', 'pending').whereNull('resolution.id')),
      )
      .select(db.raw('CAST(COALESCE(SUM(postings.amount_tiyn), 0) AS TEXT) AS total'))
      .first();
    return Money.fromTiyn(String(row?.total ?? '0'));
  }
}

function toRecord(row: AidRow): AidRecord {
  return {
    id: Number(row.id),
    recipientId: Number(row.recipient_id),
    fundId: Number(row.fund_id),
    amount: Money.fromTiyn(row.amount_tiyn),
    category: row.category,
    date: row.date,
    note: row.note,
    entryId: Number(row.entry_id),
    createdBy: row.created_by === null ? null : Number(row.created_by),
    createdAt: row.created_at,
  };
}
