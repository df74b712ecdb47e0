import type { Knex } from 'knex';
import { type Clock, todayInAlmaty } from '../calendar/business-date.js';
import type { Database } from '../db/database.js';
import { NotFoundError } from '../errors/not-found-error.js';
import { ValidationError } from '../errors/validation-error.js';
import { FundStore } from '../funds/fund-store.js';
import { aidExpenseAccountCode, DONATIONS_ACCOUNT_CODE } from '../ledger/chart.js';
import { Money } from '../money/money.js';
import { REGIONS } from '../recipients/regions.js';
import {
  foldSmallGroups,
  MINIMUM_PUBLIC_GROUP_RECIPIENTS,
  OTHER_GROUP_CODE,
  OTHER_REGION_NAME,
  otherGroup,
  type SummedGroup,
} from './public-groups.js';
import {
  type AidDimension,
  type AidScope,
  type GroupSumsRow,
  type ReportAccount,
  ReportStore,
} from './report-store.js';
import type {
  AidFilter,
  AidGroup,
  AidGroupTotals,
  AidTotals,
  CategoryReportRow,
  DateWindow,
  DonationFilter,
  DonationTotals,
  FundReportRow,
  FundTotals,
  PatronReportRow,
  PublicGroup,
  PublicRegionGroup,
  PublicSummary,
  RecipientReportRow,
  RegionReportRow,
  Report,
  TrialBalance,
} from './report-types.js';

const AID_ACCOUNT_PREFIX = 'expenses:aid:';
/**
 * Public summaries kept, one per year asked (and one for all years): anyone may ask for the summary
 * without logging in, and it sums the whole journal. So it is computed at most once per
 * PUBLIC_SUMMARY_MAX_AGE_SECONDS per year asked — a busy journal cannot be made to recount on every
 * request — and otherwise only when the journal has changed.
 */
const MAX_CACHED_SUMMARIES = 16;
export const PUBLIC_SUMMARY_MAX_AGE_SECONDS = 60;

/**
 * The reports of SPEC §7 and the public summary: sums over the journal's postings, each a single
 * GROUP BY in the database (never a query per row), all of one report read in one snapshot so its
 * figures agree with each other. Posted money is net of reversals; pending money is shown apart.
 */
export class ReportService {
  private readonly store = new ReportStore();
  private readonly fundStore = new FundStore();
  /** The last public summary per year asked, with the journal head it counted and when it was made. */
  private readonly summaries = new Map<
    string,
    { lastEntryId: number; madeAtMs: number; summary: PublicSummary }
  >();

  constructor(
    readonly database: Database,
    readonly clock: Clock,
  ) {}

  /** Aid per recipient, in recipient id order; the caller decides how much of each IIN to show. */
  async recipients(filter: AidFilter): Promise<Report<RecipientReportRow, AidTotals>> {
    assertWindow(filter);
    return this.snapshot(async (trx) => {
      const scope = await this.aidScope(trx, filter);
      const rows = (await this.store.aidByRecipient(trx, scope)).map((row) => ({
        recipientId: row.recipientId,
        iin: row.iin,
        fullName: row.fullName,
        region: row.region,
        aidCount: row.aidCount,
        total: Money.fromTiyn(row.totalTiyn),
        pending: Money.fromTiyn(row.pendingTiyn),
      }));
      return { rows, totals: aidTotals(rows) };
    });
  }

  /** Donations per patron, in patron id order; donations recorded without a patron make the last row. */
  async patrons(filter: DonationFilter): Promise<Report<PatronReportRow, DonationTotals>> {
    assertWindow(filter);
    return this.snapshot(async (trx) => {
      if (filter.fundId !== undefined) await this.requireFund(trx, filter.fundId);
      const accounts = await this.store.accounts(trx);
      const rows = (
        await this.store.donationsByPatron(trx, {
          ...filter,
          donationAccountIds: donationAccountIds(accounts),
        })
      ).map((row) => ({
        patronId: row.patronId,
        name: row.name,
        kind: row.kind,
        anonymous: row.anonymous,
        donationCount: row.donationCount,
        total: Money.fromTiyn(row.totalTiyn),
        pending: Money.fromTiyn(row.pendingTiyn),
      }));
      return {
        rows,
        totals: {
          donationCount: rows.reduce((sum, row) => sum + row.donationCount, 0),
          total: Money.sum(rows.map((row) => row.total)),
          pending: Money.sum(rows.map((row) => row.pending)),
        },
      };
    });
  }

