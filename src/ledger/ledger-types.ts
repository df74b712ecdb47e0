import type { Money } from '../money/money.js';
import type { AccountType } from './chart.js';

/**
 * `posted`: money moved. `pending`: money declared or reserved, not yet moved; it is later posted
 * (a new posted entry with the same postings that names it) or voided (a new record without
 * postings that names it). Entries are never edited.
 */
export type EntryStatus = 'posted' | 'pending' | 'voided';

export interface Posting {
  accountId: number;
  accountCode: string;
  amount: Money;
  fundId: number | null;
  patronId: number | null;
  recipientId: number | null;
}

export interface Entry {
  id: number;
  kind: string;
  status: EntryStatus;
  date: string;
  recordedAt: string;
  memo: string | null;
  reversesEntryId: number | null;
  pendingEntryId: number | null;
  createdBy: number | null;
  requestId: string | null;
  prevHash: string;
  hash: string;
  postings: Posting[];
}

/** A posting as a service asks for it: by account code, with the people and fund it concerns. */
export interface PostingInput {
  accountCode: string;
  amount: Money;
  fundId?: number | null;
  patronId?: number | null;
  recipientId?: number | null;
}

/** Who asked for a change, recorded on the entry it makes. */
export interface Actor {
  userId?: number | null;
  requestId?: string | null;
}

export interface NewEntry extends Actor {
  kind: string;
  status: 'posted' | 'pending';
  /** Value date YYYY-MM-DD; today in Asia/Almaty when absent. */
  date?: string;
  memo?: string | null;
  postings: PostingInput[];
}

export interface Account {
  id: number;
  code: string;
  name: string;
  type: AccountType;
  fundId: number | null;
  noOverdraft: boolean;
  posted: Money;
  pendingDebit: Money;
  pendingCredit: Money;
}

export interface VerifyResult {
  ok: boolean;
  entries: number;
  headHash: string;
  firstBadEntryId: number | null;
  /** What did not match, in a sentence; null when ok. */
  problem: string | null;
}

/**
 * What became of an entry a donation or aid made: still pending, posted (by itself or by the entry
 * that posted it), or voided; and whether the posted money was reversed.
 */
export interface EntryOutcome {
  status: 'posted' | 'pending' | 'voided';
  /** The entry that moved the money: the entry itself, or the one that posted it; null otherwise. */
  postedEntryId: number | null;
  reversedByEntryId: number | null;
}
