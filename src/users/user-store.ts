import type { Knex } from 'knex';
import type { AuthenticatedUser, Role } from '../auth/roles.js';

export interface UserRecord extends AuthenticatedUser {
  passwordHash: string;
  disabled: boolean;
  failedLoginCount: number;
  lastFailedLoginAt: string | null;
  createdAt: string;
}

interface UserRow {
  id: number;
  email: string;
  password_hash: string;
  role: Role;
  name: string | null;
  patron_id: number | null;
  disabled: boolean | number;
  failed_login_count: number;
  last_failed_login_at: string | null;
  created_at: string;
}

export interface NewUserRow {
  email: string;
  passwordHash: string;
  role: Role;
  name: string | null;
  patronId: number | null;
  createdBy: number | null;
  createdAt: string;
}

/** Users and their login state; knex only. */
export class UserStore {
  async insert(db: Knex, user: NewUserRow): Promise<number> {
    const [inserted] = await db('users')
      .insert({
        email: user.email,
        password_hash: user.passwordHash,
        role: user.role,
        name: user.name,
        patron_id: user.patronId,
        created_by: user.createdBy,
        created_at: user.createdAt,
      })
      .returning('id');
    return Number(typeof inserted === 'object' ? inserted.id : inserted);
  }

  async findById(db: Knex, id: number): Promise<UserRecord | null> {
    const row: UserRow | undefined = await db('users').where({ id }).first();
    return row ? toUser(row) : null;
  }

  async findByEmail(db: Knex, email: string): Promise<UserRecord | null> {
    const row: UserRow | undefined = await db('users').where({ email }).first();
    return row ? toUser(row) : null;
  }

  async count(db: Knex): Promise<number> {
    const row = await db('users').count({ count: '*' }).first();
    return Number(row?.count ?? 0);
  }

  async listNewestFirst(db: Knex, beforeId: number | undefined, limit: number): Promise<UserRecord[]> {
    const query = db('users').orderBy('id', 'desc').limit(limit);
    if (beforeId !== undefined) query.where('id', '<', beforeId);
    return (await query).map(toUser);
  }

  /**
   * Counts a login attempt as failed before its password is checked, if the attempt is allowed:
   * while fewer than `freeAttempts` failures stand, or when the failures are still exactly the ones
   * the caller read (and judged long enough ago). One conditional UPDATE, so concurrent guesses are
   * counted one by one and cannot all slip past the limit. False when the attempt is not allowed.
   */
  async claimLoginAttempt(
    db: Knex,
    id: number,
    seen: { failedLoginCount: number; lastFailedLoginAt: string | null },
    freeAttempts: number,
    at: string,
  ): Promise<boolean> {
    const query = db('users').where({ id });
    if (seen.failedLoginCount < freeAttempts) query.where('failed_login_count', '<', freeAttempts);
    else
      query.where({
        failed_login_count: seen.failedLoginCount,
        last_failed_login_at: seen.lastFailedLoginAt,
      });
    const updated = await query.update({
      failed_login_count: db.raw('failed_login_count + 1'),
      last_failed_login_at: at,
    });
    return updated === 1;
  }

  async clearFailedLogins(db: Knex, id: number): Promise<void> {
    await db('users').where({ id }).update({ failed_login_count: 0, last_failed_login_at: null });
  }
}

function toUser(row: UserRow): UserRecord {
  return {
    id: Number(row.id),
    email: row.email,
    role: row.role,
    name: row.name,
    patronId: row.patron_id === null ? null : Number(row.patron_id),
    passwordHash: row.password_hash,
    disabled: Boolean(row.disabled),
    failedLoginCount: Number(row.failed_login_count),
    lastFailedLoginAt: row.last_failed_login_at,
    createdAt: row.created_at,
  };
}
