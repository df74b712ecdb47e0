import type { Knex } from 'knex';
import type { AccountType } from '../ledger/chart.js';
import type { PatronKind } from '../patrons/patron-types.js';
import type { RegionCode } from '../recipients/regions.js';
import type { DateWindow } from './report-types.js';

type Db = Knex | Knex.Transaction;

/** Which postings a sum over aid covers: postings on these expense accounts, within the filters. */
export interface AidScope extends DateWindow {
  expenseAccountIds: readonly number[];
  fundId?: number | undefined;
  region?: RegionCode | undefined;
  /** Leave pending aid out entirely (the public summary shows money paid only). */
  postedOnly?: boolean | undefined;
}

/** Which postings a sum over donations covers: credits of the donations account, within the filters. */
export interface DonationScope extends DateWindow {
  donationAccountIds: readonly number[];
  fundId?: number | undefined;
}

/** How aid can be grouped: by the recipient's region, by the expense account (category), by month. */
export type AidDimension = 'region' | 'category' | 'month';

/** Sums come back as text (exact at any size), counts as numbers. */
export interface AidSumsRow {
  aidCount: number;
  totalTiyn: string;
  pendingTiyn: string;
}

export interface RecipientSumsRow extends AidSumsRow {
  recipientId: number;
  iin: string | null;
  fullName: string | null;
  region: RegionCode | null;
}

export interface GroupSumsRow extends AidSumsRow {
  /** A region code, an expense account id (as text) or a month `YYYY-MM`. */
  groupKey: string;
  people: number;
}

export interface PatronSumsRow {
  patronId: number | null;
  name: string | null;
  kind: PatronKind | null;
  anonymous: boolean;
  donationCount: number;
  totalTiyn: string;
  pendingTiyn: string;
}

export interface FundMovementRow {
  fundId: number;
  inTiyn: string;
  outTiyn: string;
}

export interface AccountTurnoverRow {
  accountId: number;
  debitTiyn: string;
  creditTiyn: string;
}

export interface ReportAccount {
  id: number;
  code: string;
  type: AccountType;
  fundId: number | null;
}

/*
 * The sums every report is made of, as SQL both databases run alike. A posting counts when its entry
 * is posted (reversals included: their postings are the opposite ones, so sums are net of them) or
 * pending with no entry yet that posts or voids it. A posted aid payment is a debit of an expense
 * account and its reversal a credit, so the sign of the posting counts payments net of reversals;
 * for donations, the credit of the donations account is the gift.
 */
const POSTED = `e.status = 'posted'`;
const AID_COUNT_SQL = `SUM(CASE WHEN ${POSTED} THEN (CASE WHEN p.amount_tiyn > 0 THEN 1 ELSE -1 END) ELSE 0 END)`;
const AID_POSTED_SQL = `SUM(CASE WHEN ${POSTED} THEN p.amount_tiyn ELSE 0 END)`;
const AID_PENDING_SQL = `SUM(CASE WHEN e.status = 'pending' THEN p.amount_tiyn ELSE 0 END)`;
const DONATION_COUNT_SQL = `SUM(CASE WHEN ${POSTED} THEN (CASE WHEN p.amount_tiyn < 0 THEN 1 ELSE -1 END) ELSE 0 END)`;
const DONATION_POSTED_SQL = `SUM(CASE WHEN ${POSTED} THEN -p.amount_tiyn ELSE 0 END)`;
const DONATION_PENDING_SQL = `SUM(CASE WHEN e.status = 'pending' THEN -p.amount_tiyn ELSE 0 END)`;
/** Money into a fund's account: debits, and credits that reverse money out (and the other way round). */
const FUND_IN_SQL = `SUM(CASE WHEN (p.amount_tiyn > 0 AND e.reverses_entry_id IS NULL) OR (p.amount_tiyn < 0 AND e.reverses_entry_id IS NOT NULL) THEN p.amount_tiyn ELSE 0 END)`;
const FUND_OUT_SQL = `SUM(CASE WHEN (p.amount_tiyn < 0 AND e.reverses_entry_id IS NULL) OR (p.amount_tiyn > 0 AND e.reverses_entry_id IS NOT NULL) THEN -p.amount_tiyn ELSE 0 END)`;
const MONTH_SQL = 'SUBSTR(e.date, 1, 7)';

