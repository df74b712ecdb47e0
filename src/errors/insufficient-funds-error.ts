import { DomainError } from './domain-error.js';

/** An entry would take a fund's available balance (posted minus pending out) below zero. */
export class InsufficientFundsError extends DomainError {
  readonly code = 'INSUFFICIENT_FUNDS';
}
