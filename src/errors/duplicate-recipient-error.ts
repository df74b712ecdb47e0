import { DomainError } from './domain-error.js';

/** A recipient with this IIN is already registered (details.existingId). */
export class DuplicateRecipientError extends DomainError {
  readonly code = 'DUPLICATE_RECIPIENT';
}
