// Proves that IINs never reach the logs: the app is built with a pino logger writing into memory, and
// requests carry IINs and BINs in their bodies (recipients, patrons, a bank statement, a login), in
// query strings, in duplicates and refusals — and no 12-digit run appears in any log line, while each
// request did leave its line (so the check cannot pass on an empty log).
import { Writable } from 'node:stream';
import { expect } from 'chai';
import { pino } from 'pino';
import request from 'supertest';
import { createApp } from '../../src/app.js';
import { TEST_PASSWORD, useApi } from '../support/api-harness.js';

const RECIPIENT_IIN = '900101310004';
const PATRON_IIN = '850505400018';
const STATEMENT_IIN = '900101310014';
/** Every 12-digit run: an IIN or BIN in full (request ids are set below, so none is a UUID). */
const FULL_TAX_ID = /(?<![0-9])[0-9]{12}(?![0-9])/g;

describe('logs never hold an IIN', () => {
  const api = useApi();
  const lines: string[] = [];
  let app: ReturnType<typeof createApp>;

  before(() => {
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    });
    // Trace: the most the logger could ever write.
    app = createApp(api.current.services, pino({ level: 'trace' }, sink));
  });

  /** The log without the fields pino adds of its own (time, pid, host name), which say nothing sent. */
  const logText = () =>
    lines
      .map((line) => {
        const { time: _time, pid: _pid, hostname: _hostname, ...rest } = JSON.parse(line);
        return JSON.stringify(rest);
      })
      .join('\n');

  const as = (actor: 'staff' | 'admin', test: request.Test, requestId: string) =>
    test.set('Authorization', `Bearer ${api.current.tokens[actor]}`).set('X-Request-Id', requestId);

  it('IINs in bodies, queries, duplicates, refusals and an upload — one line per request, no 12-digit run', async () => {
    lines.length = 0;
    const sent: Array<[string, () => request.Test]> = [
      [
        'recipient',
        () =>
          as('staff', request(app).post('/v1/recipients'), 'log-1').send({
            iin: RECIPIENT_IIN,
            fullName: 'Лог Тексеру',
            region: 'KZ-75',
          }),
      ],
      [
        'duplicate',
        () =>
          as('staff', request(app).post('/v1/recipients'), 'log-2').send({
            iin: RECIPIENT_IIN,
            fullName: 'Екінші',
            region: 'KZ-75',
          }),
      ],
      [
        'bad check digit',
        () =>
          as('staff', request(app).post('/v1/recipients'), 'log-3').send({
            iin: '900101310005',
            fullName: 'Қате',
            region: 'KZ-75',
          }),
      ],
      [
        'patron',
        () =>
          as('staff', request(app).post('/v1/patrons'), 'log-4').send({
            name: 'Лог',
            kind: 'individual',
            iin: PATRON_IIN,
          }),
      ],
      ['search by IIN', () => as('staff', request(app).get(`/v1/recipients?iin=${RECIPIENT_IIN}`), 'log-5')],
      [
        'unknown field holding an IIN',
        () => as('staff', request(app).get(`/v1/patrons?iin=${PATRON_IIN}`), 'log-6'),
      ],
      [
        'login with an IIN as email',
        () =>
          request(app)
            .post('/v1/auth/login')
            .set('X-Request-Id', 'log-7')
            .send({ email: `${PATRON_IIN}@test.kz`, password: TEST_PASSWORD }),
      ],
      [
        'bank statement',
        () =>
          as('staff', request(app).post('/v1/statements'), 'log-8')
            .set('Content-Type', 'text/csv')
            .send(
              `date;amount;reference;payer_name;payer_iin_bin;purpose\r\n25.11.2026;100,00;LOG-1;Лог Төлеуші;${STATEMENT_IIN};sadaqa\r\n`,
            ),
      ],
    ];
    for (const [name, send] of sent) {
      const response = await send();
      expect(response.status, `${name}: ${JSON.stringify(response.body)}`).to.be.below(500);
    }
    expect(lines.length, 'one line per request at least').to.be.at.least(sent.length);
    for (const id of sent.map((_, index) => `log-${index + 1}`)) {
      expect(
        lines.some((line) => line.includes(`"${id}"`)),
        `a line for ${id}`,
      ).to.equal(true);
    }
    const everything = lines.join('\n');
    expect(logText().match(FULL_TAX_ID) ?? [], 'full IINs in the log').to.deep.equal([]);
    for (const iin of [RECIPIENT_IIN, PATRON_IIN, STATEMENT_IIN]) expect(everything).to.not.include(iin);
  });

  it('an IIN sent as a path id — 400 (ids end at 2147483647), not logged in full', async () => {
    lines.length = 0;
    const response = await as('staff', request(app).get(`/v1/recipients/${RECIPIENT_IIN}`), 'log-path');
    expect(response.status).to.equal(400);
    expect(logText().match(FULL_TAX_ID) ?? []).to.deep.equal([]);
  });

  it('an IIN sent as X-Request-Id — not logged in full, not echoed', async () => {
    lines.length = 0;
    const response = await request(app).get('/healthz').set('X-Request-Id', RECIPIENT_IIN);
    expect(response.headers['x-request-id']).to.not.equal(RECIPIENT_IIN);
    expect(lines.join('\n')).to.not.include(RECIPIENT_IIN);
  });
});
