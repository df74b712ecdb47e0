import { DomainError } from './domain-error.js';

/** Input that breaks a rule of shape or format other than the amount rules. */
export class ValidationError extends DomainError {
  readonly code = 'VALIDATION_FAILED';
}
