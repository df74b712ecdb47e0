import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { type Money, parseAmount } from './money/money.js';

/**
 * Every setting the service reads from its environment, read in one place.
 * The defaults give a working ledger on an embedded SQLite file with no set-up at all.
 */
export interface Config {
  port: number;
  production: boolean;
  /** postgres://… when set; otherwise the embedded SQLite file `${dataDir}/jomart.db` is used. */
  databaseUrl: string | undefined;
  dataDir: string;
  /** How long SQLite waits for another writer before giving up. */
  sqliteBusyTimeoutMilliseconds: number;
  /** HS256 key of the login tokens. */
  jwtSecret: string;
  /** True when no JWT_SECRET was given and a random one was made for this process. */
  jwtSecretGenerated: boolean;
  tokenTtlSeconds: number;
  /** scrypt cost N (a power of two); memory use is 128 × N × 8 bytes. */
  passwordHashCost: number;
  /** Aid at or above this amount waits for a second person's approval. */
  aidApprovalThreshold: Money;
  /** Key of the IIN/BIN hashes; when unset, a key generated into the database is used. */
  personalDataKey: string | undefined;
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  logLevel: string;
}

export const DEFAULT_PORT = 3000;
const DEFAULT_SQLITE_BUSY_TIMEOUT_MILLISECONDS = 10_000;
const DEFAULT_TOKEN_TTL_SECONDS = 15 * 60;
const DEFAULT_PASSWORD_HASH_COST = 2 ** 15;
const DEFAULT_AID_APPROVAL_THRESHOLD = '500000.00';
const MINIMUM_JWT_SECRET_LENGTH = 32;

export function loadConfig(environment: NodeJS.ProcessEnv = process.env): Config {
  const production = environment.NODE_ENV === 'production';
  const jwtSecret = environment.JWT_SECRET || undefined;
  if (production && !jwtSecret) {
    throw new Error(
      'JWT_SECRET must be set when NODE_ENV=production: refusing to start with a throw-away key',
    );
  }
  if (jwtSecret !== undefined && jwtSecret.length < MINIMUM_JWT_SECRET_LENGTH) {
    throw new Error(`JWT_SECRET must have at least ${MINIMUM_JWT_SECRET_LENGTH} characters`);
  }
  return {
    port: readInteger(environment.PORT, DEFAULT_PORT, 'PORT'),
    production,
    databaseUrl: environment.DATABASE_URL || undefined,
    dataDir: path.resolve(environment.DATA_DIR || './data'),
    sqliteBusyTimeoutMilliseconds: readInteger(
      environment.SQLITE_BUSY_TIMEOUT_MS,
      DEFAULT_SQLITE_BUSY_TIMEOUT_MILLISECONDS,
      'SQLITE_BUSY_TIMEOUT_MS',
    ),
    jwtSecret: jwtSecret ?? randomBytes(32).toString('hex'),
    jwtSecretGenerated: jwtSecret === undefined,
    tokenTtlSeconds: readInteger(
      environment.TOKEN_TTL_SECONDS,
      DEFAULT_TOKEN_TTL_SECONDS,
      'TOKEN_TTL_SECONDS',
    ),
    passwordHashCost: readInteger(
      environment.PASSWORD_HASH_COST,
      DEFAULT_PASSWORD_HASH_COST,
      'PASSWORD_HASH_COST',
    ),
    aidApprovalThreshold: parseAmount(environment.AID_APPROVAL_THRESHOLD || DEFAULT_AID_APPROVAL_THRESHOLD),
    personalDataKey: environment.PERSONAL_DATA_KEY || undefined,
    adminEmail: environment.ADMIN_EMAIL || undefined,
    adminPassword: environment.ADMIN_PASSWORD || undefined,
    logLevel: environment.LOG_LEVEL || 'info',
  };
}

function readInteger(text: string | undefined, fallback: number, name: string): number {
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new Error(`${name} must be a non-negative integer, got "${text}"`);
  }
  return value;
}
