import type { AccountType, AidCategory } from '../ledger/chart.js';
import type { Money } from '../money/money.js';
import type { PatronKind } from '../patrons/patron-types.js';
import type { RegionCode } from '../recipients/regions.js';

/**
 * The reports of SPEC §7. Every figure is a sum over the journal's postings: `total` is posted money
 * net of reversals (a reversal is a posted entry with the opposite postings, counted on its own
 * value date), `pending` is money in pending entries that are not yet posted or voided, and a count
 * is the number of payments net of reversals (a reversal counts −1).
 */

/** Value dates, both inclusive; either may be absent. */
export interface DateWindow {
  from?: string | undefined;
  to?: string | undefined;
}

export interface AidFilter extends DateWindow {
  fundId?: number | undefined;
  region?: RegionCode | undefined;
  category?: AidCategory | undefined;
}

export interface DonationFilter extends DateWindow {
  fundId?: number | undefined;
}

/** A whole number of aid payments or donations: posted ones minus reversed ones. */
export type NetCount = number;

export interface RecipientReportRow {
  recipientId: number;
  /** The full IIN; the HTTP layer masks it for viewers who may not see it. Null once erased. */
  iin: string | null;
  /** Null once the recipient's personal data has been erased. */
  fullName: string | null;
  region: RegionCode | null;
  aidCount: NetCount;
  total: Money;
  pending: Money;
}

export interface AidTotals {
  aidCount: NetCount;
  total: Money;
  pending: Money;
}

export interface PatronReportRow {
  /** Null on the one row of donations recorded without a patron. */
  patronId: number | null;
  /** As recorded, also for anonymous patrons (reports are for staff and auditors); null once erased. */
  name: string | null;
  kind: PatronKind | null;
  anonymous: boolean;
  donationCount: NetCount;
  total: Money;
  pending: Money;
}

export interface DonationTotals {
  donationCount: NetCount;
  total: Money;
  pending: Money;
}

export interface FundReportRow {
  fundId: number;
  code: string;
  name: string;
  /** Posted money into the fund within the window, net of reversals of such money. */
  in: Money;
  /** Posted money out of the fund within the window, net of reversals of such money. */
  out: Money;
  /** Pending money out now (aid awaiting approval): always current, whatever the window. */
  pending: Money;
  /** The posted balance now. */
  posted: Money;
  /** posted − pending, now: what aid may still take. */
  available: Money;
}

export interface FundTotals {
  in: Money;
  out: Money;
  pending: Money;
  posted: Money;
  available: Money;
}

/** One group of aid (a region, a category, a month) with the people it reached. */
export interface AidGroup extends AidTotals {
  /** Recipients whose posted aid in the group, net of reversals, is above zero. */
  people: number;
}

export interface RegionReportRow extends AidGroup {
  region: RegionCode;
  name: { kk: string; ru: string; en: string };
}

export interface CategoryReportRow extends AidGroup {
  category: string;
}

export interface AidGroupTotals extends AidTotals {
  /** Distinct recipients helped across all rows (one person in two rows counts once). */
  people: number;
}

export interface TrialBalanceRow {
  account: string;
  type: AccountType;
  /** Sum of posted debits (positive postings) dated on or before `at`. */
  debit: Money;
  /** Sum of posted credits (negative postings), as a positive amount. */
  credit: Money;
  /** debit − credit: positive for a debit balance, negative for a credit balance. */
  balance: Money;
}

export interface TrialBalanceTotals {
  debit: Money;
  credit: Money;
  balance: Money;
}

export interface Report<Row, Totals> {
  rows: Row[];
  totals: Totals;
}

export interface TrialBalance extends Report<TrialBalanceRow, TrialBalanceTotals> {
  at: string;
}

/** A row of the public summary: a region, category or month, or the «other» row that folds small ones. */
export interface PublicGroup {
  code: string;
  people: number;
  aidCount: NetCount;
  total: Money;
}

export interface PublicRegionGroup extends PublicGroup {
  name: { kk: string; ru: string; en: string };
}

export interface PublicSummary {
  year: number | null;
  currency: 'KZT';
  /** Groups with fewer recipients than this are folded into the «other» row. */
  minimumGroupSize: number;
  totals: { donated: Money; disbursed: Money; aidCount: NetCount; peopleHelped: number };
  regions: PublicRegionGroup[];
  categories: PublicGroup[];
  months: PublicGroup[];
}
