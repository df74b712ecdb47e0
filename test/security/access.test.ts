// Proves who can get in and what each one sees. Forged, expired, not-yet-valid, tampered and
// unsigned tokens, and tokens of deleted or disabled users, are refused with 401 on reading and on
// money-moving routes alike, and nothing moves. A patron never reads another patron's records nor any
// recipient's personal data; an auditor writes nothing; full IINs reach staff and admins only — every
// route an auditor or patron may read is swept for them. Every kind of response carries the security
// headers, and oversized headers are refused.
import { expect } from 'chai';
import jwt from 'jsonwebtoken';
import type { Response } from 'supertest';
import type { RouteDefinition } from '../../src/http/route.js';
import { pdfText, requirePoppler } from '../documents/pdf-tools.js';
import { type Actor, type ApiHarness, stateSnapshot, TEST_PASSWORD, useApi } from '../support/api-harness.js';
import { TEST_SETTINGS } from '../support/test-database.js';
import { declaredRoutes, routeKey } from './declared-routes.js';

const ISSUER = 'jomart-ledger';
const ROUTES = declaredRoutes();

function base64url(value: object): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

function sign(payload: object, options: jwt.SignOptions = {}, secret = TEST_SETTINGS.jwtSecret): string {
  return jwt.sign(payload, secret, { algorithm: 'HS256', issuer: ISSUER, expiresIn: 600, ...options });
}

/** The token with its header or payload replaced and the signature kept. */
function tampered(
  token: string,
  change: {
    header?: (header: Record<string, unknown>) => void;
    payload?: (payload: Record<string, unknown>) => void;
  },
): string {
  const [header, payload, signature] = token.split('.') as [string, string, string];
  const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  const newHeader = decode(header);
  const newPayload = decode(payload);
  change.header?.(newHeader);
  change.payload?.(newPayload);
  return `${base64url(newHeader)}.${base64url(newPayload)}.${signature}`;
}