/** Sums over the journal's postings for the reports; knex only, one GROUP BY per question, no rules. */
export class ReportStore {
  async accounts(db: Db): Promise<ReportAccount[]> {
    const rows: { id: number; code: string; type: AccountType; fund_id: number | null }[] = await db(
      'accounts',
    )
      .orderBy('code')
      .select('id', 'code', 'type', 'fund_id');
    return rows.map((row) => ({
      id: Number(row.id),
      code: row.code,
      type: row.type,
      fundId: row.fund_id === null ? null : Number(row.fund_id),
    }));
  }

  /** The id of the last entry written: it changes with every entry, so it names a state of the journal. */
  async lastEntryId(db: Db): Promise<number> {
    const row = await db('journal_head').where({ id: 1 }).first('last_entry_id');
    if (!row) throw new Error('journal_head row is missing: the database was not migrated');
    return Number(row.last_entry_id);
  }

  async fundExists(db: Db, fundId: number): Promise<boolean> {
    return (await db('funds').where({ id: fundId }).first('id')) !== undefined;
  }

  /** Aid per recipient, with the recipient's name, IIN and region, in recipient id order. */
  async aidByRecipient(db: Db, scope: AidScope): Promise<RecipientSumsRow[]> {
    const rows: {
      recipient_id: number;
      aid_count: number | string;
      total: string;
      pending: string;
      iin: string | null;
      full_name: string | null;
      region: RegionCode | null;
    }[] = await db
      .from(this.aidPerRecipient(db, scope).as('agg'))
      .leftJoin('recipients as rc', 'rc.id', 'agg.recipient_id')
      .orderBy('agg.recipient_id')
      .select(
        'agg.recipient_id',
        'agg.aid_count',
        db.raw('CAST(agg.total AS TEXT) AS total'),
        db.raw('CAST(agg.pending AS TEXT) AS pending'),
        'rc.iin',
        'rc.full_name',
        'rc.region',
      );
    return rows.map((row) => ({
      recipientId: Number(row.recipient_id),
      iin: row.iin,
      fullName: row.full_name,
      region: row.region,
      aidCount: toCount(row.aid_count),
      totalTiyn: String(row.total),
      pendingTiyn: String(row.pending),
    }));
  }

  /**
   * Aid per group: first summed per recipient (and group), then rolled up, so that `people` counts
   * the recipients whose posted aid in the group, net of reversals, is above zero.
   */
  async aidByGroup(db: Db, scope: AidScope, dimension: AidDimension): Promise<GroupSumsRow[]> {
    const groupColumn = dimension === 'region' ? 'rc.region' : 'agg.group_key';
    const query = db.from(this.aidPerRecipient(db, scope, dimension).as('agg'));
    if (dimension === 'region') query.join('recipients as rc', 'rc.id', 'agg.recipient_id');
    const rows: {
      group_key: string | number;
      aid_count: number | string;
      people: number | string;
      total: string;
      pending: string;
    }[] = await query
      .groupBy(groupColumn)
      .orderBy(groupColumn)
      .select(
        `${groupColumn} as group_key`,
        db.raw('SUM(agg.aid_count) AS aid_count'),
        db.raw('SUM(CASE WHEN agg.total > 0 THEN 1 ELSE 0 END) AS people'),
        db.raw('CAST(SUM(agg.total) AS TEXT) AS total'),
        db.raw('CAST(SUM(agg.pending) AS TEXT) AS pending'),
      );
    return rows.map((row) => ({
      groupKey: String(row.group_key),
      aidCount: toCount(row.aid_count),
      people: toCount(row.people),
      totalTiyn: String(row.total),
      pendingTiyn: String(row.pending),
    }));
  }