  /**
   * Every fund, in id order: money in and out within the window (each net of its reversals), and the
   * current pending money out, posted balance and available balance, whatever the window.
   */
  async funds(window: DateWindow): Promise<Report<FundReportRow, FundTotals>> {
    assertWindow(window);
    return this.snapshot(async (trx) => {
      const movements = new Map(
        (await this.store.fundMovements(trx, window)).map((row) => [row.fundId, row] as const),
      );
      const rows = (await this.fundStore.list(trx)).map((fund): FundReportRow => {
        const movement = movements.get(fund.id);
        return {
          fundId: fund.id,
          code: fund.code,
          name: fund.name,
          in: Money.fromTiyn(movement?.inTiyn ?? 0),
          out: Money.fromTiyn(movement?.outTiyn ?? 0),
          pending: fund.pendingOut,
          posted: fund.posted,
          available: fund.available,
        };
      });
      if (window.from === undefined && window.to === undefined) assertMovementsMatchBalances(rows);
      const sum = (pick: (row: FundReportRow) => Money) => Money.sum(rows.map(pick));
      return {
        rows,
        totals: {
          in: sum((row) => row.in),
          out: sum((row) => row.out),
          pending: sum((row) => row.pending),
          posted: sum((row) => row.posted),
          available: sum((row) => row.available),
        },
      };
    });
  }

  /** Aid per region, every one of the 20 regions in code order (zeros where no aid went). */
  async regions(filter: Omit<AidFilter, 'region'>): Promise<Report<RegionReportRow, AidGroupTotals>> {
    assertWindow(filter);
    return this.snapshot(async (trx) => {
      const scope = await this.aidScope(trx, filter);
      const byRegion = groupsByKey(await this.store.aidByGroup(trx, scope, 'region'));
      const rows = REGIONS.map(
        (region): RegionReportRow => ({
          region: region.code,
          name: { kk: region.kk, ru: region.ru, en: region.en },
          ...aidGroupOf(byRegion.get(region.code)),
        }),
      );
      return { rows, totals: await this.groupTotals(trx, scope, 'region', rows) };
    });
  }

  /** Aid per category, every aid category of the chart in code order (zeros where no aid went). */
  async categories(filter: Omit<AidFilter, 'category'>): Promise<Report<CategoryReportRow, AidGroupTotals>> {
    assertWindow(filter);
    return this.snapshot(async (trx) => {
      const scope = await this.aidScope(trx, filter);
      const byAccount = groupsByKey(await this.store.aidByGroup(trx, scope, 'category'));
      const rows = aidAccounts(await this.store.accounts(trx)).map(
        (account): CategoryReportRow => ({
          category: categoryOf(account.code),
          ...aidGroupOf(byAccount.get(String(account.id))),
        }),
      );
      return { rows, totals: await this.groupTotals(trx, scope, 'category', rows) };
    });
  }

  /** Every account's posted debits, credits and balance from entries dated on or before `at` (today by default). */
  async trialBalance(at: string = todayInAlmaty(this.clock)): Promise<TrialBalance> {
    return this.snapshot(async (trx) => {
      const turnover = new Map(
        (await this.store.turnoverThrough(trx, at)).map((row) => [row.accountId, row] as const),
      );
      const rows = (await this.store.accounts(trx)).map((account) => {
        const debit = Money.fromTiyn(turnover.get(account.id)?.debitTiyn ?? 0);
        const credit = Money.fromTiyn(turnover.get(account.id)?.creditTiyn ?? 0);
        return { account: account.code, type: account.type, debit, credit, balance: debit.minus(credit) };
      });
      const totals = {
        debit: Money.sum(rows.map((row) => row.debit)),
        credit: Money.sum(rows.map((row) => row.credit)),
        balance: Money.sum(rows.map((row) => row.balance)),
      };
      // Every entry balances, so every sum of whole entries does: anything else is a broken journal.
      if (!totals.balance.isZero() || !totals.debit.equals(totals.credit)) {
        throw new Error(`the trial balance at ${at} does not balance: ${totals.balance.toString()}`);
      }
      return { at, rows, totals };
    });
  }

