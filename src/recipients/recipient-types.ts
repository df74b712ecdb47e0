import type { RegionCode } from './regions.js';

/** Limits of a recipient's text fields, in characters; each fits its column in the recipients table. */
export const MAX_FULL_NAME_LENGTH = 300;
export const MAX_CATEGORY_LENGTH = 40;
export const MAX_NOTES_LENGTH = 2000;
export const MAX_ERASURE_REASON_LENGTH = 500;
/** The longest text a name search (`q`) may carry. */
export const MAX_NAME_SEARCH_LENGTH = 100;

export interface Recipient {
  id: number;
  /** Null once the recipient's personal data has been erased. */
  iin: string | null;
  /** Null once the recipient's personal data has been erased. */
  fullName: string | null;
  region: RegionCode;
  category: string | null;
  /** Null when none was given, and once the personal data has been erased. */
  notes: string | null;
  createdAt: string;
  createdBy: number | null;
  erasedAt: string | null;
  erasureReason: string | null;
}

export interface NewRecipient {
  iin: string;
  fullName: string;
  region: string;
  category?: string | undefined;
  notes?: string | undefined;
}

/** What a list of recipients may be narrowed to; every filter given must hold. */
export interface RecipientFilter {
  region?: RegionCode | undefined;
  /** A piece of the name, matched without regard to case. */
  nameContains?: string | undefined;
  /** The exact IIN, found by its keyed hash (so also for erased recipients). */
  iin?: string | undefined;
}
