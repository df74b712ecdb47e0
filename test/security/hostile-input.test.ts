// Proves with seeded property-based fuzzing (fast-check) that hostile input to every write endpoint —
// its body, its query string and its headers — is answered with a 4xx problem or accepted as the valid
// input it is, never a 5xx; that a refused request changes nothing (journal, balances, records, users);
// that no prototype is ever polluted; and that amounts in every odd form are accepted exactly when
// SPEC §2 says so. The write endpoints are read from apiRoutes, so a new one is fuzzed as soon as it
// is declared. The number of inputs tried is printed at the end (README, "What we test").
import { expect } from 'chai';
import fc from 'fast-check';
import type { Response } from 'supertest';
import { apiRoutes } from '../../src/app.js';
import type { RouteDefinition } from '../../src/http/route.js';
import {
  type Actor,
  type ApiHarness,
  type StateSnapshot,
  stateSnapshot,
  TEST_PASSWORD,
  useApi,
} from '../support/api-harness.js';
import { declaredRoutes, routeKey } from './declared-routes.js';
import { FORMULA_STRINGS, SQL_INJECTION_STRINGS } from './hostile-strings.js';

/** Seeded, so a failure is reproduced by running again; FUZZ_SEED and FUZZ_RUNS override. */
const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20261125);
const RUNS_PER_ROUTE = Number(process.env.FUZZ_RUNS ?? 100);
const AMOUNT_RUNS = Number(process.env.FUZZ_RUNS ?? 200);
const MAX_BODY_BYTES = 64 * 1024;

const ROUTES = declaredRoutes();
const WRITE_ROUTES = ROUTES.filter((route) => route.method === 'post');
const GET_ROUTES = ROUTES.filter((route) => route.method === 'get');

/** Counted as the properties run, printed at the end. */
const tried = { requests: 0, accepted: 0, refused: 0 };

interface Fixtures {
  fundId: number;
  recipientId: number;
  patronId: number;
  pendingDonationId: number;
  pendingAidId: number;
  postedEntryId: number;
  erasablePatronId: number;
  erasableRecipientId: number;
}

/** The record each write route with `:id` is fuzzed on: one that exists, so only the input is bad. */
const ID_OF: Readonly<Record<string, (fixtures: Fixtures) => number>> = {
  'POST /v1/patrons/:id/erase': (fixtures) => fixtures.erasablePatronId,
  'POST /v1/recipients/:id/erase': (fixtures) => fixtures.erasableRecipientId,
  'POST /v1/donations/:id/confirm': (fixtures) => fixtures.pendingDonationId,
  'POST /v1/donations/:id/reject': (fixtures) => fixtures.pendingDonationId,
  'POST /v1/aid/:id/approve': (fixtures) => fixtures.pendingAidId,
  'POST /v1/aid/:id/reject': (fixtures) => fixtures.pendingAidId,
  'POST /v1/entries/:id/reverse': (fixtures) => fixtures.postedEntryId,
};

