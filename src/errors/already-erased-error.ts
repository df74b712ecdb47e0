import { DomainError } from './domain-error.js';

/** A person's personal data is erased once; this person's already was (details.erasedAt). */
export class AlreadyErasedError extends DomainError {
  readonly code = 'ALREADY_ERASED';
}
