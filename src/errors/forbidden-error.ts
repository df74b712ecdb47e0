import { DomainError } from './domain-error.js';

/** The caller is known but their role may not do this. */
export class ForbiddenError extends DomainError {
  readonly code = 'FORBIDDEN';
}
