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

/** Patrons (personal data, apart from the journal); knex only. */
export class PatronStore {
  async insert(
    db: Knex,
    patron: NewPatron,
    taxIdHash: string | null,
    createdBy: number | null,
    createdAt: string,
  ): Promise<number> {
    const [inserted] = await db('patrons')
      .insert({
        name: patron.name,
        kind: patron.kind,
        iin: patron.iin ?? null,
        bin: patron.bin ?? null,
        tax_id_hash: taxIdHash,
        email: patron.email ?? null,
        anonymous: patron.anonymous ?? false,
        created_by: createdBy,
        created_at: createdAt,
      })
      .returning('id');
    return Number(typeof inserted === 'object' ? inserted.id : inserted);
  }

  async findById(db: Knex, id: number): Promise<Patron | null> {
    const row: PatronRow | undefined = await db('patrons').where({ id }).first();
    return row ? toPatron(row) : null;
  }

  async findIdByTaxIdHash(db: Knex, taxIdHash: string): Promise<number | null> {
    const row = await db('patrons').where({ tax_id_hash: taxIdHash }).first('id');
    return row ? Number(row.id) : null;
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