  /**
   * What anyone may see: money donated and paid out (posted, net of reversals), people helped, and
   * aid per region, category and month, with every group of fewer than MINIMUM_PUBLIC_GROUP_RECIPIENTS
   * recipients folded into «other». No names, no IINs, nothing about patrons.
   */
  async publicSummary(year?: number): Promise<PublicSummary> {
    return this.snapshot(async (trx) => {
      // The summary depends on the journal only (a recipient's region never changes): the head names it.
      const key = String(year ?? 'all');
      const lastEntryId = await this.store.lastEntryId(trx);
      const nowMs = this.clock.now().getTime();
      const cached = this.summaries.get(key);
      const fresh = cached?.lastEntryId === lastEntryId;
      const young = cached !== undefined && nowMs - cached.madeAtMs < PUBLIC_SUMMARY_MAX_AGE_SECONDS * 1000;
      if (cached && (fresh || young)) return cached.summary;
      const summary = await this.computePublicSummary(trx, year);
      if (this.summaries.size >= MAX_CACHED_SUMMARIES) this.summaries.clear();
      this.summaries.set(key, { lastEntryId, madeAtMs: nowMs, summary });
      return summary;
    });
  }

  private async computePublicSummary(
    trx: Knex.Transaction,
    year: number | undefined,
  ): Promise<PublicSummary> {
    const window: DateWindow = year === undefined ? {} : { from: `${year}-01-01`, to: `${year}-12-31` };
    const accounts = await this.store.accounts(trx);
    const scope: AidScope = {
      ...window,
      expenseAccountIds: aidAccounts(accounts).map((account) => account.id),
      postedOnly: true,
      everyExpenseAccount:
        aidAccounts(accounts).length === accounts.filter((account) => account.type === 'expense').length,
    };
    const regions = await this.publicGroups(trx, scope, 'region', (key) => key);
    const categoryCodes = new Map(aidAccounts(accounts).map((account) => [String(account.id), account]));
    const categories = await this.publicGroups(trx, scope, 'category', (key) =>
      categoryOf(categoryCodes.get(key)?.code ?? `${AID_ACCOUNT_PREFIX}${key}`),
    );
    const months = await this.publicGroups(trx, scope, 'month', (key) => key);
    const disbursed = Money.sum(regions.map((group) => group.total));
    for (const groups of [categories, months]) {
      if (!Money.sum(groups.map((group) => group.total)).equals(disbursed)) {
        throw new Error('the public summary groups do not add up to the same money paid out');
      }
    }
    const donated = await this.store.donatedTotal(trx, {
      ...window,
      donationAccountIds: donationAccountIds(accounts),
    });
    return {
      year: year ?? null,
      currency: 'KZT',
      minimumGroupSize: MINIMUM_PUBLIC_GROUP_RECIPIENTS,
      totals: {
        donated: Money.fromTiyn(donated),
        disbursed,
        aidCount: regions.reduce((sum, group) => sum + group.aidCount, 0),
        peopleHelped: regions.reduce((sum, group) => sum + group.people, 0),
      },
      regions: regions.map(withRegionName),
      categories,
      months,
    };
  }

  /** Groups of aid with the small ones folded into one «other» row at the end. */
  private async publicGroups(
    trx: Knex.Transaction,
    scope: AidScope,
    dimension: AidDimension,
    codeOf: (key: string) => string,
  ): Promise<PublicGroup[]> {
    const summed = (await this.store.aidByGroup(trx, scope, dimension)).map(
      (row): SummedGroup => ({
        key: row.groupKey,
        code: codeOf(row.groupKey),
        people: row.people,
        aidCount: row.aidCount,
        total: Money.fromTiyn(row.totalTiyn),
      }),
    );
    const { shown, folded } = foldSmallGroups(summed);
    const rows: PublicGroup[] = shown
      .map(({ key: _key, ...group }) => group)
      .sort((left, right) => left.code.localeCompare(right.code));
    if (folded.length === 0) return rows;
    const people = await this.store.peopleHelped(
      trx,
      scope,
      dimension,
      folded.map((group) => group.key),
    );
    return [...rows, otherGroup(folded, people)];
  }

