import { DomainError } from '../errors/domain-error.js';

/** The demo data set is written only into an empty ledger unless the caller says --force. */
export class SeedRefusedError extends DomainError {
  readonly code = 'SEED_REFUSED';
}
