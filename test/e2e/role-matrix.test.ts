// Proves who may call what. The expected table below is written from SPEC §1 by hand, not read from
// the routes' own access lists, so a route that lets the wrong role in (or keeps the right one out)
// fails here: every route is called by every actor, with a valid body and real ids, and the anonymous
// hear 401, a role not allowed hears 403, an allowed role hears neither — and a refused request moves
// no money. A route added without a line in this table fails the first test.
import { expect } from 'chai';
import type { Response } from 'supertest';
import { apiRoutes } from '../../src/app.js';
import { type ApiHarness, TEST_PASSWORD, useApi } from '../support/api-harness.js';

type Role = 'admin' | 'staff' | 'auditor' | 'patron';
type MatrixActor = Role | 'anonymous';

const ACTORS: readonly MatrixActor[] = ['admin', 'staff', 'auditor', 'patron', 'anonymous'];
const EVERY_ROLE: readonly Role[] = ['admin', 'staff', 'auditor', 'patron'];
const STAFF_AND_ADMIN: readonly Role[] = ['admin', 'staff'];
/** Auditors read everything staff and admins read, and write nothing. */
const READERS: readonly Role[] = ['admin', 'staff', 'auditor'];
const ADMIN_ONLY: readonly Role[] = ['admin'];

/** Records made before the matrix runs, so that routes reading or changing one by id find it. */
interface Fixtures {
  fundId: number;
  recipientId: number;
  erasableRecipientId: number;
  erasablePatronId: number;
  /** Declared by the patron user, so the patron may read it. */
  donationToConfirmId: number;
  donationToRejectId: number;
  postedAidId: number;
  /** Created by staff2, so neither admin nor staff is refused as the creator. */
  aidToApproveId: number;
  aidToRejectId: number;
  reversibleEntryId: number;
  patronId: number;
}

interface Expectation {
  /** Who may call the route, from SPEC §1. */
  allowed: 'public' | readonly Role[];
  /** The id in the path, for routes with `:id`. */
  id?: (fixtures: Fixtures) => number;
  /** A valid body: were a role check missing, the request would write, and the test would see it. */
  body?: (fixtures: Fixtures) => Record<string, unknown>;
}

