import { DomainError } from './domain-error.js';

/** A period cannot be closed while entries dated in it are still pending. */
export class PendingInPeriodError extends DomainError {
  readonly code = 'PENDING_IN_PERIOD';
}
