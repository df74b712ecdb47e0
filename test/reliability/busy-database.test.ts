// Proves what a busy database means to a request: which driver errors count as "busy", that the
// server runs a money-moving request again after one (briefly, with jitter, bounded), and that when
// the database stays busy the client gets 503 with Retry-After and a problem body, with nothing
// written — so the same request, same Idempotency-Key, succeeds once the lock is free.
import path from 'node:path';
import { expect } from 'chai';
import type { Knex } from 'knex';
import { pino } from 'pino';
import request from 'supertest';
import { createApp } from '../../src/app.js';
import { type BusyRetryEnvironment, retryWhileBusy } from '../../src/db/busy-retry.js';
import { type Database, openPostgres, openSqlite, SQLITE_FILE_NAME } from '../../src/db/database.js';
import { isDatabaseBusy, isTransientDatabaseError, isUniqueViolation } from '../../src/db/database-errors.js';
import { createServices } from '../../src/services.js';
import { TEST_DATABASE_KIND, TEST_SETTINGS, useTestDatabase } from '../support/test-database.js';

/** An error shaped like the drivers' (better-sqlite3's SqliteError, pg's DatabaseError): a code. */
function driverError(code: string): Error {
  return Object.assign(new Error(`driver said ${code}`), { code });
}

/** A clock and a sleep that only move when the retry loop sleeps, and a fixed "random" number. */
function fakeEnvironment(randomValue = 0.5) {
  const environment = {
    now: 0,
    sleeps: [] as number[],
    retries: [] as number[],
    sleep: async (milliseconds: number) => {
      environment.sleeps.push(milliseconds);
      environment.now += milliseconds;
    },
    random: () => randomValue,
    nowMilliseconds: () => environment.now,
    onRetry: (_error: unknown, attempt: number) => {
      environment.retries.push(attempt);
    },
  };
  return environment satisfies BusyRetryEnvironment;
}

const POLICY = {
  maxAttempts: 4,
  baseDelayMilliseconds: 10,
  maxDelayMilliseconds: 25,
  budgetMilliseconds: 1_000,
};

describe('busy database — which errors are "busy"', () => {
  it('isTransientDatabaseError — SQLite busy and locked in every extended form, PostgreSQL retry codes — true', () => {
    for (const code of [
      'SQLITE_BUSY',
      'SQLITE_BUSY_SNAPSHOT',
      'SQLITE_BUSY_RECOVERY',
      'SQLITE_BUSY_TIMEOUT',
      'SQLITE_LOCKED',
      'SQLITE_LOCKED_SHAREDCACHE',
      '40001',
      '40P01',
      '55P03',
      '53300',
      '57P03',
    ]) {
      expect(isTransientDatabaseError(driverError(code)), code).to.equal(true);
      expect(isDatabaseBusy(driverError(code)), code).to.equal(true);
    }
  });

  it('isTransientDatabaseError — constraint, syntax, aborted-transaction errors and non-errors — false', () => {
    for (const code of [
      'SQLITE_CONSTRAINT_UNIQUE',
      'SQLITE_ERROR',
      '23505',
      '42601',
      '25P02',
      'ECONNRESET',
    ]) {
      expect(isTransientDatabaseError(driverError(code)), code).to.equal(false);
      expect(isDatabaseBusy(driverError(code)), code).to.equal(false);
    }
    for (const value of [
      undefined,
      null,
      'SQLITE_BUSY',
      40001,
      new Error('SQLITE_BUSY in the message only'),
    ]) {
      expect(isTransientDatabaseError(value), String(value)).to.equal(false);
    }
  });

  it('isTransientDatabaseError — a busy error wrapped as the cause of another — true', () => {
    const wrapped = new Error('the transaction failed', { cause: driverError('40P01') });
    expect(isTransientDatabaseError(wrapped)).to.equal(true);
    expect(isUniqueViolation(new Error('insert failed', { cause: driverError('23505') }))).to.equal(true);
  });

  it('isDatabaseBusy — knex gave up waiting for a pooled connection — busy (503) but not retried inside', () => {
    const poolTimeout = Object.assign(new Error('Knex: Timeout acquiring a connection.'), {
      name: 'KnexTimeoutError',
    });
    expect(isDatabaseBusy(poolTimeout)).to.equal(true);
    expect(isTransientDatabaseError(poolTimeout)).to.equal(false);
  });
});

