import { DomainError } from './domain-error.js';

/** No valid credentials: a missing, malformed, expired or forged token, or a wrong password. */
export class UnauthenticatedError extends DomainError {
  readonly code = 'UNAUTHENTICATED';
}
