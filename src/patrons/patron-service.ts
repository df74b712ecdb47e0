import type { Knex } from 'knex';
import type { AuthenticatedUser } from '../auth/roles.js';
import type { Clock } from '../calendar/business-date.js';
import { isUniqueViolation } from '../db/database-errors.js';
import { type Page, type PageRequest, pageOf } from '../db/paging.js';
import { AlreadyErasedError } from '../errors/already-erased-error.js';
import { DuplicateError } from '../errors/duplicate-error.js';
import { NotFoundError } from '../errors/not-found-error.js';
import { ValidationError } from '../errors/validation-error.js';
import type { PersonalDataKey } from '../people/personal-data-key.js';
import { isValidTaxId, taxIdHash } from '../people/tax-id.js';
import { checkedText } from '../text/checked-text.js';
import { PatronStore } from './patron-store.js';
import type { NewPatron, Patron } from './patron-types.js';

export const MAX_ERASURE_REASON_LENGTH = 500;

/** Patrons: the people and organisations who give. */
export class PatronService {
  private readonly store = new PatronStore();

  constructor(
    private readonly db: Knex,
    private readonly clock: Clock,
    private readonly personalDataKey: PersonalDataKey,
  ) {}

  /** Registers a patron; an IIN/BIN already registered is DUPLICATE with the existing id. */
  async create(patron: NewPatron, createdBy: number | null, trx?: Knex.Transaction): Promise<Patron> {
    const db = trx ?? this.db;
    const [id] = await this.createMany([patron], createdBy, db);
    return (await this.store.findById(db, id as number)) as Patron;
  }

  /**
   * Registers patrons in order under the rules of `create`, a few hundred per statement; their new
   * ids in the same order. All or nothing: an IIN/BIN registered before, or twice in the list, is
   * DUPLICATE (with the existing id where there is one).
   */
  async createMany(
    patrons: readonly NewPatron[],
    createdBy: number | null,
    db: Knex = this.db,
  ): Promise<number[]> {
    for (const patron of patrons) assertTaxIdFits(patron);
    const key = patrons.some((patron) => patron.iin ?? patron.bin)
      ? await this.personalDataKey.value(db)
      : '';
    const hashes = patrons.map((patron) => {
      const taxId = patron.iin ?? patron.bin;
      return taxId === undefined ? null : taxIdHash(taxId, key);
    });
    const listed = hashes.filter((hash): hash is string => hash !== null);
    const existing = await this.store.idsByTaxIdHash(db, listed);
    for (const [index, hash] of hashes.entries()) {
      if (hash === null) continue;
      const existingId = existing.get(hash);
      if (existingId !== undefined) {
        throw new DuplicateError(`a patron with this ${patrons[index]?.iin ? 'IIN' : 'BIN'} exists`, {
          existingId,
        });
      }
    }
    if (new Set(listed).size !== listed.length) {
      throw new DuplicateError('the same IIN/BIN is listed twice', { field: 'iin' });
    }
    try {
      return await this.store.insertMany(db, patrons, hashes, createdBy, this.clock.now().toISOString());
    } catch (error) {
      if (isUniqueViolation(error) && listed.length > 0) {
        // Another request registered one of these IINs/BINs between our check and our insert.
        const raced = await this.store.idsByTaxIdHash(this.db, listed);
        const [existingId] = raced.values();
        throw new DuplicateError('a patron with this IIN/BIN exists', { existingId });
      }
      throw error;
    }
  }

  /** A patron as the user may see it: a patron user sees only their own record. */
  async get(id: number, viewer: AuthenticatedUser): Promise<Patron> {
    const patron = await this.store.findById(this.db, id);
    if (!patron || (viewer.role === 'patron' && viewer.patronId !== id)) {
      throw new NotFoundError(`patron ${id} does not exist`, { patronId: id });
    }
    return patron;
  }

  /** Erases the patron's personal data; their donations stay in the ledger under their id. */
  async erase(id: number, reason: string): Promise<Patron> {
    const checkedReason = checkedText('reason', reason, MAX_ERASURE_REASON_LENGTH, 'multi-line');
    return this.db.transaction(async (trx) => {
      const erased = await this.store.erase(trx, id, checkedReason, this.clock.now().toISOString());
      const patron = await this.store.findById(trx, id);
      if (!patron) throw new NotFoundError(`patron ${id} does not exist`, { patronId: id });
      if (!erased) throw new AlreadyErasedError(`patron ${id} was already erased`, { patronId: id });
      if (patron.name !== null || patron.iin !== null || patron.bin !== null || patron.email !== null) {
        throw new Error(`patron ${id} still holds personal data after erasure`);
      }
      return patron;
    });
  }

  async exists(id: number, trx?: Knex.Transaction): Promise<boolean> {
    return (await this.store.findById(trx ?? this.db, id)) !== null;
  }

  /** Which of these ids are patrons (one query per few hundred ids). */
  async existing(ids: readonly number[], trx?: Knex.Transaction): Promise<Set<number>> {
    return this.store.existingIds(trx ?? this.db, [...new Set(ids)]);
  }

  async list(page: PageRequest): Promise<Page<Patron>> {
    const rows = await this.store.listNewestFirst(this.db, page.beforeId, page.limit + 1);
    return pageOf(rows, page, (patron) => patron.id);
  }
}

/** An IIN belongs to an individual and a BIN to an organization, each with a valid check digit. */
function assertTaxIdFits(patron: NewPatron): void {
  if (patron.iin !== undefined && (patron.kind !== 'individual' || !isValidTaxId(patron.iin))) {
    throw new ValidationError('iin must be the 12-digit IIN of an individual with a valid check digit', {
      field: 'iin',
    });
  }
  if (patron.bin !== undefined && (patron.kind !== 'organization' || !isValidTaxId(patron.bin))) {
    throw new ValidationError('bin must be the 12-digit BIN of an organization with a valid check digit', {
      field: 'bin',
    });
  }
}
