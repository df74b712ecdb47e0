/**
 * The base of every operational error: something a user did or asked that the ledger refuses.
 * Each subclass carries a stable `code`; the HTTP layer maps codes to problem responses in one table.
 * Programmer errors (broken invariants) are plain `Error`s and are never caught as domain errors.
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;
  /** Extra machine-readable facts for the client (for example the id of an existing record). */
  readonly details: Readonly<Record<string, unknown>>;

  constructor(message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = new.target.name;
    this.details = details;
  }
}
