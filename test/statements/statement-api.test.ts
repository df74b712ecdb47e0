/** POST /v1/statements: the web console's upload books a statement exactly as the CLI does. */
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { MAX_STATEMENT_UPLOAD_BYTES } from '../../src/statements/statement-routes.js';
import { type Actor, expectRefusal, useApi } from '../support/api-harness.js';

const SAMPLE = fs.readFileSync(path.resolve('scripts/sample-statement.csv'));

describe('POST /v1/statements', () => {
  const api = useApi();

  const upload = (actor: Actor, body: Buffer | string, type = 'text/csv') =>
    api.current.post(actor, '/v1/statements').set('Content-Type', type).send(body);

  it('the sample statement — uploaded twice by staff — books its five rows once, then skips them', async () => {
    const before = await api.current.ledgerState();
    const first = await upload('staff', SAMPLE);
    expect(first.status, JSON.stringify(first.body)).to.equal(200);
    expect(first.body).to.deep.equal({
      rows: 5,
      booked: 5,
      skipped: 0,
      rejectedCount: 0,
      rejected: [],
      totalKzt: '1642346.17',
    });
    const second = await upload('admin', SAMPLE);
    expect(second.body).to.include({ rows: 5, booked: 0, skipped: 5, rejectedCount: 0, totalKzt: '0.00' });
    const after = await api.current.ledgerState();
    expect(after.entries - before.entries).to.equal(5);
    expect(after).to.include({ trialBalance: '0.00', verified: true });
    const donations = await api.current.get('auditor', '/v1/donations?limit=100');
    const references = (donations.body.items as Array<{ reference: string | null }>)
      .map((donation) => donation.reference)
      .filter((reference) => reference?.startsWith('KZ-SAMPLE-'));
    expect(references).to.have.length(5);
  });

  it('a statement with bad rows — the good rows go in, each bad one is listed with its line and reason', async () => {
    const csv = [
      'date;amount;reference;payer_name;payer_iin_bin;purpose',
      '24.11.2026;1 000,00;API-GOOD-1;Асель Омарова;;',
      '24.11.2026;1.234,56;API-BAD-1;Асель Омарова;;',
      '24.11.2026;-100;API-BAD-2;Асель Омарова;;',
      '24.11.2026;2000;API-GOOD-2;Асель Омарова;;',
    ].join('\n');
    const response = await upload('staff', Buffer.from(csv));
    expect(response.status).to.equal(200);
    expect(response.body).to.include({ rows: 4, booked: 2, rejectedCount: 2, totalKzt: '3000.00' });
    expect(response.body.rejected.map((problem: { line: number }) => problem.line)).to.deep.equal([3, 4]);
    for (const problem of response.body.rejected) expect(problem.reason).to.be.a('string').and.not.empty;
  });

  it('an auditor or a patron — 403, nothing booked', async () => {
    for (const actor of ['auditor', 'patron'] as const) {
      await expectRefusal(api.current, () => upload(actor, SAMPLE), 403, 'FORBIDDEN');
    }
  });

  it('JSON instead of CSV — 415 UNSUPPORTED_MEDIA_TYPE, nothing booked', async () => {
    await expectRefusal(
      api.current,
      () => upload('staff', JSON.stringify({ csv: 'x' }), 'application/json'),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
  });

  it('an empty upload — 400 VALIDATION_FAILED, nothing booked', async () => {
    await expectRefusal(api.current, () => upload('staff', Buffer.alloc(0)), 400, 'VALIDATION_FAILED');
  });

  it('a file that is not a statement at all — 400 UNREADABLE_STATEMENT, nothing booked', async () => {
    const binary = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0xff, 0xfe]);
    await expectRefusal(api.current, () => upload('staff', binary), 400, 'UNREADABLE_STATEMENT');
    await expectRefusal(
      api.current,
      () => upload('staff', 'name,email\nAsel,asel@example.kz\n'),
      400,
      'UNREADABLE_STATEMENT',
    );
  });

  it(`an upload over ${MAX_STATEMENT_UPLOAD_BYTES / 2 ** 20} MiB — 413 PAYLOAD_TOO_LARGE, nothing booked`, async () => {
    const header = 'date;amount;reference;payer_name;payer_iin_bin;purpose\n';
    const huge = Buffer.concat([Buffer.from(header), Buffer.alloc(MAX_STATEMENT_UPLOAD_BYTES, 'x')]);
    await expectRefusal(api.current, () => upload('staff', huge), 413, 'PAYLOAD_TOO_LARGE');
  });

  it('other routes — a text/csv body — still 415, never read as a statement', async () => {
    const toDonations = () =>
      api.current.post('staff', '/v1/donations').set('Content-Type', 'text/csv').send(SAMPLE);
    await expectRefusal(api.current, toDonations, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });
});
