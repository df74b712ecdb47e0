import type { Knex } from 'knex';
import { Money } from '../money/money.js';
import type { DonationFilter, DonationRecord } from './donation-types.js';

interface DonationRow {
  id: number;
  patron_id: number | null;
  fund_id: number;
  amount_tiyn: number;
  date: string;
  reference: string | null;
  note: string | null;
  original_amount: string | null;
  original_currency: string | null;
  rate: string | null;
  entry_id: number;
  created_by: number | null;
  created_at: string;
}

/** Donation records; knex only. Their status lives in the journal, not here. */
export class DonationStore {
  async insert(trx: Knex.Transaction, donation: Omit<DonationRecord, 'id'>): Promise<number> {
    const [inserted] = await trx('donations')
      .insert({
        patron_id: donation.patronId,
        fund_id: donation.fundId,
        amount_tiyn: Number(donation.amount.tiyn),
        date: donation.date,
        reference: donation.reference,
        note: donation.note,
        original_amount: donation.foreign?.originalAmount ?? null,
        original_currency: donation.foreign?.originalCurrency ?? null,
        rate: donation.foreign?.rate ?? null,
        entry_id: donation.entryId,
        created_by: donation.createdBy,
        created_at: donation.createdAt,
      })
      .returning('id');
    return Number(typeof inserted === 'object' ? inserted.id : inserted);
  }

  async findById(db: Knex, id: number): Promise<DonationRecord | null> {
    const row: DonationRow | undefined = await db('donations').where({ id }).first();
    return row ? toRecord(row) : null;
  }

  async findIdByReference(db: Knex, reference: string): Promise<number | null> {
    const row = await db('donations').where({ reference }).first('id');
    return row ? Number(row.id) : null;
  }

  /** Newest first; the status filter reads the journal (pending = entry pending and not resolved). */
  async list(db: Knex, filter: DonationFilter): Promise<DonationRecord[]> {
    const query = db('donations')
      .join('entries as entry', 'entry.id', 'donations.entry_id')
      .leftJoin('entries as resolution', 'resolution.pending_entry_id', 'entry.id')
      .orderBy('donations.id', 'desc')
      .limit(filter.limit)
      .select('donations.*');
    if (filter.beforeId !== undefined) query.where('donations.id', '<', filter.beforeId);
    if (filter.from !== undefined) query.where('donations.date', '>=', filter.from);
    if (filter.to !== undefined) query.where('donations.date', '<=', filter.to);
    if (filter.patronId !== undefined) query.where('donations.patron_id', filter.patronId);
    if (filter.fundId !== undefined) query.where('donations.fund_id', filter.fundId);
    if (filter.status === 'pending') query.where('entry.status', 'pending').whereNull('resolution.id');
    if (filter.status === 'voided') query.where('resolution.status', 'voided');
    if (filter.status === 'posted') {
      query.where((posted) => posted.where('entry.status', 'posted').orWhere('resolution.status', 'posted'));
    }
    return (await query).map(toRecord);
  }
}

function toRecord(row: DonationRow): DonationRecord {
  return {
    id: Number(row.id),
    patronId: row.patron_id === null ? null : Number(row.patron_id),
    fundId: Number(row.fund_id),
    amount: Money.fromTiyn(row.amount_tiyn),
    date: row.date,
    reference: row.reference,
    note: row.note,
    foreign:
      row.original_amount !== null && row.original_currency !== null && row.rate !== null
        ? { originalAmount: row.original_amount, originalCurrency: row.original_currency, rate: row.rate }
        : null,
    entryId: Number(row.entry_id),
    createdBy: row.created_by === null ? null : Number(row.created_by),
    createdAt: row.created_at,
  };
}
