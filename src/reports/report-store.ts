import type { Knex } from 'knex';
import type { AccountType } from '../ledger/chart.js';
import type { PatronKind } from '../patrons/patron-types.js';
import type { RegionCode } from '../recipients/regions.js';
import { isLastDay, lastDayOf, monthOf, type PeriodPlan, planPeriods } from './report-periods.js';
import type { DateWindow } from './report-types.js';

type Db = Knex | Knex.Transaction;

/** Which postings a sum over aid covers: postings on these expense accounts, within the filters. */
export interface AidScope extends DateWindow {
  expenseAccountIds: readonly number[];
  fundId?: number | undefined;
  region?: RegionCode | undefined;
  /** Leave pending aid out entirely (the public summary shows money paid only). */
  postedOnly?: boolean | undefined;
  /** The accounts are every expense account there is: the kept totals per recipient answer for them. */
  everyExpenseAccount?: boolean | undefined;
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
 * Every report is a sum over "counted" postings: those of posted entries (reversals included: their
 * postings are the opposite ones, so sums are net of them) and of pending entries that no entry has
 * posted or voided yet. The database keeps these sums per month and for all time in `report_totals`
 * (see its migration), split so that each report can be told apart:
 *
 * - `posted_debit_tiyn`, `posted_credit_tiyn`: postings of posted entries that are not reversals;
 * - `reversal_debit_tiyn`, `reversal_credit_tiyn`: postings of posted reversals;
 * - `debit_count`, `credit_count`: how many posted postings (reversals included) were debits, credits;
 * - `pending_debit_tiyn`, `pending_credit_tiyn`: postings of pending entries still pending.
 *
 * A report reads those rows for the whole months of its window and the same columns computed from
 * the postings for the days at the window's edges (`countedRows`), then sums them alike. A posted
 * aid payment is a debit of an expense account and its reversal a credit, so debits net of credits
 * count payments net of reversals; for donations, the credit of the donations account is the gift.
 */
const ALL_TIME_PERIOD = 'all';
/** The sums kept per key in report_totals and report_recipient_totals, in the migration's order. */
export const SUM_COLUMNS = [
  'posted_debit_tiyn',
  'posted_credit_tiyn',
  'reversal_debit_tiyn',
  'reversal_credit_tiyn',
  'debit_count',
  'credit_count',
  'pending_debit_tiyn',
  'pending_credit_tiyn',
] as const;
type SumColumn = (typeof SUM_COLUMNS)[number];

const DEBITS = '(t.posted_debit_tiyn + t.reversal_debit_tiyn)';
const CREDITS = '(t.posted_credit_tiyn + t.reversal_credit_tiyn)';
/** Aid of one kept row: payments net of reversals, posted money net of reversals, pending money. */
const AID_COUNT = 't.debit_count - t.credit_count';
const AID_POSTED = `${DEBITS} - ${CREDITS}`;
const AID_PENDING = 't.pending_debit_tiyn - t.pending_credit_tiyn';
const AID_COUNT_SQL = `SUM(${AID_COUNT})`;
const AID_POSTED_SQL = `SUM(${AID_POSTED})`;
const AID_PENDING_SQL = `SUM(${AID_PENDING})`;
const DONATION_COUNT_SQL = 'SUM(t.credit_count - t.debit_count)';
const DONATION_POSTED_SQL = `SUM(${CREDITS} - ${DEBITS})`;
const DONATION_PENDING_SQL = 'SUM(t.pending_credit_tiyn - t.pending_debit_tiyn)';
/** Money into a fund's account: debits, less the credits that reverse money in (and so for out). */
const FUND_IN_SQL = 'SUM(t.posted_debit_tiyn - t.reversal_credit_tiyn)';
const FUND_OUT_SQL = 'SUM(t.posted_credit_tiyn - t.reversal_debit_tiyn)';
const DEBIT_SQL = `SUM(${DEBITS})`;
const CREDIT_SQL = `SUM(${CREDITS})`;

/**
 * The same columns computed for one posting `p` of entry `e` (the edges of a window are read so).
 * Only counted postings are selected, so `pending` here means still pending.
 */
const POSTED = `e.status = 'posted'`;
const PLAIN = `${POSTED} AND e.reverses_entry_id IS NULL`;
const REVERSAL = `${POSTED} AND e.reverses_entry_id IS NOT NULL`;
const PENDING = `e.status = 'pending'`;
const POSTING_SUMS: Record<SumColumn, string> = {
  posted_debit_tiyn: `CASE WHEN ${PLAIN} AND p.amount_tiyn > 0 THEN p.amount_tiyn ELSE 0 END`,
  posted_credit_tiyn: `CASE WHEN ${PLAIN} AND p.amount_tiyn < 0 THEN -p.amount_tiyn ELSE 0 END`,
  reversal_debit_tiyn: `CASE WHEN ${REVERSAL} AND p.amount_tiyn > 0 THEN p.amount_tiyn ELSE 0 END`,
  reversal_credit_tiyn: `CASE WHEN ${REVERSAL} AND p.amount_tiyn < 0 THEN -p.amount_tiyn ELSE 0 END`,
  debit_count: `CASE WHEN ${POSTED} AND p.amount_tiyn > 0 THEN 1 ELSE 0 END`,
  credit_count: `CASE WHEN ${POSTED} AND p.amount_tiyn < 0 THEN 1 ELSE 0 END`,
  pending_debit_tiyn: `CASE WHEN ${PENDING} AND p.amount_tiyn > 0 THEN p.amount_tiyn ELSE 0 END`,
  pending_credit_tiyn: `CASE WHEN ${PENDING} AND p.amount_tiyn < 0 THEN -p.amount_tiyn ELSE 0 END`,
};

/** Which counted postings a sum covers, and how finely its rows must keep their months. */
interface CountedScope extends DateWindow {
  accountIds: readonly number[];
  /** Only postings tagged with this fund. */
  fundId?: number | undefined;
  /** Only postings naming a recipient, or a recipient of this region. */
  recipients?: { region?: RegionCode | undefined } | undefined;
  /** Posted money only: pending postings are left out (the sums of pending read zero). */
  postedOnly?: boolean | undefined;
  /** The rows keep their month in `period` (for grouping by month). */
  byMonth?: boolean | undefined;
}

/**
 * Sums for the reports over the kept totals and the postings at a window's edges (see above); knex
 * only, one GROUP BY per question, no rules.
 */
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
      .from(
        // With one kept row per recipient there is nothing left to sum: read them in key order.
        perRecipientOnly(scope)
          ? this.recipientRows(db, scope)
              .select(
                db.raw(`${AID_COUNT} AS aid_count`),
                db.raw(`${AID_POSTED} AS total`),
                db.raw(`${AID_PENDING} AS pending`),
              )
              .as('agg')
          : this.aidPerRecipient(db, scope).as('agg'),
      )
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
    const perPatron = db
      .from(
        this.countedRows(db, { ...scope, accountIds: scope.donationAccountIds, fundId: scope.fundId }).as(
          't',
        ),
      )
      .groupBy('t.patron_id')
      .select(
        't.patron_id',
        db.raw(`${DONATION_COUNT_SQL} AS donation_count`),
        db.raw(`${DONATION_POSTED_SQL} AS total`),
        db.raw(`${DONATION_PENDING_SQL} AS pending`),
      );
    const rows: {
      patron_id: number;
      donation_count: number | string;
      total: string;
      pending: string;
      name: string | null;
      kind: PatronKind | null;
      anonymous: boolean | number | null;
    }[] = await db
      .from(perPatron.as('agg'))
      .leftJoin('patrons as pt', 'pt.id', 'agg.patron_id')
      .orderByRaw('CASE WHEN agg.patron_id = 0 THEN 1 ELSE 0 END, agg.patron_id')
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
      // The kept totals say 0 for "no patron".
      patronId: Number(row.patron_id) === 0 ? null : Number(row.patron_id),
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
    const row = await db
      .from(
        this.countedRows(db, {
          ...scope,
          accountIds: scope.donationAccountIds,
          fundId: scope.fundId,
          postedOnly: true,
        }).as('t'),
      )
      .select(db.raw(`CAST(COALESCE(${DONATION_POSTED_SQL}, 0) AS TEXT) AS total`))
      .first();
    return String(row?.total ?? '0');
  }

  /** Posted money into and out of each fund's account within the window, each net of its reversals. */
  async fundMovements(db: Db, window: DateWindow): Promise<FundMovementRow[]> {
    const fundAccounts = (await this.accounts(db)).filter(
      (account) => account.type === 'asset' && account.fundId !== null,
    );
    if (fundAccounts.length === 0) return [];
    const rows: { account_id: number; in_tiyn: string; out_tiyn: string }[] = await db
      .from(
        this.countedRows(db, {
          from: window.from,
          to: window.to,
          accountIds: fundAccounts.map((account) => account.id),
          postedOnly: true,
        }).as('t'),
      )
      .groupBy('t.account_id')
      .select(
        't.account_id',
        db.raw(`CAST(${FUND_IN_SQL} AS TEXT) AS in_tiyn`),
        db.raw(`CAST(${FUND_OUT_SQL} AS TEXT) AS out_tiyn`),
      );
    const fundOf = new Map(fundAccounts.map((account) => [account.id, account.fundId as number]));
    return rows.map((row) => ({
      fundId: fundOf.get(Number(row.account_id)) as number,
      inTiyn: String(row.in_tiyn),
      outTiyn: String(row.out_tiyn),
    }));
  }

  /**
   * Posted debits and credits of each account with postings, from entries dated on or before `at`:
   * the all-time totals less what is dated after `at` (the months after its month from the totals,
   * the rest of its month from the postings). Usually `at` is today, and nothing is dated later.
   */
  async turnoverThrough(db: Db, at: string): Promise<AccountTurnoverRow[]> {
    const turnover = (query: Knex.QueryBuilder) =>
      query
        .groupBy('t.account_id')
        .select(
          't.account_id',
          db.raw(`CAST(${DEBIT_SQL} AS TEXT) AS debit`),
          db.raw(`CAST(${CREDIT_SQL} AS TEXT) AS credit`),
        );
    const month = monthOf(at);
    const allTime: TurnoverRow[] = await turnover(
      db('report_totals as t').where('t.period', ALL_TIME_PERIOD),
    );
    const laterMonths: TurnoverRow[] = await turnover(
      db('report_totals as t').where('t.period', '<>', ALL_TIME_PERIOD).where('t.period', '>', month),
    );
    const restOfMonth: TurnoverRow[] = isLastDay(at)
      ? []
      : await turnover(
          db.from(this.postingRows(db, { from: nextDay(at), to: lastDayOf(month) }, null, true).as('t')),
        );
    const byAccount = new Map<number, { debit: bigint; credit: bigint }>();
    const add = (rows: TurnoverRow[], sign: bigint) => {
      for (const row of rows) {
        const accountId = Number(row.account_id);
        const sums = byAccount.get(accountId) ?? { debit: 0n, credit: 0n };
        sums.debit += sign * BigInt(row.debit);
        sums.credit += sign * BigInt(row.credit);
        byAccount.set(accountId, sums);
      }
    };
    add(allTime, 1n);
    add(laterMonths, -1n);
    add(restOfMonth, -1n);
    return [...byAccount]
      .filter(([, sums]) => sums.debit !== 0n || sums.credit !== 0n)
      .map(([accountId, sums]) => ({
        accountId,
        debitTiyn: sums.debit.toString(),
        creditTiyn: sums.credit.toString(),
      }));
  }

  /**
   * One row per recipient (and group key when grouped by category or month) of aid sums: the single
   * GROUP BY over counted rows every aid report is built on. Sums stay numbers here (the caller casts).
   */
  private aidPerRecipient(db: Db, scope: AidScope, dimension?: AidDimension): Knex.QueryBuilder {
    const rows =
      (dimension === undefined || dimension === 'region') && perRecipientOnly(scope)
        ? this.recipientRows(db, scope)
        : this.countedRows(db, {
            from: scope.from,
            to: scope.to,
            accountIds: scope.expenseAccountIds,
            fundId: scope.fundId,
            recipients: { region: scope.region },
            postedOnly: scope.postedOnly,
            byMonth: dimension === 'month',
          });
    const query = db.from(rows.as('t'));
    const sums = [
      db.raw(`${AID_COUNT_SQL} AS aid_count`),
      db.raw(`${AID_POSTED_SQL} AS total`),
      db.raw(`${AID_PENDING_SQL} AS pending`),
    ];
    if (dimension === 'category') {
      return query
        .groupBy('t.recipient_id', 't.account_id')
        .select('t.recipient_id', 't.account_id as group_key', ...sums);
    }
    if (dimension === 'month') {
      return query
        .groupBy('t.recipient_id', 't.period')
        .select('t.recipient_id', 't.period as group_key', ...sums);
    }
    return query.groupBy('t.recipient_id').select('t.recipient_id', ...sums);
  }

  /**
   * The counted rows a scope covers, all in the shape of `report_totals`: kept rows for its whole
   * months (or all time), and one row per counted posting for the days at its edges. Filters go
   * inside each part so that each reads through its own index.
   */
  private countedRows(db: Db, scope: CountedScope): Knex.QueryBuilder {
    const plan = planPeriods(scope, scope.byMonth ?? false);
    const parts: Knex.QueryBuilder[] = [];
    if (plan.kept !== null) parts.push(this.keptRows(db, plan.kept, scope));
    for (const edge of plan.edges) parts.push(this.postingRows(db, edge, scope, scope.postedOnly ?? false));
    const [first, ...rest] = parts;
    if (!first) throw new Error('a window plan reads nothing');
    return rest.length === 0 ? first : first.unionAll(rest);
  }

  /** The kept all-time totals per recipient, of every expense account (see the migration). */
  private recipientRows(db: Db, scope: AidScope): Knex.QueryBuilder {
    const postedOnly = scope.postedOnly ?? false;
    const query = db('report_recipient_totals as t')
      .select(
        't.recipient_id',
        ...SUM_COLUMNS.map((column) =>
          postedOnly && column.startsWith('pending_') ? db.raw(`0 AS ${column}`) : `t.${column}`,
        ),
      )
      .whereRaw(nonEmpty(postedOnly));
    if (scope.region !== undefined) {
      query.whereIn('t.recipient_id', db('recipients').select('id').where('region', scope.region));
    }
    return query;
  }

  /** Kept rows of the periods named that hold counted money (a voided pending leaves a row of zeros). */
  private keptRows(db: Db, kept: NonNullable<PeriodPlan['kept']>, scope: CountedScope): Knex.QueryBuilder {
    const postedOnly = scope.postedOnly ?? false;
    const query = db('report_totals as t').select(
      't.period',
      't.account_id',
      't.fund_id',
      't.recipient_id',
      't.patron_id',
      ...SUM_COLUMNS.map((column) =>
        postedOnly && column.startsWith('pending_') ? db.raw(`0 AS ${column}`) : `t.${column}`,
      ),
    );
    if (kept === 'all-time') query.where('t.period', ALL_TIME_PERIOD);
    else {
      query.where('t.period', '<>', ALL_TIME_PERIOD);
      if (kept.firstMonth !== null) query.where('t.period', '>=', kept.firstMonth);
      if (kept.lastMonth !== null) query.where('t.period', '<=', kept.lastMonth);
    }
    query.whereIn('t.account_id', [...scope.accountIds]);
    query.whereRaw(nonEmpty(postedOnly));
    if (scope.fundId !== undefined) query.where('t.fund_id', scope.fundId);
    if (scope.recipients !== undefined) {
      query.where('t.recipient_id', '<>', 0);
      if (scope.recipients.region !== undefined) {
        query.whereIn(
          't.recipient_id',
          db('recipients').select('id').where('region', scope.recipients.region),
        );
      }
    }
    return query;
  }

  /**
   * One row per counted posting dated within `window`, in the shape of the kept rows. Without a
   * scope: every account, posted postings only (`postedOnly` decides otherwise).
   */
  private postingRows(
    db: Db,
    window: DateWindow,
    scope: CountedScope | null,
    postedOnly: boolean,
  ): Knex.QueryBuilder {
    const query = db('postings as p')
      .join('entries as e', 'e.id', 'p.entry_id')
      .select(
        db.raw('SUBSTR(e.date, 1, 7) AS period'),
        'p.account_id',
        db.raw('COALESCE(p.fund_id, 0) AS fund_id'),
        db.raw('COALESCE(p.recipient_id, 0) AS recipient_id'),
        db.raw('COALESCE(p.patron_id, 0) AS patron_id'),
        ...SUM_COLUMNS.map((column) => db.raw(`${POSTING_SUMS[column]} AS ${column}`)),
      );
    if (window.from !== undefined) query.where('e.date', '>=', window.from);
    if (window.to !== undefined) query.where('e.date', '<=', window.to);
    if (postedOnly) query.where('e.status', 'posted');
    else {
      query.where((counted) =>
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
    }
    if (scope === null) return query;
    // The unary plus keeps SQLite from reading these postings through their account, fund or
    // recipient index (all of a year's aid) rather than through the entries of the few days asked.
    const accountIds = [...scope.accountIds];
    query.whereRaw(`+p.account_id IN (${accountIds.map(() => '?').join(', ')})`, accountIds);
    if (scope.fundId !== undefined) query.whereRaw('+p.fund_id = ?', [scope.fundId]);
    if (scope.recipients !== undefined) {
      query.whereRaw('+p.recipient_id IS NOT NULL');
      if (scope.recipients.region !== undefined) {
        query.whereRaw('+p.recipient_id IN (SELECT id FROM recipients WHERE region = ?)', [
          scope.recipients.region,
        ]);
      }
    }
    return query;
  }
}

/** Whether the kept totals per recipient answer for a scope: every expense account, no fund, all time. */
function perRecipientOnly(scope: AidScope): boolean {
  return (
    scope.everyExpenseAccount === true &&
    scope.fundId === undefined &&
    scope.from === undefined &&
    scope.to === undefined
  );
}

/**
 * Whether a kept row holds counted money: a posted posting, or (unless only posted money counts) a
 * pending one still pending. A pending entry later voided leaves a row of zeros, which must not make
 * its recipient or patron appear in a report.
 */
function nonEmpty(postedOnly: boolean): string {
  return postedOnly
    ? 't.debit_count + t.credit_count > 0'
    : '(t.debit_count + t.credit_count > 0 OR t.pending_debit_tiyn + t.pending_credit_tiyn > 0)';
}

interface TurnoverRow {
  account_id: number;
  debit: string;
  credit: string;
}

function nextDay(date: string): string {
  const instant = new Date(`${date}T00:00:00Z`);
  instant.setUTCDate(instant.getUTCDate() + 1);
  return instant.toISOString().slice(0, 10);
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
