import type { AidCategory } from '../ledger/chart.js';
import type { Money } from '../money/money.js';

/** Aid as recorded: the journal entry it made says whether it is pending, paid or rejected. */
export interface AidRecord {
  id: number;
  recipientId: number;
  fundId: number;
  amount: Money;
  category: AidCategory;
  date: string;
  note: string | null;
  entryId: number;
  createdBy: number | null;
  createdAt: string;
}

/** `posted`: paid. `pending`: awaiting a second person's approval. `voided`: rejected, nothing paid. */
export type AidStatus = 'posted' | 'pending' | 'voided';

export interface Aid extends AidRecord {
  status: AidStatus;
  postedEntryId: number | null;
  reversedByEntryId: number | null;
}

export interface NewAid {
  recipientId: number;
  fundId: number;
  amount: Money;
  category: AidCategory;
  date?: string | undefined;
  note?: string | undefined;
}

export interface AidFilter {
  beforeId: number | undefined;
  limit: number;
  from: string | undefined;
  to: string | undefined;
  recipientId: number | undefined;
  fundId: number | undefined;
  status: AidStatus | undefined;
}