/** A body each JSON write route accepts; the fuzzer replaces, adds and breaks its fields. */
const VALID_BODIES: Readonly<Record<string, (fixtures: Fixtures) => Record<string, unknown>>> = {
  'POST /v1/auth/login': () => ({ email: 'staff@test.kz', password: TEST_PASSWORD }),
  'POST /v1/auth/register': () => ({ email: 'fuzz-signup@test.kz', password: TEST_PASSWORD, name: 'Fuzz' }),
  'POST /v1/users': () => ({ email: 'fuzz-user@test.kz', password: TEST_PASSWORD, role: 'auditor' }),
  'POST /v1/patrons': () => ({ name: 'Сәуле', kind: 'individual', email: 'saule@test.kz' }),
  'POST /v1/patrons/:id/erase': () => ({ reason: 'asked to be forgotten' }),
  'POST /v1/recipients': () => ({ iin: '900101310044', fullName: 'Болат', region: 'KZ-75', notes: 'x' }),
  'POST /v1/recipients/:id/erase': () => ({ reason: 'asked to be forgotten' }),
  'POST /v1/funds': () => ({
    code: 'fuzz',
    name: 'Fuzz fund',
    restricted: true,
    capPerRecipientYear: '10.00',
  }),
  'POST /v1/donations': (fixtures) => ({
    patronId: fixtures.patronId,
    amount: '1.00',
    fundId: fixtures.fundId,
    reference: 'FUZZ-1',
    note: 'fuzz',
  }),
  'POST /v1/donations/:id/reject': () => ({ reason: 'no such transfer' }),
  'POST /v1/aid': (fixtures) => ({
    recipientId: fixtures.recipientId,
    fundId: fixtures.fundId,
    amount: '1.00',
    category: 'food',
    note: 'fuzz',
  }),
  'POST /v1/aid/:id/reject': () => ({ reason: 'paid elsewhere' }),
  'POST /v1/entries/:id/reverse': () => ({ reason: 'booked twice' }),
  'POST /v1/periods/close': () => ({ through: '2026-01-31' }),
};

/** Fields that hold tenge (SPEC §2), per route. */
const AMOUNT_FIELD_OF: Readonly<Record<string, string>> = {
  'POST /v1/donations': 'amount',
  'POST /v1/aid': 'amount',
  'POST /v1/funds': 'capPerRecipientYear',
};

function actorFor(route: RouteDefinition): Actor {
  if (route.access === 'public') return 'anonymous';
  if (route.access === 'authenticated' || route.access.includes('admin')) return 'admin';
  return route.access[0] ?? 'admin';
}

// ---------------------------------------------------------------------------------------------
// Arbitraries
// ---------------------------------------------------------------------------------------------

/** Digits that are not ASCII: Arabic-Indic, Extended Arabic-Indic, Devanagari, fullwidth, Bengali. */
const UNICODE_DIGITS = ['٣', '۵', '७', '１', '০', '𝟙'];
const WHITESPACE = [' ', '\u00a0', '\u2009', '\t', '\n', '\u3000', '\u200b'];

/** An amount written any way a careless or hostile client might: most of them wrong. */
const amountText: fc.Arbitrary<string> = fc
  .record({
    sign: fc.constantFrom('', '', '', '+', '-', '\u2212'),
    whole: fc.oneof(
      fc.stringMatching(/^[0-9]{1,4}$/),
      fc.stringMatching(/^[0-9]{10,30}$/),
      fc.constantFrom('0', '00', '1000000000000', '1000000000001', '999999999999', ''),
      fc
        .array(fc.constantFrom(...UNICODE_DIGITS, '1', '2'), { minLength: 1, maxLength: 4 })
        .map((d) => d.join('')),
    ),
    separator: fc.constantFrom('', '', '', ',', ' ', '\u00a0', '_', "'", '.'),
    group: fc.stringMatching(/^[0-9]{3}$/),
    point: fc.constantFrom('', '', '.', ','),
    fraction: fc.oneof(fc.stringMatching(/^[0-9]{0,4}$/), fc.constantFrom('٥', '00', '01', '99')),
    exponent: fc.constantFrom('', '', '', 'e3', 'E-2', 'e+1', 'e400'),
    before: fc.constantFrom('', '', '', ...WHITESPACE),
    after: fc.constantFrom('', '', '', ...WHITESPACE),
  })
  .map(
    (parts) =>
      parts.before +
      parts.sign +
      parts.whole +
      (parts.separator === '' ? '' : parts.separator + parts.group) +
      parts.point +
      parts.fraction +
      parts.exponent +
      parts.after,
  );

/** Every amount as a JSON value: strings of every form, JSON numbers, and values of other types. */
const amountValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: amountText },
  {
    weight: 1,
    arbitrary: fc.constantFrom('Infinity', 'NaN', '0x10', '1/2', '١٢٣', '１５００', '1.00.00', ''),
  },
  { weight: 2, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.constantFrom(null, true, [], {}, ['1.00'], { amount: '1.00' }) },
);

