import type { Knex } from 'knex';
import type { AuthenticatedUser, Role } from '../auth/roles.js';

/** What the import asks the database directly; knex only. */
export class StatementStore {
  /** The user the import acts as: by email, or the first admin; disabled users never. */
  async findActingUser(db: Knex, email: string | undefined): Promise<AuthenticatedUser | null> {
    const query = db('users').where({ disabled: false });
    const row: UserRow | undefined = await (email === undefined
      ? query.where({ role: 'admin' }).orderBy('id').first()
      : query.where({ email }).first());
    return row
      ? { id: Number(row.id), email: row.email, role: row.role, name: row.name, patronId: row.patron_id }
      : null;
  }

  /** The donations already booked under any of these bank references, and the requests that booked them. */
  async bookedReferences(
    db: Knex,
    references: readonly string[],
  ): Promise<Map<string, { donationId: number; requestId: string | null }>> {
    const found = new Map<string, { donationId: number; requestId: string | null }>();
    if (references.length === 0) return found;
    const rows = await db('donations')
      .join('entries', 'entries.id', 'donations.entry_id')
      .whereIn('donations.reference', [...new Set(references)])
      .select('donations.reference', 'donations.id as donation_id', 'entries.request_id as request_id');
    for (const row of rows) {
      found.set(String(row.reference), {
        donationId: Number(row.donation_id),
        requestId: row.request_id ?? null,
      });
    }
    return found;
  }

  /** The donation already booked under a bank reference, and the request that booked it. */
  async findBookedReference(
    db: Knex,
    reference: string,
  ): Promise<{ donationId: number; requestId: string | null } | null> {
    const row = await db('donations')
      .join('entries', 'entries.id', 'donations.entry_id')
      .where('donations.reference', reference)
      .first('donations.id as donation_id', 'entries.request_id as request_id');
    return row ? { donationId: Number(row.donation_id), requestId: row.request_id ?? null } : null;
  }
}

interface UserRow {
  id: number;
  email: string;
  role: Role;
  name: string | null;
  patron_id: number | null;
}