describe('busy database — retryWhileBusy', () => {
  it('retryWhileBusy — busy twice, then done — the result, after two jittered pauses under doubling caps', async () => {
    const environment = fakeEnvironment(0.5);
    let calls = 0;
    const result = await retryWhileBusy(
      async () => {
        calls += 1;
        if (calls <= 2) throw driverError('SQLITE_BUSY');
        return 'written';
      },
      POLICY,
      environment,
    );
    expect(result).to.equal('written');
    expect(calls).to.equal(3);
    // Full jitter: random × min(max, base × 2^(retry − 1)) → 0.5 × 10, 0.5 × 20.
    expect(environment.sleeps).to.deep.equal([5, 10]);
    expect(environment.retries).to.deep.equal([1, 2]);
  });

  it('retryWhileBusy — busy every time — gives up after maxAttempts with the busy error', async () => {
    const environment = fakeEnvironment(0.99);
    let calls = 0;
    const busy = driverError('40001');
    const outcome = await retryWhileBusy(
      async () => {
        calls += 1;
        throw busy;
      },
      POLICY,
      environment,
    ).catch((error: unknown) => error);
    expect(outcome).to.equal(busy);
    expect(calls).to.equal(POLICY.maxAttempts);
    expect(environment.sleeps.every((pause) => pause <= POLICY.maxDelayMilliseconds)).to.equal(true);
  });

  it('retryWhileBusy — the time budget would run out before the next try — gives up early', async () => {
    const environment = fakeEnvironment(0.99);
    let calls = 0;
    const outcome = await retryWhileBusy(
      async () => {
        calls += 1;
        environment.now += 400;
        throw driverError('55P03');
      },
      { ...POLICY, maxAttempts: 100 },
      environment,
    ).catch((error: unknown) => error);
    expect(isTransientDatabaseError(outcome)).to.equal(true);
    expect(calls).to.equal(3);
  });

  it('retryWhileBusy — an error that is not "busy" — thrown at once, never retried', async () => {
    const environment = fakeEnvironment();
    let calls = 0;
    const outcome = await retryWhileBusy(
      async () => {
        calls += 1;
        throw driverError('23505');
      },
      POLICY,
      environment,
    ).catch((error: unknown) => error);
    expect((outcome as { code?: string }).code).to.equal('23505');
    expect(calls).to.equal(1);
    expect(environment.sleeps).to.deep.equal([]);
  });

  it('retryWhileBusy — nested inside another — the inner runs once, the outer retries the whole unit', async () => {
    const environment = fakeEnvironment();
    let outer = 0;
    let inner = 0;
    const result = await retryWhileBusy(
      async () => {
        outer += 1;
        return retryWhileBusy(
          async () => {
            inner += 1;
            if (inner === 1) throw driverError('SQLITE_BUSY');
            return 'done';
          },
          POLICY,
          environment,
        );
      },
      POLICY,
      environment,
    );
    expect(result).to.equal('done');
    expect({ outer, inner }).to.deep.equal({ outer: 2, inner: 2 });
  });
});

/** How long the app's database waits for a lock before it says busy, in these tests. */
const SHORT_LOCK_WAIT_MILLISECONDS = 20;

