import { hash } from 'node:crypto';
import type { Entry } from './ledger-types.js';

/** The previous hash of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);
const CANONICAL_FORM_VERSION = 'jomart-entry-v1';

export type HashedContent = Omit<Entry, 'hash'>;

/** A posting as the canonical form lists it: account code, integer tiyn as text, fund, patron, recipient. */
export type CanonicalPosting = readonly [
  accountCode: string,
  amountTiyn: string,
  fundId: number | null,
  patronId: number | null,
  recipientId: number | null,
];

/** An entry's own fields as the canonical form lists them, in this order, before its postings. */
export type CanonicalFields = readonly [
  id: number,
  prevHash: string,
  kind: string,
  status: string,
  date: string,
  recordedAt: string,
  memo: string | null,
  reversesEntryId: number | null,
  pendingEntryId: number | null,
  createdBy: number | null,
  requestId: string | null,
];

/**
 * The canonical content of an entry: a JSON array in a fixed order, so the same entry always gives
 * the same bytes whichever database or export it came from. People appear by id only, amounts as
 * integer tiyn in strings, postings in the order they were written.
 *
 * The one definition of those bytes: `canonicalEntry` (from an Entry) and the chain verifier (from
 * the database's rows) both go through it.
 */
export function canonicalForm(fields: CanonicalFields, postings: readonly CanonicalPosting[]): string {
  return JSON.stringify([CANONICAL_FORM_VERSION, ...fields, postings]);
}

export function canonicalEntry(entry: HashedContent): string {
  return canonicalForm(
    [
      entry.id,
      entry.prevHash,
      entry.kind,
      entry.status,
      entry.date,
      entry.recordedAt,
      entry.memo,
      entry.reversesEntryId,
      entry.pendingEntryId,
      entry.createdBy,
      entry.requestId,
    ],
    entry.postings.map((posting) => [
      posting.accountCode,
      posting.amount.tiyn.toString(),
      posting.fundId,
      posting.patronId,
      posting.recipientId,
    ]),
  );
}

/** SHA-256 of a canonical form, as 64 lower-case hex characters. */
export function hashCanonical(canonical: string): string {
  return hash('sha256', canonical, 'hex');
}

/** SHA-256 over the canonical content, which includes the previous entry's hash. */
export function hashEntry(entry: HashedContent): string {
  return hashCanonical(canonicalEntry(entry));
}
