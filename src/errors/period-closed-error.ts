import { DomainError } from './domain-error.js';

/** An entry dated on or before the closed-through date of the books. */
export class PeriodClosedError extends DomainError {
  readonly code = 'PERIOD_CLOSED';
}