const EXPECTED: Readonly<Record<string, Expectation>> = {
  'POST /v1/auth/login': {
    allowed: 'public',
    body: () => ({ email: 'auditor@test.kz', password: TEST_PASSWORD }),
  },
  'POST /v1/auth/register': {
    allowed: 'public',
    body: () => ({ email: 'matrix-signup@test.kz', password: TEST_PASSWORD, name: 'Matrix Signup' }),
  },
  'GET /v1/me': { allowed: EVERY_ROLE },
  'POST /v1/users': {
    allowed: ADMIN_ONLY,
    body: () => ({ email: 'matrix-user@test.kz', password: TEST_PASSWORD, role: 'auditor' }),
  },
  'GET /v1/users': { allowed: ADMIN_ONLY },
  'POST /v1/patrons': {
    allowed: STAFF_AND_ADMIN,
    body: () => ({ name: 'Ерлан Матрица', kind: 'individual' }),
  },
  'GET /v1/patrons': { allowed: READERS },
  'GET /v1/patrons/:id': { allowed: EVERY_ROLE, id: (fixtures) => fixtures.patronId },
  'POST /v1/patrons/:id/erase': {
    allowed: ADMIN_ONLY,
    id: (fixtures) => fixtures.erasablePatronId,
    body: () => ({ reason: 'the person asked to be forgotten' }),
  },
  'POST /v1/recipients': {
    allowed: STAFF_AND_ADMIN,
    body: () => ({ iin: '900101310024', fullName: 'Айгүл Матрица', region: 'KZ-75' }),
  },
  'GET /v1/recipients': { allowed: READERS },
  'GET /v1/recipients/:id': { allowed: READERS, id: (fixtures) => fixtures.recipientId },
  'POST /v1/recipients/:id/erase': {
    allowed: ADMIN_ONLY,
    id: (fixtures) => fixtures.erasableRecipientId,
    body: () => ({ reason: 'the person asked to be forgotten' }),
  },
  'POST /v1/funds': {
    allowed: ADMIN_ONLY,
    body: () => ({ code: 'matrix-new', name: 'Matrix new', restricted: true }),
  },
  'GET /v1/funds': { allowed: EVERY_ROLE },
  'GET /v1/funds/:id': { allowed: EVERY_ROLE, id: (fixtures) => fixtures.fundId },
  'POST /v1/donations': {
    allowed: ['admin', 'staff', 'patron'],
    body: (fixtures) => ({ amount: '1.00', fundId: fixtures.fundId }),
  },
  // Called with no body here (400 for those allowed): what matters is who is let in.
  'POST /v1/statements': { allowed: STAFF_AND_ADMIN },
  'GET /v1/donations': { allowed: EVERY_ROLE },
  'GET /v1/donations/:id': { allowed: EVERY_ROLE, id: (fixtures) => fixtures.donationToConfirmId },
  'POST /v1/donations/:id/confirm': {
    allowed: STAFF_AND_ADMIN,
    id: (fixtures) => fixtures.donationToConfirmId,
  },
  'POST /v1/donations/:id/reject': {
    allowed: STAFF_AND_ADMIN,
    id: (fixtures) => fixtures.donationToRejectId,
    body: () => ({ reason: 'no such transfer at the bank' }),
  },
  'POST /v1/aid': {
    allowed: STAFF_AND_ADMIN,
    body: (fixtures) => ({
      recipientId: fixtures.recipientId,
      fundId: fixtures.fundId,
      amount: '1.00',
      category: 'food',
    }),
  },
  'GET /v1/aid': { allowed: READERS },
  'GET /v1/aid/:id': { allowed: READERS, id: (fixtures) => fixtures.postedAidId },
  'POST /v1/aid/:id/approve': { allowed: STAFF_AND_ADMIN, id: (fixtures) => fixtures.aidToApproveId },
  'POST /v1/aid/:id/reject': {
    allowed: STAFF_AND_ADMIN,
    id: (fixtures) => fixtures.aidToRejectId,
    body: () => ({ reason: 'paid by another charity' }),
  },
  'GET /v1/entries': { allowed: READERS },
  'GET /v1/entries/:id': { allowed: READERS, id: (fixtures) => fixtures.reversibleEntryId },
  'POST /v1/entries/:id/reverse': {
    allowed: STAFF_AND_ADMIN,
    id: (fixtures) => fixtures.reversibleEntryId,
    body: () => ({ reason: 'booked twice' }),
  },
  'GET /v1/accounts': { allowed: READERS },
  'POST /v1/periods/close': { allowed: ADMIN_ONLY, body: () => ({ through: '2026-01-31' }) },
  'GET /v1/audit/verify': { allowed: READERS },
  // Who did what (issue 6): auditors read it, as they read everything; patrons never see it.
  'GET /v1/audit/activity': { allowed: READERS },
  // SPEC §7: reports and exports for auditors, staff and admins; the public summary for anyone;
  // patron documents for the patron they belong to (others' answer 404) and every reader.
  'GET /v1/reports/recipients': { allowed: READERS },
  'GET /v1/reports/patrons': { allowed: READERS },
  'GET /v1/reports/funds': { allowed: READERS },
  'GET /v1/reports/regions': { allowed: READERS },
  'GET /v1/reports/categories': { allowed: READERS },
  'GET /v1/reports/trial-balance': { allowed: READERS },
  'GET /v1/exports/ledger': { allowed: READERS },
  'GET /v1/public/summary': { allowed: 'public' },
  'GET /v1/donations/:id/receipt': { allowed: EVERY_ROLE, id: (fixtures) => fixtures.donationToConfirmId },
  'GET /v1/patrons/:id/statement': { allowed: EVERY_ROLE, id: (fixtures) => fixtures.patronId },
  'GET /v1/patrons/:id/impact': { allowed: EVERY_ROLE, id: (fixtures) => fixtures.patronId },
};

type Outcome = 401 | 403 | 'allowed';

function outcomeOf(expectation: Expectation, actor: MatrixActor): Outcome {
  if (expectation.allowed === 'public') return 'allowed';
  if (actor === 'anonymous') return 401;
  return expectation.allowed.includes(actor) ? 'allowed' : 403;
}