describe(`busy database — over HTTP (${TEST_DATABASE_KIND})`, () => {
  const testDatabase = useTestDatabase();
  let impatient: Database;
  let app: ReturnType<typeof createApp>;
  let token: string;
  let fundId: number;

  before(async () => {
    const { environment } = testDatabase.current;
    impatient = environment.DATABASE_URL
      ? openPostgres(withLockTimeout(environment.DATABASE_URL, SHORT_LOCK_WAIT_MILLISECONDS))
      : openSqlite(path.join(environment.DATA_DIR as string, SQLITE_FILE_NAME), SHORT_LOCK_WAIT_MILLISECONDS);
    const services = createServices(impatient, TEST_SETTINGS, testDatabase.current.clock);
    app = createApp(services, pino({ level: 'silent' }));
    await services.users.create(
      { email: 'busy@test.kz', password: 'busy test password', role: 'staff', name: 'Busy' },
      null,
    );
    const login = await request(app)
      .post('/v1/auth/login')
      .send({ email: 'busy@test.kz', password: 'busy test password' })
      .expect(200);
    token = login.body.token;
    fundId = (await services.funds.getByCode('general')).id;
  });

  after(async () => {
    await impatient?.knex.destroy();
  });

  /** Another connection holding the journal lock, as a writer in another process would. */
  async function holdJournalLock(): Promise<Knex.Transaction> {
    const holder = await testDatabase.current.database.knex.transaction();
    await holder.raw('UPDATE journal_head SET last_entry_id = last_entry_id WHERE id = 1');
    return holder;
  }

  async function ledgerFacts() {
    const { knex } = testDatabase.current.database;
    const [entries] = await knex('entries').count({ count: '*' });
    const [keys] = await knex('idempotency_keys').count({ count: '*' });
    return { entries: Number(entries?.count), keys: Number(keys?.count) };
  }

  const donate = (key: string) =>
    request(app)
      .post('/v1/donations')
      .set('Authorization', `Bearer ${token}`)
      .set('Idempotency-Key', key)
      .send({ amount: '125.50', fundId });

  it('POST /v1/donations — the journal lock held elsewhere throughout — 503 BUSY with Retry-After, nothing written; the same request later — 201 once', async () => {
    const before = await ledgerFacts();
    const holder = await holdJournalLock();
    let refused: request.Response;
    try {
      refused = await donate('busy-held-throughout');
    } finally {
      await holder.rollback();
    }
    expect(refused.status, JSON.stringify(refused.body)).to.equal(503);
    expect(refused.headers['retry-after']).to.equal('1');
    expect(refused.type).to.equal('application/problem+json');
    expect(refused.body).to.include({ status: 503, code: 'BUSY', title: 'Busy' });
    expect(await ledgerFacts()).to.deep.equal(before);

    const accepted = await donate('busy-held-throughout');
    expect(accepted.status, JSON.stringify(accepted.body)).to.equal(201);
    expect(accepted.headers['idempotent-replayed']).to.equal(undefined);
    const replay = await donate('busy-held-throughout');
    expect(replay.status).to.equal(201);
    expect(replay.headers['idempotent-replayed']).to.equal('true');
    expect(await ledgerFacts()).to.deep.equal({ entries: before.entries + 1, keys: before.keys + 1 });
  });

  it('POST /v1/donations — the journal lock freed while the server waits between tries — 201, retried inside', async () => {
    const before = await ledgerFacts();
    const holder = await holdJournalLock();
    // Freed soon after the first try failed: the server's next try, after a jittered pause, gets it.
    const release = new Promise<void>((resolve) => {
      setTimeout(() => void holder.rollback().then(() => resolve()), SHORT_LOCK_WAIT_MILLISECONDS * 2);
    });
    const response = await donate('busy-freed-soon');
    await release;
    expect(response.status, JSON.stringify(response.body)).to.equal(201);
    expect(await ledgerFacts()).to.deep.equal({ entries: before.entries + 1, keys: before.keys + 1 });
    const verification = await request(app).get('/v1/audit/verify').set('Authorization', `Bearer ${token}`);
    expect(verification.body).to.include({ ok: true, entries: before.entries + 1 });
  });
});

/** The URL with a PostgreSQL lock_timeout for every connection made from it. */
function withLockTimeout(url: string, milliseconds: number): string {
  const parsed = new URL(url);
  parsed.searchParams.set('options', `-c lock_timeout=${milliseconds}`);
  return parsed.toString();
}