function unsigned(alg: string, payload: object): string {
  return `${base64url({ alg, typ: 'JWT' })}.${base64url(payload)}.`;
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** Each forgery, made from the harness's tokens and ids; every one must be refused with 401. */
const FORGERIES: ReadonlyArray<[string, (api: ApiHarness) => string]> = [
  ...['none', 'None', 'NONE', 'nOnE'].map((alg): [string, (api: ApiHarness) => string] => [
    `alg "${alg}", no signature, naming the admin`,
    (api) =>
      unsigned(alg, {
        sub: String(api.userIds.admin),
        role: 'admin',
        iss: ISSUER,
        iat: nowSeconds(),
        exp: nowSeconds() + 600,
      }),
  ]),
  [
    'alg "none" with the staff token’s signature kept',
    (api) => tampered(api.tokens.staff, { header: (header) => Object.assign(header, { alg: 'none' }) }),
  ],
  [
    'signed with another key',
    (api) =>
      sign(
        { role: 'admin' },
        { subject: String(api.userIds.admin) },
        'another-secret-long-enough-0123456789abcdef',
      ),
  ],
  [
    'signed with an empty-looking key of one space',
    (api) => sign({ role: 'admin' }, { subject: String(api.userIds.admin) }, ' '),
  ],
  [
    'HS512 with the right key',
    (api) => sign({ role: 'staff' }, { subject: String(api.userIds.staff), algorithm: 'HS512' }),
  ],
  [
    'HS384 with the right key',
    (api) => sign({ role: 'staff' }, { subject: String(api.userIds.staff), algorithm: 'HS384' }),
  ],
  [
    'header claiming RS256 over an HS256 signature',
    (api) => tampered(api.tokens.staff, { header: (header) => Object.assign(header, { alg: 'RS256' }) }),
  ],
  [
    'expired a minute ago',
    (api) =>
      jwt.sign({ role: 'staff', iat: nowSeconds() - 960, exp: nowSeconds() - 60 }, TEST_SETTINGS.jwtSecret, {
        algorithm: 'HS256',
        issuer: ISSUER,
        subject: String(api.userIds.staff),
      }),
  ],
  [
    'not valid before an hour from now (nbf)',
    (api) => sign({ role: 'staff' }, { subject: String(api.userIds.staff), notBefore: 3600 }),
  ],
  [
    'no expiry at all',
    (api) =>
      jwt.sign({ role: 'staff' }, TEST_SETTINGS.jwtSecret, {
        algorithm: 'HS256',
        issuer: ISSUER,
        subject: String(api.userIds.staff),
      }),
  ],
  [
    'another issuer',
    (api) => sign({ role: 'staff' }, { subject: String(api.userIds.staff), issuer: 'someone-else' }),
  ],
  [
    'the staff token with role changed to admin, signature kept',
    (api) => tampered(api.tokens.staff, { payload: (payload) => Object.assign(payload, { role: 'admin' }) }),
  ],
  [
    'the patron token with sub changed to the admin’s id, signature kept',
    (api) =>
      tampered(api.tokens.patron, {
        payload: (payload) => Object.assign(payload, { sub: String(api.userIds.admin) }),
      }),
  ],
  [
    'the staff token with its expiry pushed a year ahead, signature kept',
    (api) =>
      tampered(api.tokens.staff, {
        payload: (payload) => Object.assign(payload, { exp: nowSeconds() + 31_536_000 }),
      }),
  ],
  ['the staff token without its signature', (api) => api.tokens.staff.split('.').slice(0, 2).join('.')],
  [
    'the staff token with its signature’s last character changed',
    (api) => `${api.tokens.staff.slice(0, -1)}${api.tokens.staff.endsWith('A') ? 'B' : 'A'}`,
  ],
  [
    'a correctly signed token naming a user id that never existed',
    () => sign({ role: 'admin' }, { subject: '987654' }),
  ],
  ['a correctly signed token with sub "1 OR 1=1"', () => sign({ role: 'admin' }, { subject: '1 OR 1=1' })],
  ['a token of 5000 characters', (api) => `${api.tokens.staff}${'A'.repeat(5000)}`],
];

/** The routes each forgery is tried on: reading, reading personal data, moving money, managing users. */
const FORGERY_TARGETS: ReadonlyArray<{ method: 'get' | 'post'; path: string; body?: object }> = [
  { method: 'get', path: '/v1/me' },
  { method: 'get', path: '/v1/recipients' },
  { method: 'post', path: '/v1/donations', body: { amount: '1.00' } },
  {
    method: 'post',
    path: '/v1/users',
    body: { email: 'forged@test.kz', password: TEST_PASSWORD, role: 'admin' },
  },
];

function expectProblem(response: Response, status: number, code: string): void {
  expect(response.status, JSON.stringify(response.body)).to.equal(status);
  expect(response.headers['content-type']).to.match(/^application\/problem\+json/);
  expect(response.body.code).to.equal(code);
}

async function usersCount(api: ApiHarness): Promise<number> {
  const row = await api.testDatabase.database.knex('users').count({ count: '*' }).first();
  return Number(row?.count ?? 0);
}

/** What a response says: a PDF's text as poppler extracts it (its streams are compressed), else the body. */
function readableText(response: Response): string {
  const body = Buffer.from(response.body as Buffer);
  return /^application\/pdf/.test(response.headers['content-type'] ?? '')
    ? pdfText(body)
    : body.toString('utf8');
}

/** Every 12-digit run in a text: where an IIN or BIN would show in full. */
function fullTaxIdsIn(text: string): string[] {
  // Hashes (64 hex digits) and UUIDs (request ids) may hold 12 decimal digits in a row by chance.
  const withoutHexIds = text
    .replace(/[0-9a-f]{64}/g, '#')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '#');
  return withoutHexIds.match(/(?<![0-9a-f])[0-9]{12}(?![0-9a-f])/g) ?? [];
}