async function createFixtures(api: ApiHarness): Promise<Fixtures> {
  const created = async (response: Promise<Response>) => {
    const answer = await response;
    expect(answer.status, JSON.stringify(answer.body)).to.be.oneOf([200, 201]);
    return answer.body as { id: number; entryId: number };
  };
  const fund = await created(
    api.post('admin', '/v1/funds', { code: 'matrix', name: 'Matrix fund', restricted: false }),
  );
  await created(api.post('staff', '/v1/donations', { amount: '2000000.00', fundId: fund.id }));
  const reversible = await created(api.post('staff', '/v1/donations', { amount: '5.00' }));
  const recipient = await created(
    api.post('staff', '/v1/recipients', {
      iin: '900101310004',
      fullName: 'Динара Алтынбек',
      region: 'KZ-75',
    }),
  );
  const erasable = await created(
    api.post('staff', '/v1/recipients', { iin: '900101310014', fullName: 'Марат Өтеген', region: 'KZ-11' }),
  );
  const erasablePatron = await created(
    api.post('staff', '/v1/patrons', { name: 'Ержан Өшірілетін', kind: 'individual' }),
  );
  const toConfirm = await created(api.post('patron', '/v1/donations', { amount: '10.00' }));
  const toReject = await created(api.post('patron', '/v1/donations', { amount: '11.00' }));
  const aid = (amount: string) =>
    created(
      api.post('staff2', '/v1/aid', { recipientId: recipient.id, fundId: fund.id, amount, category: 'food' }),
    );
  const postedAid = await aid('100.00');
  const toApprove = await aid('500000.00');
  const toReject2 = await aid('500001.00');
  return {
    fundId: fund.id,
    recipientId: recipient.id,
    erasableRecipientId: erasable.id,
    erasablePatronId: erasablePatron.id,
    donationToConfirmId: toConfirm.id,
    donationToRejectId: toReject.id,
    postedAidId: postedAid.id,
    aidToApproveId: toApprove.id,
    aidToRejectId: toReject2.id,
    reversibleEntryId: reversible.entryId,
    patronId: api.patronId,
  };
}

function expectProblem(response: Response, status: number, code: string): void {
  expect(response.status, JSON.stringify(response.body)).to.equal(status);
  expect(response.headers['content-type']).to.match(/^application\/problem\+json/);
  expect(response.body).to.include({ status, code });
  expect(response.body).to.include.keys('type', 'title', 'detail');
}

describe('role matrix', () => {
  const api = useApi();
  let fixtures: Fixtures;
  before(async () => {
    fixtures = await createFixtures(api.current);
  });

  it('apiRoutes — every route — has an expected line here, and every expected line a route', () => {
    const declared = apiRoutes(api.current.services).map(
      (route) => `${route.method.toUpperCase()} ${route.path}`,
    );
    expect(new Set(declared).size, 'no route is declared twice').to.equal(declared.length);
    expect(declared, 'routes in apiRoutes vs. the EXPECTED table').to.have.members(Object.keys(EXPECTED));
  });

  it('fixtures — made before the matrix — the ledger verifies and balances', async () => {
    expect(await api.current.ledgerState()).to.include({ trialBalance: '0.00', verified: true });
  });

  for (const [key, expectation] of Object.entries(EXPECTED)) {
    const [method, template] = key.split(' ') as ['GET' | 'POST', string];
    for (const actor of ACTORS) {
      const outcome = outcomeOf(expectation, actor);
      it(`${key} — ${actor} — ${outcome === 'allowed' ? 'allowed (neither 401 nor 403)' : outcome}`, async () => {
        const path = expectation.id ? template.replace(':id', String(expectation.id(fixtures))) : template;
        const body = expectation.body?.(fixtures);
        const before = await api.current.ledgerState();
        const response =
          method === 'GET' ? await api.current.get(actor, path) : await api.current.post(actor, path, body);
        if (outcome === 'allowed') {
          expect(response.status, JSON.stringify(response.body)).to.not.be.oneOf([401, 403]);
          expect(response.status, JSON.stringify(response.body)).to.be.below(500);
          return;
        }
        expectProblem(response, outcome, outcome === 401 ? 'UNAUTHENTICATED' : 'FORBIDDEN');
        expect(await api.current.ledgerState()).to.deep.equal(before);
      });
    }
  }

  it('a forged token — on a staff route — 401 UNAUTHENTICATED, nothing moves', async () => {
    const before = await api.current.ledgerState();
    const [header, payload] = api.current.tokens.staff.split('.');
    const forged = `${header}.${payload}.${'A'.repeat(43)}`;
    const response = await api.current
      .post('anonymous', '/v1/donations', { amount: '1.00' })
      .set('Authorization', `Bearer ${forged}`);
    expectProblem(response, 401, 'UNAUTHENTICATED');
    expect(await api.current.ledgerState()).to.deep.equal(before);
  });
});
