// Proves, through the real HTTP app on a real database, that recipients are registered once per IIN with
// their names kept exactly, listed page by page with filters, shown with IINs masked to all but staff and
// admins, erased without losing the duplicate check, and that every refused request leaves the table as it was.
import { expect } from 'chai';
import type { Express } from 'express';
import { pino } from 'pino';
import request from 'supertest';
import { createApp } from '../../src/app.js';
import { taxIdCheckDigit } from '../../src/people/tax-id.js';
import {
  MAX_CATEGORY_LENGTH,
  MAX_ERASURE_REASON_LENGTH,
  MAX_FULL_NAME_LENGTH,
  MAX_NAME_SEARCH_LENGTH,
  MAX_NOTES_LENGTH,
} from '../../src/recipients/recipient-types.js';
import { REGION_CODES } from '../../src/recipients/regions.js';
import { useTestDatabase } from '../support/test-database.js';

type Role = 'admin' | 'staff' | 'auditor' | 'patron';

const PASSWORD = 'correct horse battery staple';
const CREATED_AT = '2026-11-25T06:00:00.000Z';
const RECIPIENT_FIELDS = [
  'id',
  'iin',
  'fullName',
  'region',
  'category',
  'notes',
  'createdAt',
  'erasedAt',
  'erasureReason',
];
/** Every Kazakh letter beyond the Russian alphabet, lower and upper case. */
const KAZAKH_LETTERS = 'әғқңөұүһі ӘҒҚҢӨҰҮҺІ';

let iinCounter = 0;
/** A fresh valid IIN for each call (skipping the 11-digit stems that have no check digit). */
function nextIin(): string {
  for (;;) {
    iinCounter += 1;
    const first11 = `8501015${String(iinCounter).padStart(4, '0')}`;
    const check = taxIdCheckDigit(first11);
    if (check !== null) return `${first11}${check}`;
  }
}

/** The same IIN with its check digit changed: 12 digits that fail only the check. */
function withWrongCheckDigit(iin: string): string {
  return `${iin.slice(0, 11)}${(Number(iin[11]) + 1) % 10}`;
}

