import { DomainError } from './domain-error.js';

/** A pending entry is posted or voided once; this one already was. */
export class AlreadyResolvedError extends DomainError {
  readonly code = 'ALREADY_RESOLVED';
}
