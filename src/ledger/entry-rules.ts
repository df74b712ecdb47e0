import { UnbalancedEntryError } from '../errors/unbalanced-entry-error.js';
import { ValidationError } from '../errors/validation-error.js';
import { MAX_ENTRY_AMOUNT, Money } from '../money/money.js';
import type { PostingInput } from './ledger-types.js';

export const MAX_POSTINGS_PER_ENTRY = 100;
export const MAX_MEMO_LENGTH = 500;
const KIND_PATTERN = /^[a-z][a-z-]{0,31}$/;

/**
 * Checks an entry before anything is written: two to MAX_POSTINGS_PER_ENTRY postings, none zero,
 * none above the per-entry limit, summing to exactly zero. The database checks the sum again.
 */
export function assertBalanced(postings: readonly PostingInput[]): void {
  if (postings.length < 2) throw new UnbalancedEntryError('an entry needs at least two postings');
  if (postings.length > MAX_POSTINGS_PER_ENTRY) {
    throw new UnbalancedEntryError(`an entry has at most ${MAX_POSTINGS_PER_ENTRY} postings`);
  }
  for (const posting of postings) {
    if (posting.amount.isZero()) throw new UnbalancedEntryError('a posting cannot be zero');
    const magnitude = posting.amount.isNegative() ? posting.amount.negated() : posting.amount;
    if (magnitude.compare(MAX_ENTRY_AMOUNT) > 0) {
      throw new UnbalancedEntryError(`a posting moves at most ${MAX_ENTRY_AMOUNT.toString()}`);
    }
  }
  const total = Money.sum(postings.map((posting) => posting.amount));
  if (!total.isZero()) {
    throw new UnbalancedEntryError(`postings must sum to zero, they sum to ${total.toString()}`, {
      total: total.toString(),
    });
  }
}

export function assertEntryText(kind: string, memo: string | null | undefined): void {
  if (!KIND_PATTERN.test(kind)) throw new ValidationError(`entry kind "${kind}" is not a known form of kind`);
  if (memo != null && memo.length > MAX_MEMO_LENGTH) {
    throw new ValidationError(`a memo has at most ${MAX_MEMO_LENGTH} characters`, { field: 'memo' });
  }
}

/** The opposite postings: what a reversal writes. */
export function oppositePostings(postings: readonly PostingInput[]): PostingInput[] {
  return postings.map((posting) => ({ ...posting, amount: posting.amount.negated() }));
}
