import { DomainError } from './domain-error.js';

/** Too many failed logins in a row: wait before the next try (details.retryAfterSeconds). */
export class TooManyAttemptsError extends DomainError {
  readonly code = 'TOO_MANY_ATTEMPTS';
}
