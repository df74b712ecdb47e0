// Proves that logins are rate-limited per client address as well as per account: guesses spread over
// many accounts (known or not) from one address are refused with 429 and Retry-After once the
// address has failed MAX_FAILED_LOGINS_PER_ADDRESS times in the window — even the right password —
// while another address logs in; the attempt is counted before the password is checked, so guesses
// sent all at once cannot slip past the limit; successes and malformed requests do not use it up;
// and the window's end lets the address in again. Requests come from real, distinct loopback
// addresses (127.0.0.x) to a listening server, since the address is the socket's.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { LOGIN_ADDRESS_WINDOW_SECONDS, MAX_FAILED_LOGINS_PER_ADDRESS } from '../../src/users/user-service.js';
import { TEST_PASSWORD, useApi } from '../support/api-harness.js';

interface Answer {
  status: number;
  body: { code?: string; token?: string };
  retryAfter: string | undefined;
}

describe('login throttle per client address', () => {
  const api = useApi();
  let server: http.Server | undefined;
  let port: number;

  before(async () => {
    const listening = http.createServer(api.current.app);
    await new Promise<void>((resolve) => listening.listen(0, '127.0.0.1', resolve));
    port = (listening.address() as AddressInfo).port;
    server = listening;
  });
  after(async () => {
    const listening = server;
    if (listening === undefined) return;
    await new Promise<void>((resolve) => listening.close(() => resolve()));
  });

  /** POSTs a login from the given loopback address (all of 127.0.0.0/8 reaches this host). */
  const login = (from: string, body: string): Promise<Answer> =>
    new Promise((resolve, reject) => {
      const request = http.request(
        {
          host: '127.0.0.1',
          port,
          localAddress: from,
          method: 'POST',
          path: '/v1/auth/login',
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
          agent: false,
        },
        (response) => {
          let text = '';
          response.setEncoding('utf8').on('data', (chunk: string) => {
            text += chunk;
          });
          response.on('end', () =>
            resolve({
              status: response.statusCode ?? 0,
              body: JSON.parse(text),
              retryAfter: response.headers['retry-after'],
            }),
          );
        },
      );
      request.on('error', reject);
      request.end(body);
    });
  const credentials = (email: string, password = TEST_PASSWORD) => JSON.stringify({ email, password });
  /** Lets the releases that follow answered logins reach the database. */
  const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

  it(`${MAX_FAILED_LOGINS_PER_ADDRESS} wrong passwords over as many accounts from one address — then 429 even for the right password; another address logs in`, async () => {
    for (let index = 0; index < MAX_FAILED_LOGINS_PER_ADDRESS; index += 1) {
      // Known and unknown accounts alike, each tried once (so no account's own throttle steps in):
      // spraying guesses over many emails is what this limit stops.
      const email = ['auditor@test.kz', 'staff2@test.kz'][index] ?? `nobody-${index}@test.kz`;
      const answer = await login('127.0.0.2', credentials(email, `wrong-password-${index}`));
      expect(answer.status, `guess ${index + 1}`).to.equal(401);
    }
    const refused = await login('127.0.0.2', credentials('staff@test.kz'));
    expect(refused.status).to.equal(429);
    expect(refused.body.code).to.equal('TOO_MANY_ATTEMPTS');
    expect(Number(refused.retryAfter)).to.be.within(1, LOGIN_ADDRESS_WINDOW_SECONDS);
    const elsewhere = await login('127.0.0.3', credentials('staff@test.kz'));
    expect(elsewhere.status).to.equal(200);
    expect(elsewhere.body.token).to.be.a('string');
  });

  it('the window ends — the same address — logs in again', async () => {
    api.current.testDatabase.clock.advance(LOGIN_ADDRESS_WINDOW_SECONDS + 1);
    const answer = await login('127.0.0.2', credentials('staff@test.kz'));
    expect(answer.status, JSON.stringify(answer.body)).to.equal(200);
  });

  it(`${2 * MAX_FAILED_LOGINS_PER_ADDRESS} wrong guesses at once from one address — exactly ${MAX_FAILED_LOGINS_PER_ADDRESS} checked (401), the rest 429 unchecked`, async () => {
    const answers = await Promise.all(
      Array.from({ length: 2 * MAX_FAILED_LOGINS_PER_ADDRESS }, (_, index) =>
        login('127.0.0.4', credentials(`spray-${index}@test.kz`, 'wrong-password')),
      ),
    );
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 401)).to.have.length(MAX_FAILED_LOGINS_PER_ADDRESS);
    expect(statuses.filter((status) => status === 429)).to.have.length(MAX_FAILED_LOGINS_PER_ADDRESS);
  });

  it(`${MAX_FAILED_LOGINS_PER_ADDRESS + 10} successful logins and as many malformed ones from one address — none refused`, async () => {
    for (let index = 0; index < MAX_FAILED_LOGINS_PER_ADDRESS + 10; index += 1) {
      expect((await login('127.0.0.5', credentials('admin@test.kz'))).status, `login ${index + 1}`).to.equal(
        200,
      );
      expect((await login('127.0.0.5', '{"email":')).status, `malformed ${index + 1}`).to.equal(400);
      expect((await login('127.0.0.5', JSON.stringify({ email: 'x@test.kz' }))).status).to.equal(400);
      await settle();
    }
    expect((await login('127.0.0.5', credentials('admin@test.kz'))).status).to.equal(200);
  });

  it('the count — kept per address in login_attempts_by_address — never negative, one row per address', async () => {
    await settle();
    const rows: Array<{ address: string; failed_count: number }> = await api.current.testDatabase.database
      .knex('login_attempts_by_address')
      .select('address', 'failed_count')
      .orderBy('address');
    const byAddress = Object.fromEntries(rows.map((row) => [row.address, Number(row.failed_count)]));
    expect(byAddress['127.0.0.4']).to.equal(MAX_FAILED_LOGINS_PER_ADDRESS);
    expect(byAddress['127.0.0.5']).to.equal(0);
    for (const count of Object.values(byAddress)) expect(count).to.be.at.least(0);
  });
});
