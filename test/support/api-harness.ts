import { expect } from 'chai';
import type { Express } from 'express';
import { pino } from 'pino';
import request from 'supertest';
import { createApp } from '../../src/app.js';
import type { Role } from '../../src/auth/roles.js';
import type { Account } from '../../src/ledger/ledger-types.js';
import { Money } from '../../src/money/money.js';
import type { Services } from '../../src/services.js';
import { type TestDatabase, useTestDatabase } from './test-database.js';

/**
 * The whole app on a fresh test database, with one logged-in user per role (and a second staff
 * member for approvals), driven in-process through supertest.
 */
export type Actor = Role | 'staff2' | 'anonymous';

export interface ApiHarness {
  app: Express;
  services: Services;
  testDatabase: TestDatabase;
  tokens: Record<Exclude<Actor, 'anonymous'>, string>;
  userIds: Record<Exclude<Actor, 'anonymous'>, number>;
  /** The patron record of the logged-in patron user. */
  patronId: number;
  get(actor: Actor, path: string): request.Test;
  post(actor: Actor, path: string, body?: unknown, headers?: Record<string, string>): request.Test;
  /** What must not change when a request is refused: entries, trial balance, chain. */
  ledgerState(): Promise<LedgerState>;
}

export interface LedgerState {
  entries: number;
  headHash: string;
  trialBalance: string;
  verified: boolean;
}

export const TEST_PASSWORD = 'correct horse battery staple';

export function useApi(): { readonly current: ApiHarness } {
  const testDatabase = useTestDatabase();
  const holder: { current?: ApiHarness } = {};
  before(async () => {
    holder.current = await createHarness(testDatabase.current);
  });
  return {
    get current(): ApiHarness {
      if (!holder.current) throw new Error('the API harness is not ready yet');
      return holder.current;
    },
  };
}

async function createHarness(testDatabase: TestDatabase): Promise<ApiHarness> {
  const services = testDatabase.services;
  const app = createApp(services, pino({ level: 'silent' }));
  const staffRoles = { admin: 'admin', staff: 'staff', staff2: 'staff', auditor: 'auditor' } as const;
  const tokens = {} as Record<Exclude<Actor, 'anonymous'>, string>;
  const userIds = {} as Record<Exclude<Actor, 'anonymous'>, number>;
  for (const [actor, role] of Object.entries(staffRoles)) {
    const email = `${actor}@test.kz`;
    const user = await services.users.create({ email, password: TEST_PASSWORD, role, name: actor }, null);
    userIds[actor as keyof typeof staffRoles] = user.id;
    const login = await request(app)
      .post('/v1/auth/login')
      .send({ email, password: TEST_PASSWORD })
      .expect(200);
    tokens[actor as keyof typeof staffRoles] = login.body.token;
  }
  const patron = await request(app)
    .post('/v1/auth/register')
    .send({ email: 'patron@test.kz', password: TEST_PASSWORD, name: 'Асель Патрон' })
    .expect(201);
  tokens.patron = patron.body.token;
  userIds.patron = patron.body.user.id;
  const withToken = (test: request.Test, actor: Actor) =>
    actor === 'anonymous' ? test : test.set('Authorization', `Bearer ${tokens[actor]}`);
  return {
    app,
    services,
    testDatabase,
    tokens,
    userIds,
    patronId: patron.body.user.patronId,
    get: (actor, path) => withToken(request(app).get(path), actor),
    post: (actor, path, body, headers = {}) => {
      const test = withToken(request(app).post(path), actor).set(headers);
      return body === undefined ? test : test.send(body as object);
    },
    ledgerState: async () => {
      const head = await services.ledger.journalHead();
      const accounts = await services.ledger.accounts();
      return {
        entries: head.lastEntryId,
        headHash: head.lastHash,
        trialBalance: Money.sum(accounts.map((account) => account.posted)).toString(),
        verified: (await services.ledger.verify()).ok,
      };
    },
  };
}

/** The records a refused request must leave as they were, besides the journal and every balance. */
const RECORD_TABLES = ['donations', 'aid', 'idempotency_keys', 'patrons', 'recipients', 'funds'] as const;

/** The journal, every account's kept balances, and every row of the record tables. */
export interface StateSnapshot {
  ledger: LedgerState;
  accounts: Account[];
  /** Each record table's rows as sorted JSON lines. */
  rows: Record<(typeof RECORD_TABLES)[number], string[]>;
}

export async function stateSnapshot(api: ApiHarness): Promise<StateSnapshot> {
  const knex = api.testDatabase.database.knex;
  const rows = {} as StateSnapshot['rows'];
  for (const table of RECORD_TABLES) {
    rows[table] = (await knex(table).select()).map((row) => JSON.stringify(row)).sort();
  }
  return { ledger: await api.ledgerState(), accounts: await api.services.ledger.accounts(), rows };
}

/** Sends a request that must be refused with `status` and `code`, and proves nothing changed. */
export async function expectRefusal(
  api: ApiHarness,
  send: () => request.Test,
  status: number,
  code: string,
): Promise<request.Response> {
  const before = await stateSnapshot(api);
  const response = await send();
  expect(response.status, JSON.stringify(response.body)).to.equal(status);
  expect(response.type).to.equal('application/problem+json');
  expect(response.body.code).to.equal(code);
  expect(await stateSnapshot(api)).to.deep.equal(before);
  return response;
}