/** SPEC §2, written apart from the server's parser: the one shape an amount may have, and its range. */
function specAcceptsAmount(value: unknown): boolean {
  if (typeof value !== 'string' || value.length > 24 || !/^[0-9]+(\.[0-9]{1,2})?$/.test(value)) return false;
  const [whole = '', fraction = ''] = value.split('.');
  const tiyn = BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0'));
  return tiyn > 0n && tiyn <= 100_000_000_000_000n;
}

const hostileText: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...FORMULA_STRINGS, ...SQL_INJECTION_STRINGS) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(
        fc.constantFrom('=', '+', '-', '@', '\t', '\r', '\u0000', '\u202e'),
        fc.string({ maxLength: 20 }),
      )
      .map(([start, rest]) => start + rest),
  },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 4 }).map((text) => text.repeat(3000)) },
);

/** Keys that would pollute a prototype if a server merged them naively. */
const PROTOTYPE_KEYS = ['__proto__', 'constructor', 'prototype'];

/** A JSON text with prototype keys somewhere inside: at the top or nested. */
const protoJson: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom(...PROTOTYPE_KEYS),
    fc.constantFrom(...PROTOTYPE_KEYS),
    fc.integer({ min: 0, max: 3 }),
  )
  .map(([outer, inner, depth]) => {
    const polluting = `{"${outer}":{"${inner}":{"role":"admin","polluted":true}}}`;
    return '{"a":'.repeat(depth) + polluting + '}'.repeat(depth);
  });

