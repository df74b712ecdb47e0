import type { Knex } from 'knex';
import { ROWS_PER_INSERT } from '../ledger/ledger-store.js';
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

function donationRow(donation: Omit<DonationRecord, 'id'>): Record<string, unknown> {
  return {
    patron_id: donation.patronId,
    fund_id: donation.fundId,
    amount_tiyn: donation.amount.tiyn.toString(),
    date: donation.date,
    reference: donation.reference,
    note: donation.note,
    original_amount: donation.foreign?.originalAmount ?? null,
    original_currency: donation.foreign?.originalCurrency ?? null,
    rate: donation.foreign?.rate ?? null,
    entry_id: donation.entryId,
    created_by: donation.createdBy,
    created_at: donation.createdAt,
  };
}

/** Donation records; knex only. Their status lives in the journal, not here. */
export class DonationStore {
  async insert(trx: Knex.Transaction, donation: Omit<DonationRecord, 'id'>): Promise<number> {
    const [id] = await this.insertMany(trx, [donation]);
    return id as number;
  }

  /** Inserts donations in order, a few hundred per statement; their new ids in the same order. */
  async insertMany(
    trx: Knex.Transaction,
    donations: ReadonlyArray<Omit<DonationRecord, 'id'>>,
  ): Promise<number[]> {
    const ids: number[] = [];
    for (let start = 0; start < donations.length; start += ROWS_PER_INSERT) {
      const inserted = await trx('donations')
        .insert(donations.slice(start, start + ROWS_PER_INSERT).map(donationRow))
        .returning('id');
      const batch = inserted.map((row: unknown) =>
        Number(typeof row === 'object' && row !== null ? (row as { id: unknown }).id : row),
      );
      // Ids come back in insertion order on both engines; sorting guards against an engine that does not say so.
      ids.push(...batch.sort((a: number, b: number) => a - b));
    }
    return ids;
  }

  async findById(db: Knex, id: number): Promise<DonationRecord | null> {
    const row: DonationRow | undefined = await db('donations').where({ id }).first();
    return row ? toRecord(row) : null;
  }

  /** The donation booked under each of these bank references that has one. */
  async idsByReference(db: Knex, references: readonly string[]): Promise<Map<string, number>> {
    const found = new Map<string, number>();
    const distinct = [...new Set(references)];
    for (let start = 0; start < distinct.length; start += ROWS_PER_INSERT) {
      const rows = await db('donations')
        .whereIn('reference', distinct.slice(start, start + ROWS_PER_INSERT))
        .select('id', 'reference');
      for (const row of rows) found.set(String(row.reference), Number(row.id));
    }
    return found;
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
