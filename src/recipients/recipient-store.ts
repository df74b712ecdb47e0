import type { Knex } from 'knex';
import type { Recipient } from './recipient-types.js';
import type { RegionCode } from './regions.js';

interface RecipientRow {
  id: number;
  iin: string | null;
  full_name: string | null;
  region: RegionCode;
  category: string | null;
  notes: string | null;
  created_at: string;
  created_by: number | null;
  erased_at: string | null;
  erasure_reason: string | null;
}

/** A recipient as it is written: already checked and normalised by the service. */
export interface RecipientRecord {
  iin: string;
  iinHash: string;
  fullName: string;
  region: RegionCode;
  category: string | null;
  notes: string | null;
  createdAt: string;
  createdBy: number | null;
}

/** The store's side of a list filter: the IIN already hashed. */
export interface RecipientQuery {
  region?: RegionCode | undefined;
  nameContains?: string | undefined;
  iinHash?: string | undefined;
}

/** The escape character of LIKE patterns: one that needs no escaping in SQL string literals anywhere. */
const LIKE_ESCAPE = '!';

/** Recipients (personal data, apart from the journal); knex only. */
export class RecipientStore {
  async insert(db: Knex, recipient: RecipientRecord): Promise<number> {
    const [inserted] = await db('recipients')
      .insert({
        iin: recipient.iin,
        iin_hash: recipient.iinHash,
        full_name: recipient.fullName,
        full_name_folded: foldForSearch(recipient.fullName),
        region: recipient.region,
        category: recipient.category,
        notes: recipient.notes,
        created_at: recipient.createdAt,
        created_by: recipient.createdBy,
      })
      .returning('id');
    return Number(typeof inserted === 'object' ? inserted.id : inserted);
  }

  async findById(db: Knex, id: number): Promise<Recipient | null> {
    const row: RecipientRow | undefined = await db('recipients').where({ id }).first();
    return row ? toRecipient(row) : null;
  }

  async findIdByIinHash(db: Knex, iinHash: string): Promise<number | null> {
    const row = await db('recipients').where({ iin_hash: iinHash }).first('id');
    return row ? Number(row.id) : null;
  }

  /**
   * Newest first, below beforeId when given. A name piece is matched with LIKE, its wildcards escaped,
   * both sides folded to lower case by JavaScript's Unicode rules (Cyrillic and Kazakh letters too).
   */
  async listNewestFirst(
    db: Knex,
    query: RecipientQuery,
    beforeId: number | undefined,
    limit: number,
  ): Promise<Recipient[]> {
    const select = db('recipients').orderBy('id', 'desc').limit(limit);
    if (beforeId !== undefined) select.where('id', '<', beforeId);
    if (query.region !== undefined) select.where({ region: query.region });
    if (query.iinHash !== undefined) select.where({ iin_hash: query.iinHash });
    if (query.nameContains !== undefined) {
      select.whereRaw(`full_name_folded LIKE ? ESCAPE '${LIKE_ESCAPE}'`, [
        `%${escapeLike(foldForSearch(query.nameContains))}%`,
      ]);
    }
    return (await select).map(toRecipient);
  }

  /**
   * Clears the personal data of a recipient not yet erased and records when and why; the IIN's keyed
   * hash stays. Answers false when no such unerased recipient exists (the caller finds out which).
   */
  async erase(db: Knex, id: number, reason: string, erasedAt: string): Promise<boolean> {
    const changed = await db('recipients').where({ id }).whereNull('erased_at').update({
      iin: null,
      full_name: null,
      full_name_folded: null,
      notes: null,
      erased_at: erasedAt,
      erasure_reason: reason,
    });
    return changed === 1;
  }
}

function escapeLike(text: string): string {
  return text.replace(/[!%_]/g, (character) => `${LIKE_ESCAPE}${character}`);
}

function toRecipient(row: RecipientRow): Recipient {
  return {
    id: Number(row.id),
    iin: row.iin,
    fullName: row.full_name,
    region: row.region,
    category: row.category,
    notes: row.notes,
    createdAt: row.created_at,
    createdBy: row.created_by === null ? null : Number(row.created_by),
    erasedAt: row.erased_at,
    erasureReason: row.erasure_reason,
  };
}

/** Lower case by Unicode rules, for case-insensitive name search in any script. */
export function foldForSearch(text: string): string {
  return text.toLowerCase();
}
