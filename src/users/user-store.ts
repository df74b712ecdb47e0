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

  /**
   * Counts a login attempt from an address as failed, before its password is checked, if the address
   * may try: its window began at or before `windowExpiredAt` (then a new window begins now, at one
   * failure), or fewer than `maxFailed` failures stand in the current one. One conditional UPDATE
   * (SET reads the row as it was), so concurrent guesses are counted one by one on both databases.
   * Null when allowed; otherwise when the current window began.
   */
  async claimAddressAttempt(
    db: Knex,
    address: string,
    maxFailed: number,
    at: string,
    windowExpiredAt: string,
  ): Promise<string | null> {
    await db('login_attempts_by_address')
      .insert({ address, failed_count: 0, window_started_at: at })
      .onConflict('address')
      .ignore();
    const expired = db.raw('window_started_at <= ?', [windowExpiredAt]);
    const updated = await db('login_attempts_by_address')
      .where({ address })
      .andWhere((query) => query.where(expired).orWhere('failed_count', '<', maxFailed))
      .update({
        failed_count: db.raw('CASE WHEN window_started_at <= ? THEN 1 ELSE failed_count + 1 END', [
          windowExpiredAt,
        ]),
        window_started_at: db.raw('CASE WHEN window_started_at <= ? THEN ? ELSE window_started_at END', [
          windowExpiredAt,
          at,
        ]),
      });
    if (updated === 1) return null;
    const row: { window_started_at: string } | undefined = await db('login_attempts_by_address')
      .where({ address })
      .first('window_started_at');
    return row?.window_started_at ?? at;
  }

  /** Takes back one attempt counted against the address: it logged in, so it was no guess. */
  async releaseAddressAttempt(db: Knex, address: string): Promise<void> {
    await db('login_attempts_by_address')
      .where({ address })
      .andWhere('failed_count', '>', 0)
      .update({ failed_count: db.raw('failed_count - 1') });
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