describe('recipients API', () => {
  const testDatabase = useTestDatabase();
  const tokens: Partial<Record<Role, string>> = {};
  let app: Express;

  before(async () => {
    const { services } = testDatabase.current;
    app = createApp(services, pino({ level: 'silent' }));
    for (const role of ['admin', 'staff', 'auditor'] as const) {
      const email = `${role}@jomart.test`;
      await services.users.create({ email, password: PASSWORD, role }, null);
      const login = await request(app).post('/v1/auth/login').send({ email, password: PASSWORD }).expect(200);
      tokens[role] = login.body.token;
    }
    const patron = await services.users.register({
      email: 'patron@jomart.test',
      password: PASSWORD,
      name: 'Патрон Донорұлы',
    });
    tokens.patron = patron.token;
  });

  function bearer(role: Role): { Authorization: string } {
    const token = tokens[role];
    if (!token) throw new Error(`no ${role} login`);
    return { Authorization: `Bearer ${token}` };
  }

  function newRecipient(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    return { iin: nextIin(), fullName: 'Айгүл Серікқызы', region: 'KZ-75', ...overrides };
  }

  function post(path: string, body: unknown, role: Role | null = 'staff') {
    const call = request(app).post(path);
    if (role) call.set(bearer(role));
    return call.send(body as object);
  }

  function get(path: string, role: Role | null = 'staff') {
    const call = request(app).get(path);
    if (role) call.set(bearer(role));
    return call;
  }

  /** Registers a recipient as staff, expecting 201, and answers the response body. */
  async function registered(overrides: Record<string, unknown> = {}) {
    const response = await post('/v1/recipients', newRecipient(overrides)).expect(201);
    return response.body as Record<string, unknown> & { id: number; iin: string };
  }

  async function recipientRows(): Promise<Record<string, unknown>[]> {
    return testDatabase.current.database.knex('recipients').orderBy('id').select();
  }

  async function rowOf(id: number): Promise<Record<string, unknown>> {
    return testDatabase.current.database.knex('recipients').where({ id }).first();
  }

  /** Runs a refused request and asserts the recipients table (every row, every column) is unchanged. */
  async function expectNothingChanged<T>(action: () => Promise<T>): Promise<T> {
    const before = await recipientRows();
    const result = await action();
    expect(await recipientRows()).to.deep.equal(before);
    return result;
  }

  function expectProblem(response: request.Response, status: number, code: string): void {
    expect(response.status, JSON.stringify(response.body)).to.equal(status);
    expect(response.headers['content-type']).to.match(/^application\/problem\+json/);
    expect(response.body).to.include({ status, code });
  }

  /** A 400 VALIDATION_FAILED naming the field, either from the schema (errors[]) or from a rule (field). */
  function expectValidationFailedOn(response: request.Response, field: string): void {
    expectProblem(response, 400, 'VALIDATION_FAILED');
    const errors = (response.body.errors ?? []) as { field: string }[];
    const fields = [response.body.field, ...errors.map((error) => error.field)].filter(Boolean).join(' ');
    expect(fields, JSON.stringify(response.body)).to.contain(field);
  }

  /** Follows nextCursor to the end, asserting each page's size; answers every item in order. */
  async function walkPages(query: string, limit: number, role: Role = 'staff') {
    const items: { id: number; region: string; fullName: string | null; iin: string | null }[] = [];
    let cursor: string | null = null;
    for (let pageCount = 0; pageCount < 1_000; pageCount += 1) {
      const cursorPart: string = cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`;
      const response = await get(`/v1/recipients?limit=${limit}${query}${cursorPart}`, role).expect(200);
      expect(response.body.items.length).to.be.at.most(limit);
      items.push(...response.body.items);
      cursor = response.body.nextCursor;
      if (cursor === null) return items;
      expect(response.body.items).to.have.length(limit);
    }
    throw new Error('the pages never ended');
  }

  describe('POST /v1/recipients', () => {
    it('POST /v1/recipients — staff registers a valid recipient — 201 with the recipient, one row stored', async () => {
      const body = newRecipient({ category: 'large-family', notes: 'three children' });
      const rowsBefore = (await recipientRows()).length;
      const response = await post('/v1/recipients', body).expect(201);
      expect(response.body).to.have.all.keys(RECIPIENT_FIELDS);
      expect(response.body).to.include({
        iin: body.iin,
        fullName: body.fullName,
        region: 'KZ-75',
        category: 'large-family',
        notes: 'three children',
        createdAt: CREATED_AT,
        erasedAt: null,
        erasureReason: null,
      });
      expect(response.body.id).to.be.a('number');
      expect(await recipientRows()).to.have.length(rowsBefore + 1);
      const row = await rowOf(response.body.id);
      expect(row).to.include({ iin: body.iin, full_name: body.fullName, region: 'KZ-75' });
      expect(row.iin_hash).to.match(/^[0-9a-f]{64}$/);
    });

    it('POST /v1/recipients — admin registers without category or notes — 201 with both null', async () => {
      const response = await post('/v1/recipients', newRecipient({ region: 'KZ-71' }), 'admin').expect(201);
      expect(response.body).to.include({ region: 'KZ-71', category: null, notes: null });
    });

    it('POST /v1/recipients — Kazakh letters in name, category and notes — byte-exact in the answer, on GET and in the row', async () => {
      const fullName = 'Әйгерім Ғазизқызы Қоңырбаева-Өтеғұлова Үмбетһәлі';
      const notes = `${KAZAKH_LETTERS}\nЖеті баласы бар, Шымкент`;
      const category = 'көпбалалы';
      const created = await registered({ fullName, notes, category, region: 'KZ-79' });
      const shown = (await get(`/v1/recipients/${created.id}`).expect(200)).body;
      const row = await rowOf(created.id);
      for (const [what, name, text, kind] of [
        ['answer', created.fullName, created.notes, created.category],
        ['GET', shown.fullName, shown.notes, shown.category],
        ['row', row.full_name, row.notes, row.category],
      ]) {
        expect(Buffer.from(String(name), 'utf8'), what).to.deep.equal(Buffer.from(fullName, 'utf8'));
        expect(Buffer.from(String(text), 'utf8'), what).to.deep.equal(Buffer.from(notes, 'utf8'));
        expect(Buffer.from(String(kind), 'utf8'), what).to.deep.equal(Buffer.from(category, 'utf8'));
      }
    });

    it('POST /v1/recipients — a name in decomposed form (NFD) with spaces around — stored trimmed and in NFC', async () => {
      const composed = 'Пётр Йошкин';
      const decomposed = composed.normalize('NFD');
      expect(decomposed).not.to.equal(composed);
      const created = await registered({ fullName: `  ${decomposed} \n` });
      expect(created.fullName).to.equal(composed);
      expect((await rowOf(created.id)).full_name).to.equal(composed);
    });

    it('POST /v1/recipients — an IIN already registered — 409 DUPLICATE_RECIPIENT with existingId, no second row', async () => {
      const first = await registered();
      const response = await expectNothingChanged(() =>
        post(
          '/v1/recipients',
          newRecipient({ iin: first.iin, fullName: 'Другое Имя', region: 'KZ-11' }),
          'admin',
        ),
      );
      expectProblem(response, 409, 'DUPLICATE_RECIPIENT');
      expect(response.body.existingId).to.equal(first.id);
    });

    it('POST /v1/recipients — the same new IIN twice at once — one 201, one 409 naming the winner, one row', async () => {
      const body = newRecipient();
      const rowsBefore = (await recipientRows()).length;
      const responses = await Promise.all([
        post('/v1/recipients', body),
        post('/v1/recipients', body, 'admin'),
      ]);
      const statuses = responses.map((response) => response.status).sort();
      expect(statuses, JSON.stringify(responses.map((response) => response.body))).to.deep.equal([201, 409]);
      const winner = responses.find((response) => response.status === 201);
      const loser = responses.find((response) => response.status === 409);
      expect(loser?.body).to.include({ code: 'DUPLICATE_RECIPIENT', existingId: winner?.body.id });
      expect(await recipientRows()).to.have.length(rowsBefore + 1);
    });

    it('POST /v1/recipients — notes over several lines with a tab — kept as sent', async () => {
      const notes = 'first line\nsecond line\r\n\tindented';
      expect((await registered({ notes })).notes).to.equal(notes);
    });

    const badIins: ReadonlyArray<[string, unknown]> = [
      ['a wrong check digit', withWrongCheckDigit('900101300007')],
      ['remainder 10 under both weights', '900101300800'],
      ['11 digits', '90010130000'],
      ['13 digits', '9001013000070'],
      ['a letter', '90010130000X'],
      ['Arabic-Indic digits', '٩٠٠١٠١٣٠٠٠٠٧'],
      ['spaces around', ' 900101300007 '],
      ['a JSON number', 900101300007],
      ['null', null],
    ];
    for (const [what, iin] of badIins) {
      it(`POST /v1/recipients — an IIN with ${what} — 400 VALIDATION_FAILED on iin, nothing written`, async () => {
        const response = await expectNothingChanged(() => post('/v1/recipients', newRecipient({ iin })));
        expectValidationFailedOn(response, 'iin');
      });
    }

    for (const region of ['KZ-76', 'kz-75', 'KZ75', '', 'Almaty', 75, ['KZ-75']]) {
      it(`POST /v1/recipients — region ${JSON.stringify(region)} — 400 VALIDATION_FAILED on region, nothing written`, async () => {
        const response = await expectNothingChanged(() => post('/v1/recipients', newRecipient({ region })));
        expectValidationFailedOn(response, 'region');
      });
    }

    for (const field of ['iin', 'fullName', 'region']) {
      it(`POST /v1/recipients — ${field} missing — 400 VALIDATION_FAILED on ${field}, nothing written`, async () => {
        const body = newRecipient();
        delete body[field];
        const response = await expectNothingChanged(() => post('/v1/recipients', body));
        expectValidationFailedOn(response, field);
      });
    }

    it('POST /v1/recipients — an empty body — 400 VALIDATION_FAILED, nothing written', async () => {
      const response = await expectNothingChanged(() => post('/v1/recipients', {}));
      expectProblem(response, 400, 'VALIDATION_FAILED');
    });

    for (const extra of ['iinHash', 'id', 'erasedAt', 'createdBy']) {
      it(`POST /v1/recipients — an extra field ${extra} — 400 VALIDATION_FAILED naming it, nothing written`, async () => {
        const response = await expectNothingChanged(() =>
          post('/v1/recipients', newRecipient({ [extra]: 'x' })),
        );
        expectValidationFailedOn(response, extra);
      });
    }

    const wrongTypes: ReadonlyArray<[string, unknown]> = [
      ['fullName', 42],
      ['fullName', ['Айгүл']],
      ['category', { name: 'x' }],
      ['category', null],
      ['notes', true],
    ];
    for (const [field, value] of wrongTypes) {
      it(`POST /v1/recipients — ${field} as ${JSON.stringify(value)} — 400 VALIDATION_FAILED on ${field}, nothing written`, async () => {
        const response = await expectNothingChanged(() =>
          post('/v1/recipients', newRecipient({ [field]: value })),
        );
        expectValidationFailedOn(response, field);
      });
    }

    it('POST /v1/recipients — a JSON array as the body — 400 VALIDATION_FAILED, nothing written', async () => {
      const response = await expectNothingChanged(() => post('/v1/recipients', [newRecipient()]));
      expectProblem(response, 400, 'VALIDATION_FAILED');
    });

    const badTexts: ReadonlyArray<[string, string, string]> = [
      ['fullName', 'blank', '   '],
      ['fullName', 'one character too long', 'я'.repeat(MAX_FULL_NAME_LENGTH + 1)],
      ['fullName', 'a NUL character', 'Айгүл\u0000Серікқызы'],
      ['fullName', 'a line break inside', 'Айгүл\nСерікқызы'],
      ['fullName', 'an unpaired surrogate', 'Айгүл \ud800'],
      ['category', 'empty', ''],
      ['category', 'one character too long', 'к'.repeat(MAX_CATEGORY_LENGTH + 1)],
      ['notes', 'one character too long', 'ә'.repeat(MAX_NOTES_LENGTH + 1)],
      ['notes', 'a NUL character', 'note\u0000'],
    ];
    for (const [field, what, value] of badTexts) {
      it(`POST /v1/recipients — ${field} ${what} — 400 VALIDATION_FAILED on ${field}, nothing written`, async () => {
        const response = await expectNothingChanged(() =>
          post('/v1/recipients', newRecipient({ [field]: value })),
        );
        expectValidationFailedOn(response, field);
      });
    }

    it('POST /v1/recipients — the longest name, category and notes allowed — 201, kept whole', async () => {
      const created = await registered({
        fullName: 'Ө'.repeat(MAX_FULL_NAME_LENGTH),
        category: 'Қ'.repeat(MAX_CATEGORY_LENGTH),
        notes: 'ү'.repeat(MAX_NOTES_LENGTH),
      });
      const row = await rowOf(created.id);
      expect(String(row.full_name)).to.have.length(MAX_FULL_NAME_LENGTH);
      expect(String(row.category)).to.have.length(MAX_CATEGORY_LENGTH);
      expect(String(row.notes)).to.have.length(MAX_NOTES_LENGTH);
    });

    it('POST /v1/recipients — no token — 401 UNAUTHENTICATED, nothing written', async () => {
      const response = await expectNothingChanged(() => post('/v1/recipients', newRecipient(), null));
      expectProblem(response, 401, 'UNAUTHENTICATED');
    });

    for (const role of ['auditor', 'patron'] as const) {
      it(`POST /v1/recipients — as ${role} — 403 FORBIDDEN, nothing written`, async () => {
        const response = await expectNothingChanged(() => post('/v1/recipients', newRecipient(), role));
        expectProblem(response, 403, 'FORBIDDEN');
      });
    }
  });

  describe('GET /v1/recipients/:id', () => {
    it('GET /v1/recipients/:id — as staff and admin — the full IIN', async () => {
      const created = await registered();
      for (const role of ['staff', 'admin'] as const) {
        const response = await get(`/v1/recipients/${created.id}`, role).expect(200);
        expect(response.body, role).to.deep.equal(created);
      }
    });

    it('GET /v1/recipients/:id — as auditor — the IIN masked to its last four digits, the rest as staff see it', async () => {
      const created = await registered();
      const response = await get(`/v1/recipients/${created.id}`, 'auditor').expect(200);
      expect(response.body.iin).to.equal(`********${created.iin.slice(-4)}`);
      expect({ ...response.body, iin: created.iin }).to.deep.equal(created);
    });

    it('GET /v1/recipients/:id — an unknown id — 404 NOT_FOUND', async () => {
      expectProblem(await get('/v1/recipients/987654321'), 404, 'NOT_FOUND');
    });

    for (const id of ['abc', '0', '-1', '1.5']) {
      it(`GET /v1/recipients/:id — id ${id} — 400 VALIDATION_FAILED`, async () => {
        expectProblem(await get(`/v1/recipients/${id}`), 400, 'VALIDATION_FAILED');
      });
    }

    it('GET /v1/recipients/:id — as patron — 403 FORBIDDEN; without a token — 401', async () => {
      const created = await registered();
      expectProblem(await get(`/v1/recipients/${created.id}`, 'patron'), 403, 'FORBIDDEN');
      expectProblem(await get(`/v1/recipients/${created.id}`, null), 401, 'UNAUTHENTICATED');
    });
  });

  describe('GET /v1/recipients', () => {
    it('GET /v1/recipients — limit 3 over 7 recipients of one region — pages of 3, 3, 1, newest first, each once', async () => {
      const ids: number[] = [];
      for (let index = 0; index < 7; index += 1) ids.push((await registered({ region: 'KZ-62' })).id);
      const items = await walkPages('&region=KZ-62', 3);
      expect(items.map((item) => item.id)).to.deep.equal([...ids].reverse());
    });

    it('GET /v1/recipients — every page without filters — each stored recipient exactly once, ids descending', async () => {
      await registered();
      const items = await walkPages('', 4);
      const ids = items.map((item) => item.id);
      const storedIds = (await recipientRows()).map((row) => Number(row.id));
      expect(new Set(ids).size).to.equal(ids.length);
      expect(ids).to.deep.equal([...storedIds].sort((a, b) => b - a));
    });

    it('GET /v1/recipients — as auditor — every IIN masked; as staff — in full', async () => {
      const created = await registered({ region: 'KZ-39' });
      const auditorItems = await walkPages('&region=KZ-39', 50, 'auditor');
      expect(auditorItems.find((item) => item.id === created.id)?.iin).to.equal(
        `********${created.iin.slice(-4)}`,
      );
      for (const item of auditorItems) expect(item.iin).to.match(/^\*{8}[0-9]{4}$/);
      const staffItems = await walkPages('&region=KZ-39', 50, 'staff');
      expect(staffItems.find((item) => item.id === created.id)?.iin).to.equal(created.iin);
    });

    it('GET /v1/recipients — region filter — only that region, all of it', async () => {
      await registered({ region: 'KZ-10' });
      await registered({ region: 'KZ-10' });
      await registered({ region: 'KZ-15' });
      const items = await walkPages('&region=KZ-10', 50);
      const stored = (await recipientRows()).filter((row) => row.region === 'KZ-10');
      expect(items.map((item) => item.id).sort()).to.deep.equal(stored.map((row) => Number(row.id)).sort());
      expect(items.every((item) => item.region === 'KZ-10')).to.equal(true);
    });

    it('GET /v1/recipients — q in another case (Latin) — finds the name by a piece of it', async () => {
      const created = await registered({ fullName: 'Aliya ZHANSERIKOVA', region: 'KZ-43' });
      for (const q of ['zhanserik', 'ZhAnSeRiKoVa', 'aliya zh', 'ALIYA']) {
        const items = await walkPages(`&q=${encodeURIComponent(q)}`, 50);
        expect(
          items.map((item) => item.id),
          q,
        ).to.deep.equal([created.id]);
      }
    });

    it('GET /v1/recipients — q with Kazakh letters as written — finds the name', async () => {
      const created = await registered({ fullName: 'Нұрсұлтан Үмбетқалиұлы', region: 'KZ-43' });
      const items = await walkPages(`&q=${encodeURIComponent('Үмбетқали')}`, 50);
      expect(items.map((item) => item.id)).to.deep.equal([created.id]);
    });

    it('GET /v1/recipients — q in lower-case Cyrillic for an upper-case name — found on every database', async () => {
      const created = await registered({ fullName: 'ӘЛИХАН ҚОҢЫРОВ', region: 'KZ-43' });
      const items = await walkPages(`&q=${encodeURIComponent('әлихан қоңыр')}`, 50);
      expect(items.map((item) => item.id)).to.deep.equal([created.id]);
    });

    it('GET /v1/recipients — q holding % _ ! — matched literally, not as wildcards', async () => {
      const percent = await registered({ fullName: 'Wildcard 100% Percentova', region: 'KZ-47' });
      const underscore = await registered({ fullName: 'Wildcard Under_Scorova', region: 'KZ-47' });
      const bang = await registered({ fullName: 'Wildcard Bang!Ova', region: 'KZ-47' });
      await registered({ fullName: 'Wildcard Plainova', region: 'KZ-47' });
      for (const [q, id] of [
        ['%', percent.id],
        ['_', underscore.id],
        ['!', bang.id],
        ['0% p', percent.id],
        ['r_s', underscore.id],
      ] as const) {
        const items = await walkPages(`&region=KZ-47&q=${encodeURIComponent(q)}`, 50);
        expect(
          items.map((item) => item.id),
          q,
        ).to.deep.equal([id]);
      }
      expect(await walkPages('&region=KZ-47&q=wildcard', 50)).to.have.length(4);
    });

    it('GET /v1/recipients — iin filter — exactly that recipient; a valid IIN nobody has — an empty page', async () => {
      const created = await registered();
      const found = await get(`/v1/recipients?iin=${created.iin}`).expect(200);
      expect(found.body).to.deep.equal({ items: [created], nextCursor: null });
      const none = await get(`/v1/recipients?iin=${nextIin()}`).expect(200);
      expect(none.body).to.deep.equal({ items: [], nextCursor: null });
    });

    it('GET /v1/recipients — region, q and iin together — only what matches all three', async () => {
      const created = await registered({ fullName: 'Combined Filterova', region: 'KZ-55' });
      const both = await get(`/v1/recipients?region=KZ-55&q=filterova&iin=${created.iin}`).expect(200);
      expect(both.body.items.map((item: { id: number }) => item.id)).to.deep.equal([created.id]);
      const otherRegion = await get(`/v1/recipients?region=KZ-59&q=filterova&iin=${created.iin}`).expect(200);
      expect(otherRegion.body.items).to.deep.equal([]);
    });

    const badQueries: ReadonlyArray<[string, string, string]> = [
      ['an unknown region', 'region=KZ-00', 'region'],
      ['an IIN with a wrong check digit', `iin=${withWrongCheckDigit('900101300007')}`, 'iin'],
      ['an IIN of 11 digits', 'iin=90010130000', 'iin'],
      ['a blank q', 'q=%20%20', 'q'],
      ['a q one character too long', `q=${'a'.repeat(MAX_NAME_SEARCH_LENGTH + 1)}`, 'q'],
      ['limit 0', 'limit=0', 'limit'],
      ['limit 201', 'limit=201', 'limit'],
      ['limit abc', 'limit=abc', 'limit'],
      ['a cursor this server never gave', 'cursor=bm90LWEtY3Vyc29y', 'cursor'],
      ['an unknown parameter', 'name=Aliya', 'name'],
      ['region given twice', 'region=KZ-75&region=KZ-71', 'region'],
    ];
    for (const [what, query, field] of badQueries) {
      it(`GET /v1/recipients — ${what} — 400 VALIDATION_FAILED on ${field}, nothing changed`, async () => {
        const response = await expectNothingChanged(() => get(`/v1/recipients?${query}`));
        expectValidationFailedOn(response, field);
      });
    }

    it('GET /v1/recipients — as patron — 403 FORBIDDEN; without a token — 401', async () => {
      expectProblem(await get('/v1/recipients', 'patron'), 403, 'FORBIDDEN');
      expectProblem(await get('/v1/recipients', null), 401, 'UNAUTHENTICATED');
    });
  });

  describe('POST /v1/recipients/:id/erase', () => {
    it('POST /v1/recipients/:id/erase — admin erases — 200 without IIN, name or notes; the row keeps only the IIN hash', async () => {
      const created = await registered({ notes: 'лично', category: 'elderly' });
      const rowBefore = await rowOf(created.id);
      const rowsBefore = (await recipientRows()).length;
      const response = await post(
        `/v1/recipients/${created.id}/erase`,
        { reason: 'Өтініш бойынша / on request' },
        'admin',
      ).expect(200);
      expect(response.body).to.deep.equal({
        ...created,
        iin: null,
        fullName: null,
        notes: null,
        erasedAt: CREATED_AT,
        erasureReason: 'Өтініш бойынша / on request',
      });
      expect(await rowOf(created.id)).to.deep.equal({
        ...rowBefore,
        iin: null,
        full_name: null,
        full_name_folded: null,
        notes: null,
        erased_at: CREATED_AT,
        erasure_reason: 'Өтініш бойынша / on request',
      });
      expect(await recipientRows()).to.have.length(rowsBefore);
    });

    it('POST /v1/recipients/:id/erase — afterwards — GET and lists show the erased view; name search misses it, IIN search finds it', async () => {
      const created = await registered({ fullName: 'Erasable Personova', region: 'KZ-61' });
      await post(`/v1/recipients/${created.id}/erase`, { reason: 'asked' }, 'admin').expect(200);
      for (const role of ['staff', 'auditor', 'admin'] as const) {
        const shown = await get(`/v1/recipients/${created.id}`, role).expect(200);
        expect(shown.body, role).to.include({
          iin: null,
          fullName: null,
          notes: null,
          erasureReason: 'asked',
        });
      }
      const listed = (await walkPages('&region=KZ-61', 50, 'auditor')).find((item) => item.id === created.id);
      expect(listed).to.include({ iin: null, fullName: null });
      expect(await walkPages('&q=personova', 50)).to.deep.equal([]);
      const byIin = await get(`/v1/recipients?iin=${created.iin}`).expect(200);
      expect(byIin.body.items.map((item: { id: number }) => item.id)).to.deep.equal([created.id]);
    });

    it('POST /v1/recipients/:id/erase — the same IIN registered again afterwards — 409 DUPLICATE_RECIPIENT naming the erased one, no row', async () => {
      const created = await registered();
      await post(`/v1/recipients/${created.id}/erase`, { reason: 'asked' }, 'admin').expect(200);
      const response = await expectNothingChanged(() =>
        post('/v1/recipients', newRecipient({ iin: created.iin, fullName: 'Жаңа Адам' })),
      );
      expectProblem(response, 409, 'DUPLICATE_RECIPIENT');
      expect(response.body.existingId).to.equal(created.id);
    });

    it('POST /v1/recipients/:id/erase — an erased recipient still exists for aid — exists() is true', async () => {
      const created = await registered();
      await post(`/v1/recipients/${created.id}/erase`, { reason: 'asked' }, 'admin').expect(200);
      const { recipients } = testDatabase.current.services;
      expect(await recipients.exists(created.id)).to.equal(true);
      expect(await recipients.exists(987654321)).to.equal(false);
    });

    it('POST /v1/recipients/:id/erase — erased twice — 409 ALREADY_ERASED, nothing changed', async () => {
      const created = await registered();
      await post(`/v1/recipients/${created.id}/erase`, { reason: 'first' }, 'admin').expect(200);
      const response = await expectNothingChanged(() =>
        post(`/v1/recipients/${created.id}/erase`, { reason: 'second' }, 'admin'),
      );
      expectProblem(response, 409, 'ALREADY_ERASED');
      expect(response.body.erasedAt).to.equal(CREATED_AT);
      expect((await rowOf(created.id)).erasure_reason).to.equal('first');
    });

    it('POST /v1/recipients/:id/erase — an unknown id — 404 NOT_FOUND, nothing changed', async () => {
      const response = await expectNothingChanged(() =>
        post('/v1/recipients/987654321/erase', { reason: 'asked' }, 'admin'),
      );
      expectProblem(response, 404, 'NOT_FOUND');
    });

    const badBodies: ReadonlyArray<[string, unknown]> = [
      ['no reason', {}],
      ['a blank reason', { reason: '   ' }],
      ['a reason one character too long', { reason: 'ә'.repeat(MAX_ERASURE_REASON_LENGTH + 1) }],
      ['a reason with NUL', { reason: 'asked\u0000' }],
      ['a reason as a number', { reason: 42 }],
      ['an extra field', { reason: 'asked', keepName: true }],
    ];
    for (const [what, body] of badBodies) {
      it(`POST /v1/recipients/:id/erase — ${what} — 400 VALIDATION_FAILED, nothing changed`, async () => {
        const created = await registered();
        const response = await expectNothingChanged(() =>
          post(`/v1/recipients/${created.id}/erase`, body, 'admin'),
        );
        expectProblem(response, 400, 'VALIDATION_FAILED');
      });
    }

    for (const role of ['staff', 'auditor', 'patron'] as const) {
      it(`POST /v1/recipients/:id/erase — as ${role} — 403 FORBIDDEN, nothing changed`, async () => {
        const created = await registered();
        const response = await expectNothingChanged(() =>
          post(`/v1/recipients/${created.id}/erase`, { reason: 'asked' }, role),
        );
        expectProblem(response, 403, 'FORBIDDEN');
      });
    }

    it('POST /v1/recipients/:id/erase — no token — 401 UNAUTHENTICATED, nothing changed', async () => {
      const created = await registered();
      const response = await expectNothingChanged(() =>
        post(`/v1/recipients/${created.id}/erase`, { reason: 'asked' }, null),
      );
      expectProblem(response, 401, 'UNAUTHENTICATED');
    });
  });

  it('GET /v1/openapi.json — the recipient routes — documented, with the 20 region codes', async () => {
    const document = (await request(app).get('/v1/openapi.json').expect(200)).body;
    expect(document.paths['/v1/recipients']).to.have.all.keys('get', 'post');
    expect(document.paths['/v1/recipients/{id}']).to.have.all.keys('get');
    expect(document.paths['/v1/recipients/{id}/erase']).to.have.all.keys('post');
    const bodySchema = document.paths['/v1/recipients'].post.requestBody.content['application/json'].schema;
    expect(bodySchema.properties.region.enum).to.deep.equal(REGION_CODES);
    expect(bodySchema.additionalProperties).to.equal(false);
  });
});
