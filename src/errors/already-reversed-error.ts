import { DomainError } from './domain-error.js';

/** An entry can be reversed once; this one already was. */
export class AlreadyReversedError extends DomainError {
  readonly code = 'ALREADY_REVERSED';
}
