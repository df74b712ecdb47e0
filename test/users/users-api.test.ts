// Proves that only an admin creates and lists users over HTTP: staff, auditor and admin users can be
// made and then log in, patrons cannot be made this way, every refusal leaves the users table as it
// was, and the list pages through every user exactly once.
import { expect } from 'chai';
import request from 'supertest';
import { type Actor, TEST_PASSWORD, useApi } from '../support/api-harness.js';

describe('users api', () => {
  const api = useApi();

  async function countUsers(): Promise<number> {
    const row = await api.current.services.database.knex('users').count({ count: '*' }).first();
    return Number(row?.count ?? 0);
  }

  function expectProblem(response: request.Response, status: number, code: string): void {
    expect(response.status).to.equal(status);
    expect(response.type).to.equal('application/problem+json');
    expect(response.body).to.include({ status, code });
  }

  function login(email: string, password: string) {
    return request(api.current.app).post('/v1/auth/login').send({ email, password });
  }

  describe('POST /v1/users', () => {
    for (const role of ['staff', 'auditor', 'admin'] as const) {
      it(`POST /v1/users — admin creates a ${role} — 201 {id, email, role}, one row more`, async () => {
        const before = await countUsers();
        const email = `new-${role}@test.kz`;
        const response = await api.current
          .post('admin', '/v1/users', { email, password: TEST_PASSWORD, role, name: `Жаңа ${role}` })
          .expect(201);
        expect(response.body).to.include({ email, role });
        expect(response.body.id).to.be.a('number');
        expect(response.body).not.to.have.property('patronId');
        expect(JSON.stringify(response.body)).not.to.match(/scrypt\$|password/i);
        expect(await countUsers()).to.equal(before + 1);
        const row = await api.current.services.database.knex('users').where({ id: response.body.id }).first();
        expect(row).to.include({ email, role });
        expect(row.patron_id).to.equal(null);
        expect(Number(row.created_by)).to.equal(api.current.userIds.admin);
        expect(row.password_hash).to.match(/^scrypt\$/);
        expect(row.password_hash).not.to.contain(TEST_PASSWORD);
      });
    }

    it('POST /v1/users — the new user logs in — 200 with the role given, and acts in it', async () => {
      const created = await api.current
        .post('admin', '/v1/users', {
          email: 'Aigerim@Test.kz',
          password: 'аудит-құпия-сөз',
          role: 'auditor',
        })
        .expect(201);
      expect(created.body.email).to.equal('aigerim@test.kz');
      const session = await login('aigerim@test.kz', 'аудит-құпия-сөз').expect(200);
      expect(session.body.user).to.include({ id: created.body.id, role: 'auditor' });
      const self = await request(api.current.app)
        .get('/v1/me')
        .set('Authorization', `Bearer ${session.body.token}`)
        .expect(200);
      expect(self.body).to.include({ id: created.body.id, role: 'auditor' });
      const refused = await request(api.current.app)
        .post('/v1/users')
        .set('Authorization', `Bearer ${session.body.token}`)
        .send({ email: 'by-auditor@test.kz', password: TEST_PASSWORD, role: 'staff' });
      expectProblem(refused, 403, 'FORBIDDEN');
    });

    it('POST /v1/users — role patron — 400 VALIDATION_FAILED, no row made', async () => {
      const before = await countUsers();
      const response = await api.current.post('admin', '/v1/users', {
        email: 'patron-by-admin@test.kz',
        password: TEST_PASSWORD,
        role: 'patron',
      });
      expectProblem(response, 400, 'VALIDATION_FAILED');
      expect(await countUsers()).to.equal(before);
    });

    it('POST /v1/users — an email taken, in other case — 409 DUPLICATE, no row made, the old password still works', async () => {
      const before = await countUsers();
      const response = await api.current.post('admin', '/v1/users', {
        email: 'STAFF@test.kz',
        password: 'another password 123',
        role: 'admin',
      });
      expectProblem(response, 409, 'DUPLICATE');
      expect(await countUsers()).to.equal(before);
      const staff = await login('staff@test.kz', TEST_PASSWORD).expect(200);
      expect(staff.body.user.role).to.equal('staff');
      await login('staff@test.kz', 'another password 123').expect(401);
    });

    it('POST /v1/users — an email taken by a patron — 409 DUPLICATE, no row made', async () => {
      const before = await countUsers();
      const response = await api.current.post('admin', '/v1/users', {
        email: 'patron@test.kz',
        password: TEST_PASSWORD,
        role: 'staff',
      });
      expectProblem(response, 409, 'DUPLICATE');
      expect(await countUsers()).to.equal(before);
    });

    const badBodies: ReadonlyArray<[string, unknown]> = [
      ['a 9-character password', { email: 'short@test.kz', password: '123456789', role: 'staff' }],
      ['an unknown role', { email: 'root@test.kz', password: TEST_PASSWORD, role: 'superuser' }],
      ['the role in capitals', { email: 'caps@test.kz', password: TEST_PASSWORD, role: 'ADMIN' }],
      ['no role', { email: 'norole@test.kz', password: TEST_PASSWORD }],
      ['an invalid email', { email: 'not-an-email', password: TEST_PASSWORD, role: 'staff' }],
      ['no email', { password: TEST_PASSWORD, role: 'staff' }],
      ['the password as a number', { email: 'num@test.kz', password: 12345678901, role: 'staff' }],
      ['a patronId', { email: 'pid@test.kz', password: TEST_PASSWORD, role: 'staff', patronId: 1 }],
      ['a blank name', { email: 'blank@test.kz', password: TEST_PASSWORD, role: 'staff', name: ' ' }],
    ];
    for (const [scenario, body] of badBodies) {
      it(`POST /v1/users — ${scenario} — 400 VALIDATION_FAILED, no row made`, async () => {
        const before = await countUsers();
        const response = await api.current.post('admin', '/v1/users', body);
        expectProblem(response, 400, 'VALIDATION_FAILED');
        expect(await countUsers()).to.equal(before);
      });
    }

    for (const actor of ['staff', 'staff2', 'auditor', 'patron'] as const) {
      it(`POST /v1/users — a ${actor} token — 403 FORBIDDEN, no row made`, async () => {
        const before = await countUsers();
        const email = `by-${actor}@test.kz`;
        const response = await api.current.post(actor, '/v1/users', {
          email,
          password: TEST_PASSWORD,
          role: 'admin',
        });
        expectProblem(response, 403, 'FORBIDDEN');
        expect(await countUsers()).to.equal(before);
        await login(email, TEST_PASSWORD).expect(401);
      });
    }

    it('POST /v1/users — no token — 401 UNAUTHENTICATED, no row made', async () => {
      const before = await countUsers();
      const response = await api.current.post('anonymous', '/v1/users', {
        email: 'anonymous@test.kz',
        password: TEST_PASSWORD,
        role: 'admin',
      });
      expectProblem(response, 401, 'UNAUTHENTICATED');
      expect(await countUsers()).to.equal(before);
    });
  });

  describe('GET /v1/users', () => {
    it('GET /v1/users — walked with limit=2 — every user once, newest first, nextCursor null at the end', async () => {
      const expectedIds = (
        await api.current.services.database.knex('users').select('id').orderBy('id', 'desc')
      ).map((row: { id: number }) => Number(row.id));
      expect(expectedIds.length).to.be.greaterThan(4);
      const seen: number[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const query: string = cursor === null ? '?limit=2' : `?limit=2&cursor=${encodeURIComponent(cursor)}`;
        const response = await api.current.get('admin', `/v1/users${query}`).expect(200);
        expect(response.body.items.length).to.be.at.most(2);
        for (const user of response.body.items) {
          expect(user).to.have.all.keys(
            'id',
            'email',
            'role',
            'name',
            ...(user.patronId ? ['patronId'] : []),
          );
          seen.push(user.id);
        }
        cursor = response.body.nextCursor;
        if (cursor !== null) expect(cursor).to.be.a('string');
        pages += 1;
        expect(pages, 'the walk must end').to.be.at.most(expectedIds.length);
      } while (cursor !== null);
      expect(seen).to.deep.equal(expectedIds);
      expect(new Set(seen).size).to.equal(seen.length);
      expect(pages).to.equal(Math.ceil(expectedIds.length / 2));
    });

    it('GET /v1/users — the patron in the list — role patron with its patronId, no password hash', async () => {
      const response = await api.current.get('admin', '/v1/users?limit=200').expect(200);
      const patron = response.body.items.find(
        (user: { id: number }) => user.id === api.current.userIds.patron,
      );
      expect(patron).to.include({ role: 'patron', patronId: api.current.patronId });
      expect(JSON.stringify(response.body)).not.to.match(/scrypt\$|password/i);
      expect(response.body.nextCursor).to.equal(null);
    });

    const forgedCursors: ReadonlyArray<[string, string]> = [
      ['garbage', 'not-a-cursor!'],
      ['base64url of a non-JSON text', Buffer.from('before=3').toString('base64url')],
      ['an empty object', Buffer.from('{}').toString('base64url')],
      ['before as a string', Buffer.from('{"before":"3"}').toString('base64url')],
      ['before zero', Buffer.from('{"before":0}').toString('base64url')],
      ['before negative', Buffer.from('{"before":-5}').toString('base64url')],
      ['before a fraction', Buffer.from('{"before":2.5}').toString('base64url')],
      ['over 200 characters', 'a'.repeat(201)],
    ];
    for (const [scenario, cursor] of forgedCursors) {
      it(`GET /v1/users — a forged cursor (${scenario}) — 400 VALIDATION_FAILED`, async () => {
        const response = await api.current.get('admin', `/v1/users?cursor=${encodeURIComponent(cursor)}`);
        expectProblem(response, 400, 'VALIDATION_FAILED');
      });
    }

    for (const limit of ['0', '201', '-1', 'two', '1.5']) {
      it(`GET /v1/users — limit=${limit} — 400 VALIDATION_FAILED`, async () => {
        const response = await api.current.get('admin', `/v1/users?limit=${limit}`);
        expectProblem(response, 400, 'VALIDATION_FAILED');
      });
    }

    it('GET /v1/users — an unknown query parameter — 400 VALIDATION_FAILED', async () => {
      const response = await api.current.get('admin', '/v1/users?role=admin');
      expectProblem(response, 400, 'VALIDATION_FAILED');
    });

    for (const actor of ['staff', 'patron'] as const satisfies readonly Actor[]) {
      it(`GET /v1/users — a ${actor} token — 403 FORBIDDEN`, async () => {
        expectProblem(await api.current.get(actor, '/v1/users'), 403, 'FORBIDDEN');
      });
    }

    it('GET /v1/users — no token — 401 UNAUTHENTICATED', async () => {
      expectProblem(await api.current.get('anonymous', '/v1/users'), 401, 'UNAUTHENTICATED');
    });
  });
});
