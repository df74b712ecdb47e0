/**
 * The chart of accounts. Every amount is a posting on one of these; every report is a sum over
 * postings. Positive posting amounts are debits, negative ones credits.
 *
 * - `assets:funds:<fund code>` (asset, never overdrawn): the center's money held for that fund.
 * - `income:donations` (income): credited by every donation, tagged with patron and fund.
 * - `expenses:aid:<category>` (expense): debited by every aid payment, tagged with recipient and fund.
 */
export const DONATIONS_ACCOUNT_CODE = 'income:donations';
export const FUND_ACCOUNT_PREFIX = 'assets:funds:';
export const GENERAL_FUND_CODE = 'general';

export const AID_CATEGORIES = [
  'food',
  'medical',
  'education',
  'housing',
  'utilities',
  'cash',
  'other',
] as const;
export type AidCategory = (typeof AID_CATEGORIES)[number];

export type AccountType = 'asset' | 'liability' | 'equity' | 'income' | 'expense';

export function fundAccountCode(fundCode: string): string {
  return `${FUND_ACCOUNT_PREFIX}${fundCode}`;
}

export function aidExpenseAccountCode(category: AidCategory): string {
  return `expenses:aid:${category}`;
}
