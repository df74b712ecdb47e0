import type { Knex } from 'knex';
import type { NewPatron, Patron, PatronKind } from './patron-types.js';

interface PatronRow {
  id: number;
  name: string | null;
  kind: PatronKind;
  iin: string | null;
  bin: string | null;
  email: string | null;
  anonymous: boolean | number;
  created_at: string;
  erased_at: string | null;
}

/** Values per `IN (…)` list: far below either engine's limit on bound parameters. */
const IDS_PER_QUERY = 500;

/** Patrons (personal data, apart from the journal); knex only. */
export class PatronStore {
  /** Inserts patrons in order, a few hundred per statement; their new ids in the same order. */
  async insertMany(
    db: Knex,
    patrons: readonly NewPatron[],
    taxIdHashes: ReadonlyArray<string | null>,
    createdBy: number | null,
    createdAt: string,
  ): Promise<number[]> {
    const rows = patrons.map((patron, index) => ({
      name: patron.name,
      kind: patron.kind,
      iin: patron.iin ?? null,
      bin: patron.bin ?? null,
      tax_id_hash: taxIdHashes[index] ?? null,
      email: patron.email ?? null,
      anonymous: patron.anonymous ?? false,
      created_by: createdBy,
      created_at: createdAt,
    }));
    const ids: number[] = [];
    for (let start = 0; start < rows.length; start += IDS_PER_QUERY) {
      const inserted = await db('patrons')
        .insert(rows.slice(start, start + IDS_PER_QUERY))
        .returning('id');
      const batch = inserted.map((row: unknown) =>
        Number(typeof row === 'object' && row !== null ? (row as { id: unknown }).id : row),
      );
      ids.push(...batch.sort((a: number, b: number) => a - b));
    }
    return ids;
  }

  async findById(db: Knex, id: number): Promise<Patron | null> {
    const row: PatronRow | undefined = await db('patrons').where({ id }).first();
    return row ? toPatron(row) : null;
  }

  /** Which of these ids are patrons. */
  async existingIds(db: Knex, ids: readonly number[]): Promise<Set<number>> {
    const found = new Set<number>();
    for (let start = 0; start < ids.length; start += IDS_PER_QUERY) {
      const rows = await db('patrons')
        .whereIn('id', ids.slice(start, start + IDS_PER_QUERY))
        .select('id');
      for (const row of rows) found.add(Number(row.id));
    }
    return found;
  }

  /** The patron of each of these keyed IIN/BIN hashes that has one. */
  async idsByTaxIdHash(db: Knex, hashes: readonly string[]): Promise<Map<string, number>> {
    const found = new Map<string, number>();
    for (let start = 0; start < hashes.length; start += IDS_PER_QUERY) {
      const rows = await db('patrons')
        .whereIn('tax_id_hash', hashes.slice(start, start + IDS_PER_QUERY))
        .select('id', 'tax_id_hash');
      for (const row of rows) found.set(String(row.tax_id_hash), Number(row.id));
    }
    return found;
  }

  async findIdByTaxIdHash(db: Knex, taxIdHash: string): Promise<number | null> {
    const row = await db('patrons').where({ tax_id_hash: taxIdHash }).first('id');
    return row ? Number(row.id) : null;
  }

  /**
   * Clears a patron's personal data (name, IIN/BIN, email) and records when and why; the keyed hash
   * of the IIN/BIN stays so the same person is still recognised. Their login, if any, is disabled and
   * its email and name replaced. False when no such unerased patron exists.
   */
  async erase(db: Knex, id: number, reason: string, erasedAt: string): Promise<boolean> {
    const changed = await db('patrons').where({ id }).whereNull('erased_at').update({
      name: null,
      iin: null,
      bin: null,
      email: null,
      erased_at: erasedAt,
      erasure_reason: reason,
    });
    if (changed !== 1) return false;
    const users = await db('users').where({ patron_id: id }).select('id');
    for (const user of users) {
      await db('users')
        .where({ id: user.id })
        .update({ email: `erased-user-${user.id}@erased.invalid`, name: null, disabled: true });
    }
    return true;
  }

  async listNewestFirst(db: Knex, beforeId: number | undefined, limit: number): Promise<Patron[]> {
    const query = db('patrons').orderBy('id', 'desc').limit(limit);
    if (beforeId !== undefined) query.where('id', '<', beforeId);
    return (await query).map(toPatron);
  }
}

function toPatron(row: PatronRow): Patron {
  return {
    id: Number(row.id),
    name: row.name,
    kind: row.kind,
    iin: row.iin,
    bin: row.bin,
    email: row.email,
    anonymous: Boolean(row.anonymous),
    createdAt: row.created_at,
    erasedAt: row.erased_at,
  };
}
