import { DomainError } from './domain-error.js';

/** The person who created pending aid cannot approve it: a second person must. */
export class SelfApprovalError extends DomainError {
  readonly code = 'SELF_APPROVAL';
}