/** JSON nested deeper than any parser's comfort, yet under the 64 KiB cap. */
const deepJson: fc.Arbitrary<string> = fc
  .tuple(fc.integer({ min: 64, max: 16_000 }), fc.boolean())
  .map(([depth, arrays]) =>
    arrays ? '['.repeat(depth) + ']'.repeat(depth) : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`,
  );

/** A value for any field: hostile text, an odd amount, random JSON, a polluting or a deep object. */
const hostileFieldJson: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: hostileText.map((text) => JSON.stringify(text)) },
  { weight: 3, arbitrary: amountValue.map((value) => JSON.stringify(value)) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)) },
  { weight: 1, arbitrary: protoJson },
  { weight: 1, arbitrary: deepJson },
  { weight: 1, arbitrary: fc.constantFrom('9'.repeat(400), '1e309', '-0', '0.1e-400', 'true', 'null') },
);

/** Byte sequences that are not UTF-8: stray continuation, overlong, surrogate, truncated, 0xFF. */
const INVALID_UTF8 = [
  [0xff],
  [0xfe, 0xff],
  [0x80],
  [0xc0, 0xaf],
  [0xe0, 0x80, 0xaf],
  [0xed, 0xa0, 0x80],
  [0xf8, 0x88, 0x80, 0x80, 0x80],
  [0xe2, 0x82],
  [0xd0],
].map((bytes) => Buffer.from(bytes));

type Body = { kind: 'json'; text: string } | { kind: 'bytes'; bytes: Buffer } | { kind: 'none' };

/** Body variants built around a valid body: each differs from it in one hostile way. */
function hostileBody(valid: Record<string, unknown> | undefined): fc.Arbitrary<Body> {
  const fields = Object.keys(valid ?? { amount: '1.00' });
  const base = valid ?? {};
  const withField = (field: string, json: string) => {
    const rest = JSON.stringify({ ...base, [field]: undefined }).slice(1, -1);
    return `{${rest}${rest === '' ? '' : ','}"${field}":${json}}`;
  };
  const json = (text: string): Body => ({ kind: 'json', text });
  return fc.oneof(
    // One field replaced by a hostile value.
    fc
      .tuple(fc.constantFrom(...fields), hostileFieldJson)
      .map(([field, value]) => json(withField(field, value))),
    // A prototype key, or any other key, beside the valid fields.
    fc
      .tuple(fc.oneof(fc.constantFrom(...PROTOTYPE_KEYS), fc.string({ maxLength: 10 })), hostileFieldJson)
      .map(([key, value]) => json(withField(key, value))),
    // A whole body of random JSON, deep JSON or polluting JSON, or of the wrong top-level type.
    fc.jsonValue({ maxDepth: 4 }).map((value) => json(JSON.stringify(value) ?? 'null')),
    deepJson.map(json),
    protoJson.map(json),
    fc
      .constantFrom('', ' ', 'null', '"text"', '1500', 'true', '[]', '{', '{"a":1,}', "{'a':1}", '\ufeff{}')
      .map(json),
    // The same key twice, the second hostile.
    fc
      .tuple(fc.constantFrom(...fields), hostileFieldJson)
      .map(([field, value]) =>
        json(`${JSON.stringify(base).slice(0, -1)}${fields.length ? ',' : ''}"${field}":${value}}`),
      ),
    // A valid body with bytes that are not UTF-8 inside one of its strings.
    fc
      .tuple(fc.constantFrom(...fields), fc.constantFrom(...INVALID_UTF8), fc.boolean())
      .map(([field, bad, inside]): Body => {
        const marker = 'INVALID-UTF8-HERE';
        const text = withField(field, JSON.stringify(inside ? `ab${marker}cd` : marker));
        const [before = '', after = ''] = text.split(marker);
        return { kind: 'bytes', bytes: Buffer.concat([Buffer.from(before), bad, Buffer.from(after)]) };
      }),
    // Around the 64 KiB cap.
    fc
      .integer({ min: MAX_BODY_BYTES - 256, max: MAX_BODY_BYTES + 4096 })
      .map((size) => json(withField('padding', JSON.stringify('x'.repeat(size))))),
    fc.constant<Body>({ kind: 'none' }),
  );
}

/** Visible latin-1 and tab: what an HTTP header may carry (anything else never leaves the client). */
const headerText = fc
  .array(
    fc.oneof(
      { weight: 8, arbitrary: fc.integer({ min: 0x20, max: 0x7e }) },
      { weight: 1, arbitrary: fc.integer({ min: 0xa0, max: 0xff }) },
      { weight: 1, arbitrary: fc.constant(0x09) },
    ),
    { minLength: 1, maxLength: 260 },
  )
  .map((codes) => String.fromCharCode(...codes).trim())
  .filter((text) => text.length > 0);

interface Headers {
  contentType: string;
  idempotencyKey?: string;
  requestId?: string;
  contentEncoding?: string;
}

const hostileHeaders: fc.Arbitrary<Headers> = fc.record(
  {
    contentType: fc.oneof(
      { weight: 8, arbitrary: fc.constant('application/json') },
      {
        weight: 3,
        arbitrary: fc.constantFrom(
          'application/json; charset=utf-8',
          'application/json; charset=UTF-16',
          'application/json; charset=latin1',
          'application/json; charset=x-unknown',
          'text/plain',
          'text/csv',
          'application/x-www-form-urlencoded',
          'multipart/form-data; boundary=x',
          'application/merge-patch+json',
          'application/xml',
        ),
      },
    ),
    idempotencyKey: fc.oneof(headerText, fc.constantFrom("' OR 1=1 --", '=cmd', 'k'.repeat(201))),
    requestId: fc.oneof(headerText, fc.constantFrom('900101300017', '../../etc/passwd', '=cmd|calc')),
    contentEncoding: fc.constantFrom('gzip', 'deflate', 'br', 'identity', 'x-unknown'),
  },
  { requiredKeys: ['contentType'] },
);

/** A query string on a write route: none is expected, so any is refused, hostile or not. */
const hostileQuery: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constant('') },
  {
    weight: 1,
    arbitrary: fc
      .array(
        fc.tuple(
          fc.oneof(
            fc.constantFrom(
              'amount',
              '__proto__',
              'constructor',
              'role',
              'userId',
              'a[b]',
              '__proto__[role]',
            ),
            fc.string({ maxLength: 8 }),
          ),
          hostileText,
        ),
        { minLength: 1, maxLength: 3 },
      )
      .map(
        (pairs) =>
          `?${pairs.map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value.slice(0, 200))}`).join('&')}`,
      ),
  },
);

