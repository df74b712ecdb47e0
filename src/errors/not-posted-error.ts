import { DomainError } from './domain-error.js';

/** A document that exists only for posted money (a receipt) was asked for money not posted. */
export class NotPostedError extends DomainError {
  readonly code = 'NOT_POSTED';
}
