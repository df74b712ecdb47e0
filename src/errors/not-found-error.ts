import { DomainError } from './domain-error.js';

/** A referenced record (entry, account, fund, …) does not exist. */
export class NotFoundError extends DomainError {
  readonly code = 'NOT_FOUND';
}
