import { DomainError } from './domain-error.js';

/** A fund takes no entries dated after its closing date. */
export class FundClosedError extends DomainError {
  readonly code = 'FUND_CLOSED';
}