describe('access', () => {
  const api = useApi();
  /** Records for reading: a second patron's, a recipient's, and ids the routes are read with. */
  const ids = {
    fund: 0,
    recipient: 0,
    ownDonation: 0,
    otherDonation: 0,
    otherPatron: 0,
    /** A patron with an IIN and a donation of theirs: their receipt and statement are read by the auditor. */
    patronWithIin: 0,
    donationWithIin: 0,
    aid: 0,
    entry: 0,
  };
  const RECIPIENT_IIN = '900101310004';
  const RECIPIENT_NAME = 'Динара Алтынбекқызы';
  const PATRON_IIN = '850505400018';
  const OTHER_PATRON = { email: 'other-patron@test.kz', name: 'Гүлнар Басқа' };

  before(async () => {
    const a = api.current;
    const created = async (response: Promise<Response>) => {
      const answer = await response;
      expect(answer.status, JSON.stringify(answer.body)).to.equal(201);
      return answer.body;
    };
    ids.fund = (
      await created(a.post('admin', '/v1/funds', { code: 'access', name: 'Access', restricted: false }))
    ).id;
    await created(a.post('staff', '/v1/donations', { amount: '100000.00', fundId: ids.fund }));
    const recipient = await created(
      a.post('staff', '/v1/recipients', { iin: RECIPIENT_IIN, fullName: RECIPIENT_NAME, region: 'KZ-75' }),
    );
    ids.recipient = recipient.id;
    const aid = await created(
      a.post('staff', '/v1/aid', {
        recipientId: recipient.id,
        fundId: ids.fund,
        amount: '700.00',
        category: 'food',
      }),
    );
    ids.aid = aid.id;
    ids.entry = aid.entryId;
    ids.patronWithIin = (
      await created(a.post('staff', '/v1/patrons', { name: 'ИИН иесі', kind: 'individual', iin: PATRON_IIN }))
    ).id;
    ids.donationWithIin = (
      await created(a.post('staff', '/v1/donations', { amount: '40.00', patronId: ids.patronWithIin }))
    ).id;
    ids.ownDonation = (await created(a.post('patron', '/v1/donations', { amount: '15.00' }))).id;
    const other = await created(
      a.post('anonymous', '/v1/auth/register', { ...OTHER_PATRON, password: TEST_PASSWORD }),
    );
    ids.otherPatron = other.user.patronId;
    const otherDonation = await a
      .post('anonymous', '/v1/donations', { amount: '25.00' })
      .set('Authorization', `Bearer ${other.token}`)
      .expect(201);
    ids.otherDonation = otherDonation.body.id;
    await a.post('staff', `/v1/donations/${ids.otherDonation}/confirm`).expect(200);
  });

  describe('forged and stale tokens', () => {
    let refusedCount = 0;
    after(() => {
      console.log(
        `    access: ${refusedCount} forged or stale token uses refused with 401 (${FORGERIES.length + 2} kinds)`,
      );
    });

    const tryEverywhere = async (token: string) => {
      const before = await stateSnapshot(api.current);
      const users = await usersCount(api.current);
      for (const target of FORGERY_TARGETS) {
        const test =
          target.method === 'get'
            ? api.current.get('anonymous', target.path)
            : api.current.post('anonymous', target.path, target.body);
        const response = await test.set('Authorization', `Bearer ${token}`);
        expectProblem(response, 401, 'UNAUTHENTICATED');
        refusedCount += 1;
      }
      expect(await stateSnapshot(api.current), 'nothing moved').to.deep.equal(before);
      expect(await usersCount(api.current), 'no user made').to.equal(users);
    };

    it('a correctly signed, current token — the control — is accepted on the same routes', async () => {
      const token = sign({ role: 'staff' }, { subject: String(api.current.userIds.staff) });
      const response = await api.current.get('anonymous', '/v1/me').set('Authorization', `Bearer ${token}`);
      expect(response.status).to.equal(200);
    });

    for (const [scenario, forge] of FORGERIES) {
      it(`token: ${scenario} — on /v1/me, /v1/recipients, POST /v1/donations, POST /v1/users — 401, nothing moves`, async () => {
        await tryEverywhere(forge(api.current));
      });
    }

    it('a valid token whose user was then deleted — 401 everywhere, nothing moves', async () => {
      const user = await api.current.services.users.create(
        { email: 'deleted@test.kz', password: TEST_PASSWORD, role: 'admin' },
        null,
      );
      const token = sign({ role: 'admin' }, { subject: String(user.id) });
      await api.current.get('anonymous', '/v1/me').set('Authorization', `Bearer ${token}`).expect(200);
      await api.current.testDatabase.database.knex('users').where({ id: user.id }).delete();
      await tryEverywhere(token);
    });

    // There is no API route nor CLI command to disable a user: only the `disabled` column, which
    // authentication reads on every request. The test disables one the only way there is.
    it('a valid token whose user was then disabled (in the database) — 401 everywhere, nothing moves', async () => {
      const user = await api.current.services.users.create(
        { email: 'disabled@test.kz', password: TEST_PASSWORD, role: 'admin' },
        null,
      );
      const token = sign({ role: 'admin' }, { subject: String(user.id) });
      await api.current.get('anonymous', '/v1/me').set('Authorization', `Bearer ${token}`).expect(200);
      await api.current.testDatabase.database.knex('users').where({ id: user.id }).update({ disabled: true });
      await tryEverywhere(token);
    });
  });

  describe('what a patron may read', () => {
    const patronReads = (path: string) => api.current.get('patron', path);

    it('another patron’s donation, receipt, record, statement and impact — 404 each, as if none existed', async () => {
      for (const path of [
        `/v1/donations/${ids.otherDonation}`,
        `/v1/donations/${ids.otherDonation}/receipt`,
        `/v1/patrons/${ids.otherPatron}`,
        `/v1/patrons/${ids.otherPatron}/statement?year=2026`,
        `/v1/patrons/${ids.otherPatron}/impact`,
      ]) {
        expectProblem(await patronReads(path), 404, 'NOT_FOUND');
      }
    });

    it('GET /v1/donations — as a patron — only the patron’s own donations', async () => {
      const response = await patronReads('/v1/donations?limit=200').expect(200);
      const owners = new Set(response.body.items.map((item: { patronId: number }) => item.patronId));
      expect([...owners]).to.deep.equal([api.current.patronId]);
      expect(response.body.items.map((item: { id: number }) => item.id)).to.include(ids.ownDonation);
    });

    it('recipients, aid, entries, reports, exports and the activity listing — 403 for a patron', async () => {
      const closed = ROUTES.filter(
        (route) =>
          route.method === 'get' &&
          route.access !== 'public' &&
          route.access !== 'authenticated' &&
          !route.access.includes('patron'),
      );
      expect(closed.map(routeKey)).to.include.members([
        'GET /v1/recipients',
        'GET /v1/recipients/:id',
        'GET /v1/aid',
        'GET /v1/aid/:id',
        'GET /v1/reports/recipients',
        'GET /v1/exports/ledger',
        'GET /v1/audit/activity',
      ]);
      for (const route of closed) {
        expectProblem(await patronReads(route.path.replace(':id', String(ids.recipient))), 403, 'FORBIDDEN');
      }
    });

    it('every route a patron may read — own ids, PDFs as text — holds no recipient’s name or IIN, nor another patron’s name or email', async function () {
      requirePoppler(this);
      const open = readableBy(ROUTES, 'patron');
      for (const route of open) {
        const path = pathFor(route, {
          donation: ids.ownDonation,
          patron: api.current.patronId,
          fund: ids.fund,
        });
        const response = await patronReads(path).responseType('blob');
        const text = readableText(response);
        for (const secret of [
          RECIPIENT_NAME,
          RECIPIENT_IIN,
          `********${RECIPIENT_IIN.slice(-4)}`,
          OTHER_PATRON.name,
          OTHER_PATRON.email,
        ]) {
          expect(text, `${path} (${response.status})`).to.not.include(secret);
        }
      }
      expect(open.length).to.be.above(5);
    });
  });

  describe('full IINs', () => {
    it('staff and admins — a recipient and a patron — see the IINs in full (the control)', async () => {
      for (const actor of ['staff', 'admin'] as const) {
        const recipient = await api.current.get(actor, `/v1/recipients/${ids.recipient}`).expect(200);
        expect(recipient.body.iin).to.equal(RECIPIENT_IIN);
        const patrons = await api.current.get(actor, '/v1/patrons?limit=200').expect(200);
        expect(JSON.stringify(patrons.body)).to.include(PATRON_IIN);
      }
    });

    for (const actor of ['auditor', 'patron'] as const) {
      it(`every route ${actor === 'auditor' ? 'an' : 'a'} ${actor} may read, JSON, CSV and PDF text — no 12-digit IIN or BIN in full`, async function () {
        requirePoppler(this);
        const routes = readableBy(ROUTES, actor);
        let swept = 0;
        for (const route of routes) {
          const path = pathFor(route, {
            donation: actor === 'patron' ? ids.ownDonation : ids.donationWithIin,
            patron: actor === 'patron' ? api.current.patronId : ids.patronWithIin,
            fund: ids.fund,
            recipient: ids.recipient,
            aid: ids.aid,
            entry: ids.entry,
          });
          for (const variant of route.path.startsWith('/v1/reports/') ? ['', '?format=csv'] : ['']) {
            const response = await api.current.get(actor, path + variant).responseType('blob');
            const text = readableText(response);
            expect(fullTaxIdsIn(text), `${path}${variant} (${response.status})`).to.deep.equal([]);
            for (const iin of [RECIPIENT_IIN, PATRON_IIN])
              expect(text, `${path}${variant}`).to.not.include(iin);
            swept += 1;
          }
        }
        expect(swept).to.be.above(actor === 'auditor' ? 20 : 5);
      });
    }

    it('an auditor — the recipients list and report — sees the IIN masked to its last four digits', async () => {
      const one = await api.current.get('auditor', `/v1/recipients/${ids.recipient}`).expect(200);
      expect(one.body.iin).to.equal(`********${RECIPIENT_IIN.slice(-4)}`);
      const report = await api.current.get('auditor', '/v1/reports/recipients').expect(200);
      expect(JSON.stringify(report.body)).to.include(`********${RECIPIENT_IIN.slice(-4)}`);
    });
  });

  describe('an auditor writes nothing', () => {
    it('every write route but the public ones — as an auditor, with a valid-looking body — 403, nothing changes', async () => {
      const writes = ROUTES.filter((route) => route.method === 'post' && route.access !== 'public');
      expect(writes.length).to.be.above(10);
      const before = await stateSnapshot(api.current);
      const users = await usersCount(api.current);
      for (const route of writes) {
        const response = await api.current.post('auditor', route.path.replace(':id', String(ids.entry)), {
          amount: '1.00',
          reason: 'auditors write nothing',
        });
        expectProblem(response, 403, 'FORBIDDEN');
      }
      expect(await stateSnapshot(api.current)).to.deep.equal(before);
      expect(await usersCount(api.current)).to.equal(users);
    });
  });

  describe('security headers and size limits', () => {
    const HELMET_HEADERS: Readonly<Record<string, RegExp>> = {
      'content-security-policy': /default-src 'self'/,
      'strict-transport-security': /max-age=\d+/,
      'x-content-type-options': /^nosniff$/,
      'x-frame-options': /^SAMEORIGIN$/,
      'referrer-policy': /^no-referrer$/,
      'cross-origin-opener-policy': /^same-origin$/,
      'cross-origin-resource-policy': /^same-origin$/,
      'x-dns-prefetch-control': /^off$/,
    };
    const KINDS: ReadonlyArray<[string, (api: ApiHarness) => Promise<Response>]> = [
      ['an API answer (200 JSON)', (a) => a.get('staff', '/v1/me')],
      ['a problem (401)', (a) => a.get('anonymous', '/v1/me')],
      [
        'a problem (400 malformed JSON)',
        (a) => a.post('staff', '/v1/patrons').set('Content-Type', 'application/json').send('{'),
      ],
      ['a problem (413 body too large)', (a) => a.post('staff', '/v1/patrons', { name: 'x'.repeat(70_000) })],
      ['a 404 for an unknown path', (a) => a.get('staff', '/v1/no-such-route')],
      ['the docs page', (a) => a.get('anonymous', '/docs/')],
      ['the OpenAPI document', (a) => a.get('anonymous', '/v1/openapi.json')],
      ['/healthz', (a) => a.get('anonymous', '/healthz')],
      ['a CSV report', (a) => a.get('auditor', '/v1/reports/funds?format=csv')],
      ['a streamed export', (a) => a.get('auditor', '/v1/exports/ledger?format=ndjson')],
      ['a PDF receipt', (a) => a.get('patron', `/v1/donations/${ids.ownDonation}/receipt`)],
      ['the public summary', (a) => a.get('anonymous', '/v1/public/summary')],
    ];
    for (const [kind, send] of KINDS) {
      it(`${kind} — helmet’s security headers, no X-Powered-By`, async () => {
        const response = await send(api.current);
        expect(response.status).to.be.below(500);
        for (const [header, pattern] of Object.entries(HELMET_HEADERS)) {
          expect(response.headers[header], `${header} (${response.status})`).to.match(pattern);
        }
        expect(response.headers).to.not.have.property('x-powered-by');
      });
    }

    it('a request with 20 KB of headers — refused by the HTTP server (431), and the app still answers', async () => {
      const response = await api.current
        .get('staff', '/v1/me')
        .set('X-Padding', 'a'.repeat(20_000))
        .ok(() => true);
      expect(response.status).to.equal(431);
      await api.current.get('anonymous', '/healthz').expect(200);
    });
  });
});

/** GET routes an actor may call. */
function readableBy(
  routes: readonly RouteDefinition[],
  actor: Exclude<Actor, 'anonymous' | 'staff2'>,
): RouteDefinition[] {
  return routes.filter(
    (route) =>
      route.method === 'get' &&
      (route.access === 'public' || route.access === 'authenticated' || route.access.includes(actor)),
  );
}

/** A route's path with its `:id` filled with the record of the kind the path names. */
function pathFor(
  route: RouteDefinition,
  ids: Partial<Record<'donation' | 'patron' | 'fund' | 'recipient' | 'aid' | 'entry', number>>,
): string {
  if (!route.path.includes(':id')) return route.path;
  const kind = (['donation', 'patron', 'fund', 'recipient', 'aid', 'entry'] as const).find((name) =>
    route.path.startsWith(`/v1/${name === 'entry' ? 'entries' : name === 'aid' ? 'aid' : `${name}s`}/`),
  );
  const id = kind ? ids[kind] : undefined;
  if (id === undefined) throw new Error(`no id for ${route.path}`);
  const path = route.path.replace(':id', String(id));
  return path.endsWith('/statement') ? `${path}?year=2026` : path;
}
