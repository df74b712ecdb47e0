import type { Knex } from 'knex';
import type { Clock } from '../calendar/business-date.js';
import { isUniqueViolation } from '../db/database-errors.js';
import { type Page, type PageRequest, pageOf } from '../db/paging.js';
import { AlreadyErasedError } from '../errors/already-erased-error.js';
import { DuplicateRecipientError } from '../errors/duplicate-recipient-error.js';
import { NotFoundError } from '../errors/not-found-error.js';
import { ValidationError } from '../errors/validation-error.js';
import type { PersonalDataKey } from '../people/personal-data-key.js';
import { isValidTaxId, taxIdHash } from '../people/tax-id.js';
import { checkedText } from '../text/checked-text.js';
import { type RecipientQuery, type RecipientRecord, RecipientStore } from './recipient-store.js';
import {
  MAX_CATEGORY_LENGTH,
  MAX_ERASURE_REASON_LENGTH,
  MAX_FULL_NAME_LENGTH,
  MAX_NAME_SEARCH_LENGTH,
  MAX_NOTES_LENGTH,
  type NewRecipient,
  type Recipient,
  type RecipientFilter,
} from './recipient-types.js';
import { isRegionCode, type RegionCode } from './regions.js';

/** Recipients: the people aid is paid to. One recipient per IIN, recognised by the IIN's keyed hash. */
export class RecipientService {
  private readonly store = new RecipientStore();

  constructor(
    private readonly db: Knex,
    private readonly clock: Clock,
    private readonly personalDataKey: PersonalDataKey,
  ) {}

  /** Registers a recipient; an IIN already registered (erased or not) is DUPLICATE_RECIPIENT with its id. */
  async create(input: NewRecipient, createdBy: number | null, trx?: Knex.Transaction): Promise<Recipient> {
    const db = trx ?? this.db;
    const checked = checkNewRecipient(input);
    const iinHash = taxIdHash(checked.iin, await this.personalDataKey.value(db));
    const existingId = await this.store.findIdByIinHash(db, iinHash);
    if (existingId !== null) throw duplicateRecipient(existingId);
    const record: RecipientRecord = {
      ...checked,
      iinHash,
      createdAt: this.clock.now().toISOString(),
      createdBy,
    };
    let id: number;
    try {
      // In a transaction of its own (a savepoint inside the caller's), so that losing a race for the
      // IIN leaves the caller's transaction usable for finding the winner.
      id = await db.transaction((inner) => this.store.insert(inner, record));
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
      throw duplicateRecipient(await this.store.findIdByIinHash(db, iinHash));
    }
    const created = await this.store.findById(db, id);
    if (created?.iin !== checked.iin || created.fullName !== checked.fullName) {
      throw new Error(`recipient ${id} does not read back as it was written`);
    }
    return created;
  }

  async get(id: number): Promise<Recipient> {
    const recipient = await this.store.findById(this.db, id);
    if (!recipient) throw new NotFoundError(`recipient ${id} does not exist`, { recipientId: id });
    return recipient;
  }

  /** True when a recipient with this id exists (erased ones included: their aid stays in the books). */
  async exists(id: number, trx?: Knex.Transaction): Promise<boolean> {
    const row = await (trx ?? this.db)('recipients').where({ id }).first('id');
    return row !== undefined;
  }

  async list(filter: RecipientFilter, page: PageRequest): Promise<Page<Recipient>> {
    const rows = await this.store.listNewestFirst(
      this.db,
      await this.queryOf(filter),
      page.beforeId,
      page.limit + 1,
    );
    return pageOf(rows, page, (recipient) => recipient.id);
  }

  /**
   * Erases a recipient's personal data (IIN, name, notes), recording when and why. The keyed hash of
   * the IIN stays, so the same person registering again is still DUPLICATE_RECIPIENT; the journal
   * refers to recipients by id only and is not touched.
   */
  async erase(id: number, reason: string, trx?: Knex.Transaction): Promise<Recipient> {
    const db = trx ?? this.db;
    const checkedReason = checkedText('reason', reason, MAX_ERASURE_REASON_LENGTH, 'multi-line');
    const erased = await this.store.erase(db, id, checkedReason, this.clock.now().toISOString());
    const recipient = await this.store.findById(db, id);
    if (!recipient) throw new NotFoundError(`recipient ${id} does not exist`, { recipientId: id });
    if (!erased) {
      throw new AlreadyErasedError(`recipient ${id} was already erased`, {
        recipientId: id,
        erasedAt: recipient.erasedAt,
      });
    }
    if (recipient.iin !== null || recipient.fullName !== null || recipient.notes !== null) {
      throw new Error(`recipient ${id} still holds personal data after erasure`);
    }
    return recipient;
  }

  private async queryOf(filter: RecipientFilter): Promise<RecipientQuery> {
    if (filter.region !== undefined && !isRegionCode(filter.region)) {
      throw new ValidationError('region must be one of the 20 ISO 3166-2:KZ codes', { field: 'region' });
    }
    if (filter.iin !== undefined && !isValidTaxId(filter.iin)) {
      throw new ValidationError('iin must be 12 digits with a valid check digit', { field: 'iin' });
    }
    return {
      region: filter.region,
      nameContains:
        filter.nameContains === undefined
          ? undefined
          : checkedText('q', filter.nameContains, MAX_NAME_SEARCH_LENGTH, 'single-line'),
      iinHash:
        filter.iin === undefined ? undefined : taxIdHash(filter.iin, await this.personalDataKey.value()),
    };
  }
}

function duplicateRecipient(existingId: number | null): DuplicateRecipientError {
  return new DuplicateRecipientError(
    'a recipient with this IIN is registered',
    existingId === null ? {} : { existingId },
  );
}

/** The recipient as it will be stored: every rule checked, text trimmed and in Unicode NFC. */
function checkNewRecipient(
  input: NewRecipient,
): Omit<RecipientRecord, 'iinHash' | 'createdAt' | 'createdBy'> {
  if (!isValidTaxId(input.iin)) {
    throw new ValidationError('iin must be 12 digits with a valid check digit', { field: 'iin' });
  }
  if (!isRegionCode(input.region)) {
    throw new ValidationError('region must be one of the 20 ISO 3166-2:KZ codes', { field: 'region' });
  }
  const region: RegionCode = input.region;
  return {
    iin: input.iin,
    fullName: checkedText('fullName', input.fullName, MAX_FULL_NAME_LENGTH, 'single-line'),
    region,
    category:
      input.category === undefined
        ? null
        : checkedText('category', input.category, MAX_CATEGORY_LENGTH, 'single-line'),
    notes:
      input.notes === undefined ? null : checkedText('notes', input.notes, MAX_NOTES_LENGTH, 'multi-line'),
  };
}
