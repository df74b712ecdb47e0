import { DomainError } from './domain-error.js';

/** Only posted money movements can be reversed (not pending entries, voids or reversals). */
export class NotReversibleError extends DomainError {
  readonly code = 'NOT_REVERSIBLE';
}
