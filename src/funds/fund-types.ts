import type { Money } from '../money/money.js';

export interface Fund {
  id: number;
  code: string;
  name: string;
  restricted: boolean;
  /** The most one recipient may receive from this fund in a calendar year; null for no cap. */
  capPerRecipientYear: Money | null;
  /** The last day the fund accepts entries; null while it is open-ended. */
  closesOn: string | null;
  accountCode: string;
}

export interface FundBalance extends Fund {
  /** Posted money in minus posted money out. */
  posted: Money;
  /** Pending money out (aid awaiting approval), reserved against the posted balance. */
  pendingOut: Money;
  /** Pending money in (declared donations), not yet spendable. */
  pendingIn: Money;
  /** posted − pendingOut: what aid may still take. */
  available: Money;
}

export interface NewFund {
  code: string;
  name: string;
  restricted: boolean;
  capPerRecipientYear?: Money | null;
  closesOn?: string | null;
}
