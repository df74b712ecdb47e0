import type { Knex } from 'knex';
import { DONATIONS_ACCOUNT_CODE } from '../ledger/chart.js';
import { Money } from '../money/money.js';

/** An entry as a document cites it: its id, value date and SHA-256 hash. */
export interface EntrySeal {
  id: number;
  date: string;
  hash: string;
}

/** One posted donation of a patron, as a yearly statement lists it. */
export interface StatementLine {
  donationId: number;
  /** The value date of the entry that moved the money. */
  date: string;
  fundName: string;
  amount: Money;
  postedEntryId: number;
  postedEntryHash: string;
  reversalEntryId: number | null;
}

export interface StatementTotals {
  /** Posted donations in the year, reversed ones included. */
  count: number;
  /** What the posted donations that were not reversed add up to. */
  netTotal: Money;
}

/** What a patron gave to one fund: posted donations net of reversals. */
export interface FundGift {
  fundId: number;
  code: string;
  name: string;
  given: Money;
}

/** Aid one fund paid to the people of one region: posted, net of reversals, people with aid left. */
export interface RegionAid {
  fundId: number;
  region: string;
  people: number;
  total: Money;
}

const AID_EXPENSE_ACCOUNT_PATTERN = 'expenses:aid:%';

/**
 * The queries behind receipts, statements and impact; knex only. Sums are made in SQL and read as
 * text, so no driver turns them into a float.
 */
export class DocumentStore {
  async entrySeals(db: Knex, entryIds: readonly number[]): Promise<Map<number, EntrySeal>> {
    const rows: { id: number; date: string; hash: string }[] = await db('entries')
      .whereIn('id', [...entryIds])
      .select('id', 'date', 'hash');
    return new Map(
      rows.map((row) => [Number(row.id), { id: Number(row.id), date: row.date, hash: row.hash.trim() }]),
    );
  }

  async fundName(db: Knex, fundId: number): Promise<string | null> {
    const row: { name: string } | undefined = await db('funds').where({ id: fundId }).first('name');
    return row?.name ?? null;
  }

  /** The patron's posted donations whose money moved in `[from, to]`, oldest first, at most `limit`. */
  async statementLines(
    db: Knex,
    patronId: number,
    period: { from: string; to: string },
    limit: number,
  ): Promise<StatementLine[]> {
    const rows: {
      donation_id: number;
      date: string;
      fund_name: string;
      amount_tiyn: number;
      posted_entry_id: number;
      posted_entry_hash: string;
      reversal_entry_id: number | null;
    }[] = await postedDonations(db, patronId, period)
      .join('funds as fund', 'fund.id', 'donation.fund_id')
      .orderBy('posted.date')
      .orderBy('donation.id')
      .limit(limit)
      .select(
        'donation.id as donation_id',
        'posted.date',
        'fund.name as fund_name',
        'donation.amount_tiyn',
        'posted.id as posted_entry_id',
        'posted.hash as posted_entry_hash',
        'reversal.id as reversal_entry_id',
      );
    return rows.map((row) => ({
      donationId: Number(row.donation_id),
      date: row.date,
      fundName: row.fund_name,
      amount: Money.fromTiyn(row.amount_tiyn),
      postedEntryId: Number(row.posted_entry_id),
      postedEntryHash: row.posted_entry_hash.trim(),
      reversalEntryId: row.reversal_entry_id === null ? null : Number(row.reversal_entry_id),
    }));
  }

  /** Count and net total over every line of the statement, however many are listed. */
  async statementTotals(
    db: Knex,
    patronId: number,
    period: { from: string; to: string },
  ): Promise<StatementTotals> {
    const row: { count: number | string; net_tiyn: string } | undefined = await postedDonations(
      db,
      patronId,
      period,
    )
      .select(
        db.raw('COUNT(*) AS count'),
        db.raw(
          'CAST(COALESCE(SUM(CASE WHEN reversal.id IS NULL THEN donation.amount_tiyn ELSE 0 END), 0) AS TEXT) AS net_tiyn',
        ),
      )
      .first();
    return { count: Number(row?.count ?? 0), netTotal: Money.fromTiyn(row?.net_tiyn ?? '0') };
  }

