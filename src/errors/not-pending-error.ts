import { DomainError } from './domain-error.js';

/** Only a pending entry can be posted or voided. */
export class NotPendingError extends DomainError {
  readonly code = 'NOT_PENDING';
}
