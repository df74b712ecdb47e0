import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knex from 'knex';
import type { Clock } from '../../src/calendar/business-date.js';
import { type Database, migrateToLatest, openPostgres, openSqlite } from '../../src/db/database.js';
import { parseAmount } from '../../src/money/money.js';
import { createServices, type ServiceSettings, type Services } from '../../src/services.js';

/**
 * Each test file gets a database of its own, freshly migrated, and drops it at the end: a temporary
 * SQLite file by default, or a new database on the PostgreSQL server named by DATABASE_URL. The
 * server may hold other databases; tests never assume it is empty and never touch what they did not make.
 */
export interface TestDatabase {
  database: Database;
  services: Services;
  clock: TestClock;
  /** How another process reaches this database: a DATABASE_URL or a DATA_DIR. */
  environment: Record<string, string>;
  drop(): Promise<void>;
}

/** Cheap password hashing (the KDF's cost is not what tests are about) and a fixed token key. */
export const TEST_SETTINGS: ServiceSettings = {
  jwtSecret: 'test-secret-that-is-long-enough-for-hs256-0123456789',
  tokenTtlSeconds: 900,
  passwordHashCost: 2 ** 10,
  aidApprovalThreshold: parseAmount('500000.00'),
  personalDataKey: undefined,
};

export const TEST_DATABASE_KIND: 'sqlite' | 'postgres' = process.env.DATABASE_URL ? 'postgres' : 'sqlite';

/** A clock the test moves by hand; starts at 11:00 in Almaty on 2026-11-25. */
export class TestClock implements Clock {
  private instant: Date;
  constructor(iso = '2026-11-25T06:00:00.000Z') {
    this.instant = new Date(iso);
  }
  now(): Date {
    return new Date(this.instant);
  }
  set(iso: string): void {
    this.instant = new Date(iso);
  }
  advance(seconds: number): void {
    this.instant = new Date(this.instant.getTime() + seconds * 1000);
  }
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const clock = new TestClock();
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl) return createPostgresTestDatabase(serverUrl, clock);
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'jomart-test-'));
  const database = openSqlite(path.join(directory, 'jomart.db'), 10_000);
  await migrateToLatest(database);
  return {
    database,
    services: createServices(database, TEST_SETTINGS, clock),
    clock,
    environment: { DATA_DIR: directory },
    drop: async () => {
      await database.knex.destroy();
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}

async function createPostgresTestDatabase(serverUrl: string, clock: TestClock): Promise<TestDatabase> {
  const name = `jomart_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = knex({ client: 'pg', connection: serverUrl, pool: { min: 0, max: 1 } });
  try {
    await admin.raw(`CREATE DATABASE ${name}`);
  } finally {
    await admin.destroy();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = openPostgres(url.toString());
  await migrateToLatest(database);
  return {
    database,
    services: createServices(database, TEST_SETTINGS, clock),
    clock,
    environment: { DATABASE_URL: url.toString() },
    drop: async () => {
      await database.knex.destroy();
      const cleaner = knex({ client: 'pg', connection: serverUrl, pool: { min: 0, max: 1 } });
      try {
        await cleaner.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await cleaner.destroy();
      }
    },
  };
}

/** Registers before/after hooks that give the suite a fresh database in `context.current`. */
export function useTestDatabase(): { readonly current: TestDatabase } {
  const holder: { current?: TestDatabase } = {};
  before(async () => {
    holder.current = await createTestDatabase();
  });
  after(async () => {
    await holder.current?.drop();
  });
  return {
    get current(): TestDatabase {
      if (!holder.current) throw new Error('the test database is not ready yet');
      return holder.current;
    },
  };
}
