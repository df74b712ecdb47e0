import { DomainError } from './domain-error.js';

/** An Idempotency-Key already used with a different request. */
export class IdempotencyConflictError extends DomainError {
  readonly code = 'IDEMPOTENCY_CONFLICT';
}
