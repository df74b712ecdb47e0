import type { Knex } from 'knex';
import { hashPassword, verifyPassword } from '../auth/password.js';
import type { AuthenticatedUser, Role } from '../auth/roles.js';
import type { TokenIssuer } from '../auth/token.js';
import type { Clock } from '../calendar/business-date.js';
import { isUniqueViolation } from '../db/database-errors.js';
import { type Page, type PageRequest, pageOf } from '../db/paging.js';
import { DuplicateError } from '../errors/duplicate-error.js';
import { TooManyAttemptsError } from '../errors/too-many-attempts-error.js';
import { UnauthenticatedError } from '../errors/unauthenticated-error.js';
import { ValidationError } from '../errors/validation-error.js';
import type { PatronService } from '../patrons/patron-service.js';
import { UserStore } from './user-store.js';

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 200;
/** Failed logins in a row allowed before each further try must wait, doubling up to the maximum. */
export const FREE_FAILED_LOGINS = 3;
export const MAX_LOGIN_DELAY_SECONDS = 60;
/**
 * Failed logins one client address may make per window, whichever accounts they try: enough for an
 * office of staff behind one address mistyping, far too few to spray guesses over many accounts.
 */
export const MAX_FAILED_LOGINS_PER_ADDRESS = 30;
export const LOGIN_ADDRESS_WINDOW_SECONDS = 15 * 60;
/** Longest address kept: IPv6 with a zone fits; anything longer is cut (and still counted). */
const MAX_ADDRESS_LENGTH = 64;

export interface Session {
  token: string;
  user: PublicUser;
}

/** A user as the API shows it: never the password hash. */
export interface PublicUser {
  id: number;
  email: string;
  role: Role;
  name: string | null;
  patronId?: number;
}

/** Users, logins and tokens. */
export class UserService {
  private readonly store = new UserStore();
  /** Checked against when the email is unknown, so a wrong email costs as long as a wrong password. */
  private decoyHash: Promise<string> | undefined;

  constructor(
    private readonly db: Knex,
    private readonly clock: Clock,
    private readonly tokens: TokenIssuer,
    private readonly patrons: PatronService,
    private readonly passwordHashCost: number,
  ) {}

  async create(
    input: { email: string; password: string; role: Role; name?: string | undefined },
    createdBy: number | null,
  ) {
    return this.insertUser({ ...input, patronId: null }, createdBy, this.db);
  }

  /** Patron self-sign-up: a patron record and a patron user, together or not at all. */
  async register(input: { email: string; password: string; name: string }): Promise<Session> {
    const user = await this.db.transaction(async (trx) => {
      const patron = await this.patrons.create(
        { name: input.name, kind: 'individual', email: input.email },
        null,
        trx,
      );
      return this.insertUser({ ...input, role: 'patron', patronId: patron.id }, null, trx);
    });
    return { token: this.tokens.issue(user), user };
  }

  /**
   * Logs in. After FREE_FAILED_LOGINS failures in a row, each further try must wait 2^(n-3) seconds
   * (at most MAX_LOGIN_DELAY_SECONDS) since the last failure, or it is refused unchecked.
   */
  async login(emailInput: string, password: string): Promise<Session> {
    const email = normalizeEmail(emailInput);
    const user = await this.store.findByEmail(this.db, email);
    if (!user) {
      await verifyPassword(password, await this.decoy());
      throw new UnauthenticatedError('wrong email or password');
    }
    const waitSeconds = this.secondsToWait(user.failedLoginCount, user.lastFailedLoginAt);
    const at = this.clock.now().toISOString();
    if (
      waitSeconds > 0 ||
      !(await this.store.claimLoginAttempt(this.db, user.id, user, FREE_FAILED_LOGINS, at))
    ) {
      const retryAfterSeconds = Math.max(1, waitSeconds);
      throw new TooManyAttemptsError(`too many failed logins: try again in ${retryAfterSeconds} s`, {
        retryAfterSeconds,
      });
    }
    // The attempt already counts as failed; only the right password for an active user clears it.
    if (!(await verifyPassword(password, user.passwordHash)) || user.disabled) {
      throw new UnauthenticatedError('wrong email or password');
    }
    await this.store.clearFailedLogins(this.db, user.id);
    return { token: this.tokens.issue(user), user: publicUser(user) };
  }

