import { createHash } from 'node:crypto';
import type { Entry } from './ledger-types.js';

/** The previous hash of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);
const CANONICAL_FORM_VERSION = 'jomart-entry-v1';

export type HashedContent = Omit<Entry, 'hash'>;

/**
 * The canonical content of an entry: a JSON array in a fixed order, so the same entry always gives
 * the same bytes whichever database or export it came from. People appear by id only, amounts as
 * integer tiyn in strings, postings in the order they were written.
 */
export function canonicalEntry(entry: HashedContent): string {
  return JSON.stringify([
    CANONICAL_FORM_VERSION,
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
    entry.postings.map((posting) => [
      posting.accountCode,
      posting.amount.tiyn.toString(),
      posting.fundId,
      posting.patronId,
      posting.recipientId,
    ]),
  ]);
}

/** SHA-256 over the canonical content, which includes the previous entry's hash. */
export function hashEntry(entry: HashedContent): string {
  return createHash('sha256').update(canonicalEntry(entry), 'utf8').digest('hex');
}
