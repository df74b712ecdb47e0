import { DomainError } from './domain-error.js';

/** Postings that do not sum to zero, or fewer than two of them. */
export class UnbalancedEntryError extends DomainError {
  readonly code = 'UNBALANCED_ENTRY';
}