  /** Per fund, what the patron gave: credits to donation income tagged with them, in posted entries. */
  async fundGifts(db: Knex, patronId: number): Promise<FundGift[]> {
    const rows: { fund_id: number; code: string; name: string; given_tiyn: string }[] = await db(
      'postings as posting',
    )
      .join('entries as entry', 'entry.id', 'posting.entry_id')
      .join('accounts as account', 'account.id', 'posting.account_id')
      .join('funds as fund', 'fund.id', 'posting.fund_id')
      .where('entry.status', 'posted')
      .where('account.code', DONATIONS_ACCOUNT_CODE)
      .where('posting.patron_id', patronId)
      .groupBy('fund.id', 'fund.code', 'fund.name')
      .orderBy('fund.id')
      .select(
        'fund.id as fund_id',
        'fund.code',
        'fund.name',
        db.raw('CAST(-SUM(posting.amount_tiyn) AS TEXT) AS given_tiyn'),
      );
    return rows.map((row) => ({
      fundId: Number(row.fund_id),
      code: row.code,
      name: row.name,
      given: Money.fromTiyn(row.given_tiyn),
    }));
  }

  /**
   * Per fund and region: how many people received posted aid from the fund (net of reversals, so a
   * person whose only aid was reversed is not counted) and how much. Aggregates only: no names, ids
   * or IINs leave this query.
   */
  async regionAid(db: Knex, fundIds: readonly number[]): Promise<RegionAid[]> {
    if (fundIds.length === 0) return [];
    const perRecipient = db('postings as posting')
      .join('entries as entry', 'entry.id', 'posting.entry_id')
      .join('accounts as account', 'account.id', 'posting.account_id')
      .where('entry.status', 'posted')
      .where('account.code', 'like', AID_EXPENSE_ACCOUNT_PATTERN)
      .whereNotNull('posting.recipient_id')
      .whereIn('posting.fund_id', [...fundIds])
      .groupBy('posting.fund_id', 'posting.recipient_id')
      .havingRaw('SUM(posting.amount_tiyn) > 0')
      .select('posting.fund_id', 'posting.recipient_id', db.raw('SUM(posting.amount_tiyn) AS net_tiyn'));
    const rows: { fund_id: number; region: string; people: number | string; total_tiyn: string }[] = await db
      .from(perRecipient.as('per_recipient'))
      .join('recipients as recipient', 'recipient.id', 'per_recipient.recipient_id')
      .groupBy('per_recipient.fund_id', 'recipient.region')
      .orderBy('per_recipient.fund_id')
      .orderBy('recipient.region')
      .select(
        'per_recipient.fund_id',
        'recipient.region',
        db.raw('COUNT(*) AS people'),
        db.raw('CAST(SUM(per_recipient.net_tiyn) AS TEXT) AS total_tiyn'),
      );
    return rows.map((row) => ({
      fundId: Number(row.fund_id),
      region: row.region,
      people: Number(row.people),
      total: Money.fromTiyn(row.total_tiyn),
    }));
  }
}

/**
 * The patron's donations joined to the entry that moved their money — the donation's own entry when
 * staff recorded it, or the entry that posted it when a patron declared it — within the period, with
 * the entry that reversed that one, if any. Pending and voided donations have no such entry.
 */
function postedDonations(db: Knex, patronId: number, period: { from: string; to: string }) {
  return db('donations as donation')
    .join('entries as posted', (join) =>
      join.on('posted.id', 'donation.entry_id').orOn('posted.pending_entry_id', 'donation.entry_id'),
    )
    .leftJoin('entries as reversal', 'reversal.reverses_entry_id', 'posted.id')
    .where('posted.status', 'posted')
    .where('donation.patron_id', patronId)
    .whereBetween('posted.date', [period.from, period.to]);
}
