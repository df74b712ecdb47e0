import fs from 'node:fs';
import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import knex, { type Knex } from 'knex';
import pg from 'pg';
import type { Config } from '../config.js';
import { migrationSource } from './migration-source.js';

export type DatabaseKind = 'sqlite' | 'postgres';

/** A knex instance plus the one fact code needs to branch on: which engine is underneath. */
export interface Database {
  knex: Knex;
  kind: DatabaseKind;
  /** Where the data lives, for logs: the SQLite file or the PostgreSQL URL without its password. */
  location: string;
}

export const SQLITE_FILE_NAME = 'jomart.db';
const POSTGRES_POOL_MAX_CONNECTIONS = 10;
const PG_INT8_TYPE_ID = 20;

/**
 * PostgreSQL returns bigint as a string; the ledger's bigint columns (ids, tiyn) stay far below
 * 2^53, so they are read as numbers, and a value that is not a safe integer stops the process
 * instead of silently losing precision. Sums are cast to text in SQL and read as bigint.
 */
pg.types.setTypeParser(PG_INT8_TYPE_ID, (text: string) => {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new Error(`bigint ${text} is outside the safe integer range`);
  return value;
});

export function openDatabase(
  config: Pick<Config, 'databaseUrl' | 'dataDir' | 'sqliteBusyTimeoutMilliseconds'>,
): Database {
  if (config.databaseUrl) return openPostgres(config.databaseUrl);
  fs.mkdirSync(config.dataDir, { recursive: true });
  return openSqlite(path.join(config.dataDir, SQLITE_FILE_NAME), config.sqliteBusyTimeoutMilliseconds);
}

export function openSqlite(filename: string, busyTimeoutMilliseconds: number): Database {
  const connection = knex({
    client: 'better-sqlite3',
    connection: { filename },
    useNullAsDefault: true,
    pool: {
      // better-sqlite3 is synchronous: one connection per process, and transactions queue on it.
      min: 1,
      max: 1,
      afterCreate(
        raw: BetterSqlite3.Database,
        done: (error: Error | null, raw: BetterSqlite3.Database) => void,
      ) {
        // WAL lets readers run beside the writer; FULL makes every commit durable before we answer.
        raw.pragma('journal_mode = WAL');
        raw.pragma('synchronous = FULL');
        raw.pragma('foreign_keys = ON');
        raw.pragma(`busy_timeout = ${busyTimeoutMilliseconds}`);
        cachePreparedStatements(raw);
        done(null, raw);
      },
    },
  });
  return { knex: connection, kind: 'sqlite', location: filename };
}

/** How many distinct SQL texts keep their prepared statement on the SQLite connection. */
export const PREPARED_STATEMENT_CACHE_SIZE = 256;

/**
 * knex prepares every query afresh, and on SQLite preparing costs as much as running: a donation's
 * dozen statements spent about a third of their time being compiled. The connection keeps the most
 * recently used statements by SQL text (the same texts come back on every request) and hands a cached
 * one out again unless it is busy — being iterated by a stream — when a fresh one is prepared. Only
 * knex's own options are reset on reuse (row mode); nothing here sets the others.
 */
function cachePreparedStatements(raw: BetterSqlite3.Database): void {
  const prepare = raw.prepare.bind(raw);
  const cache = new Map<string, BetterSqlite3.Statement>();
  raw.prepare = ((sql: string) => {
    const cached = cache.get(sql);
    if (cached && !cached.busy) {
      // Most recently used last: the Map's first key is the one to evict.
      cache.delete(sql);
      cache.set(sql, cached);
      // A caller may have switched it to arrays (the chain verifier does): knex expects objects.
      return cached.reader ? cached.raw(false) : cached;
    }
    const statement = prepare(sql);
    if (cached) return statement;
    cache.set(sql, statement);
    if (cache.size > PREPARED_STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
    return statement;
  }) as typeof raw.prepare;
}

export function openPostgres(url: string): Database {
  const connection = knex({
    client: 'pg',
    connection: url,
    pool: { min: 0, max: POSTGRES_POOL_MAX_CONNECTIONS },
  });
  return { knex: connection, kind: 'postgres', location: redactPassword(url) };
}

/** Tries to migrate when other processes start on the same fresh database at the same moment. */
const MIGRATION_ATTEMPTS = 20;

/**
 * Applies the migrations that have not run. Processes that start together on one fresh database
 * race to create knex's bookkeeping tables and take its migration lock: the losers wait a moment and
 * try again, and find the work done.
 */
export async function migrateToLatest(database: Database): Promise<string[]> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      const [, applied] = (await database.knex.migrate.latest({ migrationSource })) as [number, string[]];
      return applied;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const raced = /already exists|already locked|duplicate key|UNIQUE constraint failed/i.test(message);
      if (!raced || attempt >= MIGRATION_ATTEMPTS) throw error;
      if (/already locked/i.test(message)) await dropDuplicateLockRows(database);
      await new Promise((resolve) => setTimeout(resolve, 50 + Math.floor(Math.random() * 200)));
    }
  }
}

/**
 * knex keeps its migration lock in the one row of `knex_migrations_lock`, which it inserts when the
 * table is empty — and processes starting together on a fresh database can both insert it. With two
 * rows, taking the lock (`UPDATE … SET is_locked = 1 WHERE is_locked = 0`) changes two and knex says
 * "already locked" — to every process, forever. Found by CI: three servers started at once, all
 * exited. Two rows can only come from that race, and no migration can run while they exist, so the
 * extra rows are dropped.
 */
async function dropDuplicateLockRows(database: Database): Promise<void> {
  const table = 'knex_migrations_lock';
  if (!(await database.knex.schema.hasTable(table))) return;
  const first = await database.knex(table).min({ index: 'index' }).first();
  if (first?.index === null || first?.index === undefined) return;
  await database.knex(table).where('index', '>', first.index).del();
}

function redactPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres (unparseable URL)';
  }
}
