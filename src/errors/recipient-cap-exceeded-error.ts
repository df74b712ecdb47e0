import { DomainError } from './domain-error.js';

/** Aid beyond the fund's cap per recipient per calendar year. */
export class RecipientCapExceededError extends DomainError {
  readonly code = 'RECIPIENT_CAP_EXCEEDED';
}
