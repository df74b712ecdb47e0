import { DomainError } from './domain-error.js';

/** The file cannot be read as a statement at all: not a CSV, not text, or without the required columns. */
export class UnreadableStatementError extends DomainError {
  readonly code = 'UNREADABLE_STATEMENT';
}