/** A bank statement upload: a header and rows whose cells are hostile, or bytes that are no CSV. */
const hostileCsvBody: fc.Arbitrary<Body> = fc.oneof(
  fc
    .array(
      fc.tuple(
        fc.oneof(fc.constant('25.11.2026'), hostileText),
        fc.oneof(amountText, hostileText),
        fc.oneof(fc.uuid(), hostileText),
        hostileText,
        fc.oneof(fc.constant(''), fc.stringMatching(/^[0-9]{12}$/)),
        hostileText,
      ),
      { minLength: 1, maxLength: 5 },
    )
    .map((rows): Body => {
      const cell = (text: string) => `"${text.replaceAll('"', '""')}"`;
      const lines = rows.map((row) => row.map(cell).join(';'));
      return {
        kind: 'json',
        text: ['date;amount;reference;payer_name;payer_iin_bin;purpose', ...lines].join('\r\n'),
      };
    }),
  fc.uint8Array({ maxLength: 200 }).map((bytes): Body => ({ kind: 'bytes', bytes: Buffer.from(bytes) })),
  fc.constant<Body>({ kind: 'none' }),
);

// ---------------------------------------------------------------------------------------------

async function usersCount(api: ApiHarness): Promise<number> {
  const row = await api.testDatabase.database.knex('users').count({ count: '*' }).first();
  return Number(row?.count ?? 0);
}

function expectPrototypesClean(): void {
  expect(Object.keys(Object.prototype), 'Object.prototype gained keys').to.deep.equal([]);
  expect(({} as Record<string, unknown>).role, 'Object.prototype.role').to.equal(undefined);
  expect(({} as Record<string, unknown>).polluted, 'Object.prototype.polluted').to.equal(undefined);
}

async function createFixtures(api: ApiHarness): Promise<Fixtures> {
  const created = async (response: Promise<Response>) => {
    const answer = await response;
    expect(answer.status, JSON.stringify(answer.body)).to.equal(201);
    return answer.body as { id: number; entryId: number };
  };
  const fund = await created(
    api.post('admin', '/v1/funds', { code: 'hostile', name: 'Hostile', restricted: false }),
  );
  const posted = await created(api.post('staff', '/v1/donations', { amount: '1000000.00', fundId: fund.id }));
  const pendingDonation = await created(api.post('patron', '/v1/donations', { amount: '10.00' }));
  const recipient = await created(
    api.post('staff', '/v1/recipients', { iin: '900101310004', fullName: 'Нұрлан', region: 'KZ-75' }),
  );
  const erasableRecipient = await created(
    api.post('staff', '/v1/recipients', { iin: '900101310014', fullName: 'Марат', region: 'KZ-11' }),
  );
  const erasablePatron = await created(
    api.post('staff', '/v1/patrons', { name: 'Ержан', kind: 'individual' }),
  );
  const pendingAid = await created(
    api.post('staff2', '/v1/aid', {
      recipientId: recipient.id,
      fundId: fund.id,
      amount: '500000.00',
      category: 'housing',
    }),
  );
  return {
    fundId: fund.id,
    recipientId: recipient.id,
    patronId: api.patronId,
    pendingDonationId: pendingDonation.id,
    pendingAidId: pendingAid.id,
    postedEntryId: posted.entryId,
    erasablePatronId: erasablePatron.id,
    erasableRecipientId: erasableRecipient.id,
  };
}

