import { DomainError } from './domain-error.js';

/** An amount that is not a valid tenge amount string (SPEC §2); never rounded, always refused. */
export class InvalidAmountError extends DomainError {
  readonly code = 'INVALID_AMOUNT';
}
