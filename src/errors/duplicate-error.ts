import { DomainError } from './domain-error.js';

/** A record with the same unique key (for example a fund code) already exists. */
export class DuplicateError extends DomainError {
  readonly code = 'DUPLICATE';
}