  /**
   * Counts a login attempt from a client address before its password is checked: at most
   * MAX_FAILED_LOGINS_PER_ADDRESS failures per LOGIN_ADDRESS_WINDOW_SECONDS, whichever accounts
   * they name; beyond that each try is refused unchecked (TOO_MANY_ATTEMPTS with Retry-After) until
   * the window ends. A successful login takes its attempt back (releaseLoginFromAddress).
   */
  async claimLoginFromAddress(addressInput: string): Promise<void> {
    const address = normalizeAddress(addressInput);
    const now = this.clock.now();
    const windowExpiredAt = new Date(now.getTime() - LOGIN_ADDRESS_WINDOW_SECONDS * 1000).toISOString();
    const windowStartedAt = await this.store.claimAddressAttempt(
      this.db,
      address,
      MAX_FAILED_LOGINS_PER_ADDRESS,
      now.toISOString(),
      windowExpiredAt,
    );
    if (windowStartedAt === null) return;
    const windowEndsMilliseconds = Date.parse(windowStartedAt) + LOGIN_ADDRESS_WINDOW_SECONDS * 1000;
    const retryAfterSeconds = Math.max(1, Math.ceil((windowEndsMilliseconds - now.getTime()) / 1000));
    throw new TooManyAttemptsError(
      `too many failed logins from this address: try again in ${retryAfterSeconds} s`,
      { retryAfterSeconds },
    );
  }

  async releaseLoginFromAddress(address: string): Promise<void> {
    await this.store.releaseAddressAttempt(this.db, normalizeAddress(address));
  }

  /** The user a token names, as the database has them now: a disabled or deleted user is refused. */
  async authenticate(token: string): Promise<AuthenticatedUser> {
    const user = await this.store.findById(this.db, this.tokens.userIdOf(token));
    if (!user || user.disabled) throw new UnauthenticatedError('the token names no active user');
    return { id: user.id, email: user.email, role: user.role, name: user.name, patronId: user.patronId };
  }

  async list(page: PageRequest): Promise<Page<PublicUser>> {
    const rows = await this.store.listNewestFirst(this.db, page.beforeId, page.limit + 1);
    return pageOf(rows.map(publicUser), page, (user) => user.id);
  }

  /** On an empty database: the first admin, from ADMIN_EMAIL/ADMIN_PASSWORD or with a generated password. */
  async ensureFirstAdmin(
    email: string | undefined,
    password: string | undefined,
  ): Promise<{ email: string; generatedPassword?: string } | null> {
    if ((await this.store.count(this.db)) > 0) return null;
    const adminEmail = email ?? 'admin@jomart.local';
    const generatedPassword = password ? undefined : randomPassword();
    try {
      await this.create(
        {
          email: adminEmail,
          password: password ?? (generatedPassword as string),
          role: 'admin',
          name: 'Administrator',
        },
        null,
      );
    } catch (error) {
      // Another process starting on the same fresh database made the first admin a moment ago.
      if (error instanceof DuplicateError) return null;
      throw error;
    }
    return generatedPassword ? { email: adminEmail, generatedPassword } : { email: adminEmail };
  }

  private async insertUser(
    input: {
      email: string;
      password: string;
      role: Role;
      name?: string | undefined;
      patronId: number | null;
    },
    createdBy: number | null,
    db: Knex,
  ): Promise<PublicUser> {
    const email = normalizeEmail(input.email);
    if (input.password.length < MIN_PASSWORD_LENGTH || input.password.length > MAX_PASSWORD_LENGTH) {
      throw new ValidationError(
        `a password has ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters`,
        {
          field: 'password',
        },
      );
    }
    if (await this.store.findByEmail(db, email))
      throw new DuplicateError('a user with this email exists', { field: 'email' });
    try {
      const id = await this.store.insert(db, {
        email,
        passwordHash: await hashPassword(input.password, this.passwordHashCost),
        role: input.role,
        name: input.name ?? null,
        patronId: input.patronId,
        createdBy,
        createdAt: this.clock.now().toISOString(),
      });
      return publicUser({ id, email, role: input.role, name: input.name ?? null, patronId: input.patronId });
    } catch (error) {
      if (isUniqueViolation(error))
        throw new DuplicateError('a user with this email exists', { field: 'email' });
      throw error;
    }
  }

  private secondsToWait(failedCount: number, lastFailedAt: string | null): number {
    if (failedCount < FREE_FAILED_LOGINS || lastFailedAt === null) return 0;
    const delaySeconds = Math.min(2 ** (failedCount - FREE_FAILED_LOGINS), MAX_LOGIN_DELAY_SECONDS);
    const elapsedSeconds = (this.clock.now().getTime() - Date.parse(lastFailedAt)) / 1000;
    return Math.max(0, Math.ceil(delaySeconds - elapsedSeconds));
  }

  private decoy(): Promise<string> {
    this.decoyHash ??= hashPassword(randomPassword(), this.passwordHashCost);
    return this.decoyHash;
  }
}

/** An IPv4 client seen through an IPv6 socket (`::ffff:10.0.0.1`) is the same client as `10.0.0.1`. */
function normalizeAddress(address: string): string {
  const plain = address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
  return (plain === '' ? 'unknown' : plain).slice(0, MAX_ADDRESS_LENGTH).toLowerCase();
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function publicUser(user: AuthenticatedUser): PublicUser {
  return {
    id: user.id,
    email: user.email,
    role: user.role,
    name: user.name,
    ...(user.patronId !== null ? { patronId: user.patronId } : {}),
  };
}

function randomPassword(): string {
  return randomBytesText(18);
}

function randomBytesText(bytes: number): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(bytes))).toString('base64url');
}
