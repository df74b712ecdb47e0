import path from 'node:path';

/**
 * Every setting the service reads from its environment, read in one place.
 * The defaults give a working ledger on an embedded SQLite file with no set-up at all.
 */
export interface Config {
  port: number;
  /** postgres://… when set; otherwise the embedded SQLite file `${dataDir}/jomart.db` is used. */
  databaseUrl: string | undefined;
  dataDir: string;
  /** How long SQLite waits for another writer before giving up. */
  sqliteBusyTimeoutMilliseconds: number;
}

export const DEFAULT_PORT = 3000;
const DEFAULT_SQLITE_BUSY_TIMEOUT_MILLISECONDS = 10_000;

export function loadConfig(environment: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: readInteger(environment.PORT, DEFAULT_PORT, 'PORT'),
    databaseUrl: environment.DATABASE_URL || undefined,
    dataDir: path.resolve(environment.DATA_DIR || './data'),
    sqliteBusyTimeoutMilliseconds: readInteger(
      environment.SQLITE_BUSY_TIMEOUT_MS,
      DEFAULT_SQLITE_BUSY_TIMEOUT_MILLISECONDS,
      'SQLITE_BUSY_TIMEOUT_MS',
    ),
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
