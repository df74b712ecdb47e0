import type { ForeignAmount } from '../money/foreign-amount.js';
import type { Money } from '../money/money.js';

/** A donation as recorded: the journal entry it made says what became of it. */
export interface DonationRecord {
  id: number;
  patronId: number | null;
  fundId: number;
  amount: Money;
  date: string;
  reference: string | null;
  note: string | null;
  foreign: ForeignAmount | null;
  entryId: number;
  createdBy: number | null;
  createdAt: string;
}

/** `posted` once the money is in; `pending` while declared by a patron; `voided` when staff rejected it. */
export type DonationStatus = 'posted' | 'pending' | 'voided';

export interface Donation extends DonationRecord {
  status: DonationStatus;
  /** The entry that moved the money (the donation's own, or the one that confirmed it). */
  postedEntryId: number | null;
  reversedByEntryId: number | null;
}

export interface NewDonation {
  patronId?: number | undefined;
  amount: Money;
  fundId?: number | undefined;
  date?: string | undefined;
  reference?: string | undefined;
  note?: string | undefined;
  originalAmount?: string | undefined;
  originalCurrency?: string | undefined;
  rate?: string | undefined;
}

export interface DonationFilter {
  beforeId: number | undefined;
  limit: number;
  from: string | undefined;
  to: string | undefined;
  patronId: number | undefined;
  fundId: number | undefined;
  status: DonationStatus | undefined;
}