  /** Totals of a grouped report; people are counted once however many rows they appear in. */
  private async groupTotals(
    trx: Knex.Transaction,
    scope: AidScope,
    dimension: AidDimension,
    rows: readonly AidGroup[],
  ): Promise<AidGroupTotals> {
    return { ...aidTotals(rows), people: await this.store.peopleHelped(trx, scope, dimension) };
  }

  /** The aid postings a filter covers; an unknown fund is NOT_FOUND rather than an empty report. */
  private async aidScope(trx: Knex.Transaction, filter: AidFilter): Promise<AidScope> {
    if (filter.fundId !== undefined) await this.requireFund(trx, filter.fundId);
    const wanted = filter.category === undefined ? null : aidExpenseAccountCode(filter.category);
    const accounts = await this.store.accounts(trx);
    const expenseAccountIds = aidAccounts(accounts)
      .filter((account) => wanted === null || account.code === wanted)
      .map((account) => account.id);
    const expenseAccounts = accounts.filter((account) => account.type === 'expense');
    return {
      from: filter.from,
      to: filter.to,
      fundId: filter.fundId,
      region: filter.region,
      expenseAccountIds,
      everyExpenseAccount: expenseAccountIds.length === expenseAccounts.length,
    };
  }

  private async requireFund(trx: Knex.Transaction, fundId: number): Promise<void> {
    if (!(await this.store.fundExists(trx, fundId))) {
      throw new NotFoundError(`fund ${fundId} does not exist`, { field: 'fund', fundId });
    }
  }

  /**
   * Runs all the queries of one report in one read transaction — a repeatable-read snapshot on
   * PostgreSQL, SQLite's own snapshot — so an entry written meanwhile is in all of them or in none.
   */
  private snapshot<T>(work: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
    const options = this.database.kind === 'postgres' ? { isolationLevel: 'repeatable read' as const } : {};
    return this.database.knex.transaction(work, options);
  }
}

function assertWindow(window: DateWindow): void {
  if (window.from !== undefined && window.to !== undefined && window.from > window.to) {
    throw new ValidationError(`from (${window.from}) is after to (${window.to})`, { field: 'from' });
  }
}

/** Without a window, money in minus money out is each fund's posted balance: pair the two reads. */
function assertMovementsMatchBalances(rows: readonly FundReportRow[]): void {
  for (const row of rows) {
    if (!row.in.minus(row.out).equals(row.posted)) {
      throw new Error(`fund ${row.fundId}: in − out differs from the posted balance`);
    }
  }
}

function aidAccounts(accounts: readonly ReportAccount[]): ReportAccount[] {
  return accounts.filter(
    (account) => account.type === 'expense' && account.code.startsWith(AID_ACCOUNT_PREFIX),
  );
}

function donationAccountIds(accounts: readonly ReportAccount[]): number[] {
  return accounts.filter((account) => account.code === DONATIONS_ACCOUNT_CODE).map((account) => account.id);
}

function categoryOf(accountCode: string): string {
  return accountCode.slice(AID_ACCOUNT_PREFIX.length);
}

function groupsByKey(rows: readonly GroupSumsRow[]): Map<string, GroupSumsRow> {
  return new Map(rows.map((row) => [row.groupKey, row]));
}

function aidGroupOf(row: GroupSumsRow | undefined): AidGroup {
  return {
    aidCount: row?.aidCount ?? 0,
    people: row?.people ?? 0,
    total: Money.fromTiyn(row?.totalTiyn ?? 0),
    pending: Money.fromTiyn(row?.pendingTiyn ?? 0),
  };
}

function aidTotals(rows: readonly AidTotals[]): AidTotals {
  return {
    aidCount: rows.reduce((sum, row) => sum + row.aidCount, 0),
    total: Money.sum(rows.map((row) => row.total)),
    pending: Money.sum(rows.map((row) => row.pending)),
  };
}

const REGION_NAMES = new Map<string, { kk: string; ru: string; en: string }>(
  REGIONS.map((region) => [region.code, { kk: region.kk, ru: region.ru, en: region.en }]),
);

function withRegionName(group: PublicGroup): PublicRegionGroup {
  const name = group.code === OTHER_GROUP_CODE ? OTHER_REGION_NAME : REGION_NAMES.get(group.code);
  return { ...group, name: { ...(name ?? OTHER_REGION_NAME) } };
}