  /**
   * The distinct recipients whose posted aid, net of reversals, is above zero in at least one of the
   * groups named (in any group when none are named): one person helped in two groups counts once.
   */
  async peopleHelped(
    db: Db,
    scope: AidScope,
    dimension: AidDimension,
    groupKeys?: readonly string[],
  ): Promise<number> {
    const query = db
      .from(this.aidPerRecipient(db, scope, dimension).as('agg'))
      .where('agg.total', '>', 0)
      .countDistinct({ people: 'agg.recipient_id' });
    if (groupKeys !== undefined && dimension === 'region') {
      query.join('recipients as rc', 'rc.id', 'agg.recipient_id').whereIn('rc.region', [...groupKeys]);
    } else if (groupKeys !== undefined) {
      const keys = dimension === 'category' ? groupKeys.map(Number) : [...groupKeys];
      query.whereIn('agg.group_key', keys);
    }
    const [row] = (await query) as { people: number | string }[];
    return toCount(row?.people ?? 0);
  }

  /** Donations per patron (null for donations recorded without one), in patron id order, unnamed last. */
  async donationsByPatron(db: Db, scope: DonationScope): Promise<PatronSumsRow[]> {
    const perPatron = this.countedPostings(db, scope.donationAccountIds, scope)
      .groupBy('p.patron_id')
      .select(
        'p.patron_id',
        db.raw(`${DONATION_COUNT_SQL} AS donation_count`),
        db.raw(`${DONATION_POSTED_SQL} AS total`),
        db.raw(`${DONATION_PENDING_SQL} AS pending`),
      );
    if (scope.fundId !== undefined) perPatron.where('p.fund_id', scope.fundId);
    const rows: {
      patron_id: number | null;
      donation_count: number | string;
      total: string;
      pending: string;
      name: string | null;
      kind: PatronKind | null;
      anonymous: boolean | number | null;
    }[] = await db
      .from(perPatron.as('agg'))
      .leftJoin('patrons as pt', 'pt.id', 'agg.patron_id')
      .orderByRaw('CASE WHEN agg.patron_id IS NULL THEN 1 ELSE 0 END, agg.patron_id')
      .select(
        'agg.patron_id',
        'agg.donation_count',
        db.raw('CAST(agg.total AS TEXT) AS total'),
        db.raw('CAST(agg.pending AS TEXT) AS pending'),
        'pt.name',
        'pt.kind',
        'pt.anonymous',
      );
    return rows.map((row) => ({
      patronId: row.patron_id === null ? null : Number(row.patron_id),
      name: row.name,
      kind: row.kind,
      anonymous: Boolean(row.anonymous),
      donationCount: toCount(row.donation_count),
      totalTiyn: String(row.total),
      pendingTiyn: String(row.pending),
    }));
  }

  /** Posted money donated (credits of the donations account, net of reversals) within the window. */
  async donatedTotal(db: Db, scope: DonationScope): Promise<string> {
    const row = await this.postedPostings(db, scope.donationAccountIds, scope)
      .select(db.raw('CAST(COALESCE(SUM(-p.amount_tiyn), 0) AS TEXT) AS total'))
      .first();
    return String(row?.total ?? '0');
  }

  /** Posted money into and out of each fund's account within the window, each net of its reversals. */
  async fundMovements(db: Db, window: DateWindow): Promise<FundMovementRow[]> {
    const query = db('postings as p')
      .join('entries as e', 'e.id', 'p.entry_id')
      .join('accounts as a', 'a.id', 'p.account_id')
      .whereNotNull('a.fund_id')
      .where('a.type', 'asset')
      .where('e.status', 'posted')
      .groupBy('a.fund_id')
      .select(
        'a.fund_id',
        db.raw(`CAST(${FUND_IN_SQL} AS TEXT) AS in_tiyn`),
        db.raw(`CAST(${FUND_OUT_SQL} AS TEXT) AS out_tiyn`),
      );
    withinWindow(query, window);
    const rows: { fund_id: number; in_tiyn: string; out_tiyn: string }[] = await query;
    return rows.map((row) => ({
      fundId: Number(row.fund_id),
      inTiyn: String(row.in_tiyn),
      outTiyn: String(row.out_tiyn),
    }));
  }

