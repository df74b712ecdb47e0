// Proves each request leaves one JSON log line with its request id, status and user — and never a
// password, a token or a full IIN, even when they are in the body, the headers or the URL.
import { Writable } from 'node:stream';
import { expect } from 'chai';
import { pino } from 'pino';
import request from 'supertest';
import { createApp } from '../../src/app.js';
import { TEST_PASSWORD } from '../support/api-harness.js';
import { useTestDatabase } from '../support/test-database.js';

describe('request log', () => {
  const testDatabase = useTestDatabase();
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  const app = () => createApp(testDatabase.current.services, pino({ level: 'info' }, sink));

  it('login and an IIN in a URL — one line per request — no password, token or full IIN', async () => {
    const user = await testDatabase.current.services.users.create(
      { email: 'logger@test.kz', password: TEST_PASSWORD, role: 'staff' },
      null,
    );
    const login = await request(app())
      .post('/v1/auth/login')
      .set('X-Request-Id', 'req-login-1')
      .send({ email: 'logger@test.kz', password: TEST_PASSWORD })
      .expect(200);
    const token: string = login.body.token;
    lines.length = 0;
    const response = await request(app())
      .get('/v1/recipients?iin=900101300017')
      .set('Authorization', `Bearer ${token}`)
      .set('X-Request-Id', 'req-search-1');
    expect(response.headers['x-request-id']).to.equal('req-search-1');
    expect(lines).to.have.length(1);
    const entry = JSON.parse(lines[0] as string);
    expect(entry.req).to.deep.include({ id: 'req-search-1', method: 'GET' });
    expect(entry.req.url).to.equal('/v1/recipients?iin=********0017');
    expect(entry.res.statusCode).to.equal(response.status);
    expect(entry.userId).to.equal(user.id);
    const everything = lines.join('\n');
    expect(everything).not.to.include('900101300017');
    expect(everything).not.to.include(token);
    expect(everything).not.to.include(TEST_PASSWORD);
  });

  it('request id — absent or unsafe — a fresh UUID is made and echoed', async () => {
    lines.length = 0;
    const response = await request(app())
      .get('/healthz')
      .set('X-Request-Id', 'bad id with spaces')
      .expect(200);
    expect(response.headers['x-request-id']).to.match(/^[0-9a-f-]{36}$/);
    expect(JSON.parse(lines[0] as string).req.id).to.equal(response.headers['x-request-id']);
  });
});