describe('hostile input (property-based)', function () {
  this.timeout(600_000);
  const api = useApi();
  let fixtures: Fixtures;
  /** The state after the last accepted request: a refused one must leave it exactly so. */
  let baseline: { state: StateSnapshot; users: number };

  const takeBaseline = async () => {
    baseline = { state: await stateSnapshot(api.current), users: await usersCount(api.current) };
  };

  before(async () => {
    fixtures = await createFixtures(api.current);
    await takeBaseline();
  });

  after(() => {
    console.log(
      `    hostile input: ${tried.requests} requests tried (${tried.refused} refused with a 4xx, ` +
        `${tried.accepted} accepted as valid), 0 answered 5xx, seed ${FUZZ_SEED}`,
    );
  });

  const pathOf = (route: RouteDefinition): string => {
    if (!route.path.includes(':id')) return route.path;
    const id = ID_OF[routeKey(route)];
    if (!id) throw new Error(`add ${routeKey(route)} to ID_OF in hostile-input.test.ts`);
    return route.path.replace(':id', String(id(fixtures)));
  };

  /** Sends one request and checks the answer and the state it left. */
  const sendAndCheck = async (
    route: RouteDefinition,
    query: string,
    body: Body,
    headers: Headers,
  ): Promise<Response> => {
    let test = api.current.post(actorFor(route), pathOf(route) + query);
    if (body.kind !== 'none') test = test.set('Content-Type', headers.contentType);
    if (headers.idempotencyKey !== undefined) test = test.set('Idempotency-Key', headers.idempotencyKey);
    if (headers.requestId !== undefined) test = test.set('X-Request-Id', headers.requestId);
    if (headers.contentEncoding !== undefined) test = test.set('Content-Encoding', headers.contentEncoding);
    const payload = body.kind === 'json' ? body.text : body.kind === 'bytes' ? body.bytes : undefined;
    const response = await (payload === undefined ? test : test.serialize((data) => data).send(payload));
    tried.requests += 1;
    const detail = `${routeKey(route)}${query} ${headers.contentType} → ${response.status} ${JSON.stringify(response.body).slice(0, 300)}`;
    expect(response.status, detail).to.be.within(200, 499);
    if (body.kind === 'bytes') expect(response.status, detail).to.be.at.least(400);
    expectPrototypesClean();
    if (response.status >= 400) {
      tried.refused += 1;
      expect(response.headers['content-type'], detail).to.match(/^application\/problem\+json/);
      expect(response.body.status, detail).to.equal(response.status);
      expect(await stateSnapshot(api.current), `state after: ${detail}`).to.deep.equal(baseline.state);
      expect(await usersCount(api.current), `users after: ${detail}`).to.equal(baseline.users);
    } else {
      tried.accepted += 1;
      const state = await api.current.ledgerState();
      expect(state, `after accepting: ${detail}`).to.include({ trialBalance: '0.00', verified: true });
      await takeBaseline();
    }
    return response;
  };

  it('write routes — read at load time — the same list as apiRoutes on the real services, each fuzzable', () => {
    expect(WRITE_ROUTES.map(routeKey)).to.deep.equal(
      apiRoutes(api.current.services)
        .filter((route) => route.method === 'post')
        .map(routeKey),
    );
    for (const route of WRITE_ROUTES) {
      if (route.path.includes(':id')) expect(ID_OF, routeKey(route)).to.have.property(routeKey(route));
      if (route.body) expect(VALID_BODIES, routeKey(route)).to.have.property(routeKey(route));
    }
  });

  for (const route of WRITE_ROUTES) {
    const key = routeKey(route);
    it(`${key} — ${RUNS_PER_ROUTE} fuzzed bodies, queries and headers — 2xx or a 4xx problem, never 5xx; refused changes nothing`, async () => {
      const valid = route.body ? VALID_BODIES[key]?.(fixtures) : undefined;
      const body: fc.Arbitrary<Body> = route.bodyType === 'csv' ? hostileCsvBody : hostileBody(valid);
      await fc.assert(
        fc.asyncProperty(hostileQuery, body, hostileHeaders, async (query, generated, headers) => {
          const csv = route.bodyType === 'csv' && generated.kind !== 'none';
          await sendAndCheck(
            route,
            query,
            generated,
            csv ? { ...headers, contentType: 'text/csv' } : headers,
          );
        }),
        { seed: FUZZ_SEED, numRuns: RUNS_PER_ROUTE, endOnFailure: true },
      );
    });
  }

  for (const [key, field] of Object.entries(AMOUNT_FIELD_OF)) {
    it(`${key} — ${AMOUNT_RUNS} amounts in odd forms — accepted exactly when SPEC §2 allows, else 400 INVALID_AMOUNT`, async () => {
      const route = WRITE_ROUTES.find((candidate) => routeKey(candidate) === key) as RouteDefinition;
      let code = 0;
      await fc.assert(
        fc.asyncProperty(amountValue, async (amount) => {
          code += 1;
          const body: Record<string, unknown> = { ...(VALID_BODIES[key]?.(fixtures) ?? {}), [field]: amount };
          // Funds need a code of their own, or the second valid one is a duplicate.
          if (key === 'POST /v1/funds') body.code = `odd-amount-${code}`;
          const response = await sendAndCheck(
            route,
            '',
            { kind: 'json', text: JSON.stringify(body) },
            { contentType: 'application/json' },
          );
          const detail = `${JSON.stringify(amount)} → ${response.status} ${JSON.stringify(response.body)}`;
          if (specAcceptsAmount(amount)) {
            expect(response.status, detail).to.equal(201);
            const echoed =
              key === 'POST /v1/funds' ? response.body.capPerRecipientYear : response.body.amount;
            expect(echoed, detail).to.match(/^[0-9]+\.[0-9]{2}$/);
            expect(Number(echoed), detail).to.equal(Number(amount));
          } else {
            expect(response.status, detail).to.equal(400);
            expect(response.body.code, detail).to.equal('INVALID_AMOUNT');
          }
        }),
        { seed: FUZZ_SEED, numRuns: AMOUNT_RUNS, endOnFailure: true },
      );
    });
  }

  it('POST /v1/patrons — a name holding bytes that are not UTF-8 — 400 MALFORMED_JSON, nothing stored', async () => {
    const route = WRITE_ROUTES.find(
      (candidate) => routeKey(candidate) === 'POST /v1/patrons',
    ) as RouteDefinition;
    for (const bad of INVALID_UTF8) {
      const bytes = Buffer.concat([Buffer.from('{"name":"ab'), bad, Buffer.from('cd","kind":"individual"}')]);
      const response = await sendAndCheck(
        route,
        '',
        { kind: 'bytes', bytes },
        { contentType: 'application/json' },
      );
      expect(response.status).to.equal(400);
      expect(response.body.code).to.equal('MALFORMED_JSON');
    }
  });

  it(`every GET route — ${RUNS_PER_ROUTE} hostile query strings each — never 5xx, nothing changes`, async () => {
    const paths = GET_ROUTES.map((route) => route.path.replace(':id', '1'));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...paths), hostileQuery, async (path, query) => {
        const response = await api.current.get('admin', path + query);
        tried.requests += 1;
        expect(response.status, `${path}${query} → ${response.status}`).to.be.within(200, 499);
        if (response.status >= 400) tried.refused += 1;
        else tried.accepted += 1;
        expectPrototypesClean();
      }),
      { seed: FUZZ_SEED, numRuns: RUNS_PER_ROUTE * 3, endOnFailure: true },
    );
    expect(await stateSnapshot(api.current)).to.deep.equal(baseline.state);
  });
});