  /** Posted debits and credits of each account with postings, from entries dated on or before `at`. */
  async turnoverThrough(db: Db, at: string): Promise<AccountTurnoverRow[]> {
    const rows: { account_id: number; debit: string; credit: string }[] = await db('postings as p')
      .join('entries as e', 'e.id', 'p.entry_id')
      .where('e.status', 'posted')
      .where('e.date', '<=', at)
      .groupBy('p.account_id')
      .select(
        'p.account_id',
        db.raw('CAST(SUM(CASE WHEN p.amount_tiyn > 0 THEN p.amount_tiyn ELSE 0 END) AS TEXT) AS debit'),
        db.raw('CAST(SUM(CASE WHEN p.amount_tiyn < 0 THEN -p.amount_tiyn ELSE 0 END) AS TEXT) AS credit'),
      );
    return rows.map((row) => ({
      accountId: Number(row.account_id),
      debitTiyn: String(row.debit),
      creditTiyn: String(row.credit),
    }));
  }

  /**
   * One row per recipient (and group key when grouped by category or month) of aid sums: the single
   * GROUP BY over aid postings every aid report is built on. Sums stay numbers here (the caller casts).
   */
  private aidPerRecipient(db: Db, scope: AidScope, dimension?: AidDimension): Knex.QueryBuilder {
    const query = scope.postedOnly
      ? this.postedPostings(db, scope.expenseAccountIds, scope)
      : this.countedPostings(db, scope.expenseAccountIds, scope);
    query.whereNotNull('p.recipient_id');
    if (scope.fundId !== undefined) query.where('p.fund_id', scope.fundId);
    if (scope.region !== undefined) {
      query.whereIn('p.recipient_id', db('recipients').select('id').where('region', scope.region));
    }
    const sums = [
      db.raw(`${AID_COUNT_SQL} AS aid_count`),
      db.raw(`${AID_POSTED_SQL} AS total`),
      db.raw(`${AID_PENDING_SQL} AS pending`),
    ];
    if (dimension === 'category') {
      return query
        .groupBy('p.recipient_id', 'p.account_id')
        .select('p.recipient_id', 'p.account_id as group_key', ...sums);
    }
    if (dimension === 'month') {
      return query
        .groupByRaw(`p.recipient_id, ${MONTH_SQL}`)
        .select('p.recipient_id', db.raw(`${MONTH_SQL} AS group_key`), ...sums);
    }
    return query.groupBy('p.recipient_id').select('p.recipient_id', ...sums);
  }

  /** Postings on the accounts named, of entries that count (see above), within the value dates. */
  private countedPostings(db: Db, accountIds: readonly number[], window: DateWindow): Knex.QueryBuilder {
    const query = db('postings as p')
      .join('entries as e', 'e.id', 'p.entry_id')
      .whereIn('p.account_id', [...accountIds])
      .where((counted) =>
        counted
          .where('e.status', 'posted')
          .orWhere((pending) =>
            pending
              .where('e.status', 'pending')
              .whereNotExists(
                db('entries as resolution')
                  .select(db.raw('1'))
                  .whereRaw('resolution.pending_entry_id = e.id'),
              ),
          ),
      );
    withinWindow(query, window);
    return query;
  }

  /** Postings on the accounts named, of posted entries only, within the value dates. */
  private postedPostings(db: Db, accountIds: readonly number[], window: DateWindow): Knex.QueryBuilder {
    const query = db('postings as p')
      .join('entries as e', 'e.id', 'p.entry_id')
      .whereIn('p.account_id', [...accountIds])
      .where('e.status', 'posted');
    withinWindow(query, window);
    return query;
  }
}

function withinWindow(query: Knex.QueryBuilder, window: DateWindow): void {
  if (window.from !== undefined) query.where('e.date', '>=', window.from);
  if (window.to !== undefined) query.where('e.date', '<=', window.to);
}

/**
 * Counts come back as numbers from SQLite and as text from PostgreSQL when summed twice (numeric);
 * a count is a whole number far inside the safe range, and anything else is a bug.
 */
function toCount(value: number | string): number {
  const count = Number(value);
  if (!Number.isSafeInteger(count)) throw new Error(`a count must be a whole number, got ${value}`);
  return count;
}
