// Proves that every journal entry records who made it and with which request, whatever path wrote it
// — every money-moving API route, a statement uploaded through the API, a statement imported as the
// CLI imports it, and the demo seed — and that auditors can list them: GET /v1/audit/activity shows
// each entry with its date, kind, status, amount, user (id, email, role) and request id, newest
// first, filtered by user and date, paged without losing or repeating an entry, and as CSV.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { seedDemo } from '../../src/seed/demo-seed.js';
import { StatementImportService } from '../../src/statements/statement-import-service.js';
import { StatementReader } from '../../src/statements/statement-reader.js';
import { readCsv } from '../reports/csv-reader.js';
import { type Actor, useApi } from '../support/api-harness.js';

interface ActivityItem {
  entryId: number;
  date: string;
  kind: string;
  status: string;
  amount: string;
  user: { id: number; email: string; role: string } | null;
  requestId: string | null;
}

describe('who did what', function () {
  this.timeout(120_000);
  const api = useApi();
  /** What each API request did: the request id sent, who sent it, and the entry it wrote. */
  const made: Array<{
    requestId: string;
    actor: Exclude<Actor, 'anonymous'>;
    entryId: number;
    amount: string;
  }> = [];

  before(async () => {
    const a = api.current;
    let counter = 0;
    const send = async (actor: Exclude<Actor, 'anonymous'>, route: string, body?: object) => {
      counter += 1;
      const requestId = `who-${counter}-${actor}`;
      const response = await a.post(actor, route, body, { 'X-Request-Id': requestId });
      expect(response.status, `${route}: ${JSON.stringify(response.body)}`).to.be.oneOf([200, 201]);
      return { requestId, body: response.body };
    };
    const record = async (
      actor: Exclude<Actor, 'anonymous'>,
      route: string,
      body: object | undefined,
      amount: string,
    ) => {
      const sent = await send(actor, route, body);
      const head = await a.services.ledger.journalHead();
      made.push({ requestId: sent.requestId, actor, entryId: head.lastEntryId, amount });
      return sent.body;
    };
    const fund = (await send('admin', '/v1/funds', { code: 'who', name: 'Who', restricted: false })).body;
    await record('staff', '/v1/donations', { amount: '2000000.00', fundId: fund.id }, '2000000.00');
    const declared = await record('patron', '/v1/donations', { amount: '50.00' }, '50.00');
    await record('staff2', `/v1/donations/${declared.id}/confirm`, undefined, '50.00');
    const declared2 = await record('patron', '/v1/donations', { amount: '60.00' }, '60.00');
    await record('admin', `/v1/donations/${declared2.id}/reject`, { reason: 'no transfer' }, '0.00');
    const recipient = (
      await send('staff', '/v1/recipients', { iin: '900101310004', fullName: 'Кім', region: 'KZ-75' })
    ).body;
    const aid = await record(
      'staff',
      '/v1/aid',
      { recipientId: recipient.id, fundId: fund.id, amount: '100.00', category: 'food' },
      '100.00',
    );
    const big = await record(
      'staff',
      '/v1/aid',
      { recipientId: recipient.id, fundId: fund.id, amount: '600000.00', category: 'housing' },
      '600000.00',
    );
    await record('staff2', `/v1/aid/${big.id}/approve`, undefined, '600000.00');
    const big2 = await record(
      'staff',
      '/v1/aid',
      { recipientId: recipient.id, fundId: fund.id, amount: '500000.00', category: 'cash' },
      '500000.00',
    );
    await record('admin', `/v1/aid/${big2.id}/reject`, { reason: 'paid elsewhere' }, '0.00');
    await record('staff2', `/v1/entries/${aid.entryId}/reverse`, { reason: 'twice' }, '100.00');
  });

  it('GET /v1/audit/activity — as an auditor — each API request’s entry with its user (id, email, role), request id, kind and amount', async () => {
    const response = await api.current.get('auditor', '/v1/audit/activity?limit=200').expect(200);
    const items = response.body.items as ActivityItem[];
    const byEntry = new Map(items.map((item) => [item.entryId, item]));
    for (const expected of made) {
      const item = byEntry.get(expected.entryId);
      expect(item, `entry ${expected.entryId}`).to.not.equal(undefined);
      expect(item?.requestId).to.equal(expected.requestId);
      expect(item?.user).to.deep.equal({
        id: api.current.userIds[expected.actor],
        email: `${expected.actor}@test.kz`,
        role: expected.actor === 'staff2' ? 'staff' : expected.actor,
      });
      expect(item?.amount, `entry ${expected.entryId}`).to.equal(expected.amount);
      expect(item?.date).to.equal('2026-11-25');
    }
    expect(items.map((item) => item.entryId)).to.deep.equal(
      [...items.map((item) => item.entryId)].sort((x, y) => y - x),
    );
    const kinds = new Set(items.map((item) => `${item.kind}/${item.status}`));
    expect([...kinds]).to.include.members([
      'donation/posted',
      'donation/pending',
      'donation/voided',
      'aid/pending',
      'reversal/posted',
    ]);
  });

  it('GET /v1/audit/activity?userId= — one user — only that user’s entries, all of them', async () => {
    const staff2 = api.current.userIds.staff2;
    const response = await api.current
      .get('auditor', `/v1/audit/activity?userId=${staff2}&limit=200`)
      .expect(200);
    const ids = (response.body.items as ActivityItem[]).map((item) => item.entryId).sort((x, y) => x - y);
    const expected = made.filter((entry) => entry.actor === 'staff2').map((entry) => entry.entryId);
    expect(ids).to.deep.equal(expected);
  });

  it('GET /v1/audit/activity — walked with limit=2 — every entry once; from/to past the entries — empty', async () => {
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor === null ? 'limit=2' : `limit=2&cursor=${cursor}`;
      const page = await api.current.get('auditor', `/v1/audit/activity?${query}`).expect(200);
      seen.push(...(page.body.items as ActivityItem[]).map((item) => item.entryId));
      cursor = page.body.nextCursor;
    } while (cursor !== null);
    const head = await api.current.services.ledger.journalHead();
    expect(seen).to.deep.equal(
      Array.from({ length: head.lastEntryId }, (_, index) => head.lastEntryId - index),
    );
    const none = await api.current.get('auditor', '/v1/audit/activity?from=2026-11-26').expect(200);
    expect(none.body).to.deep.equal({ items: [], nextCursor: null });
    const all = await api.current
      .get('auditor', '/v1/audit/activity?from=2026-11-25&to=2026-11-25&limit=200')
      .expect(200);
    expect(all.body.items).to.have.length(head.lastEntryId);
  });

  it('GET /v1/audit/activity?format=csv — a header and one row per entry with the user’s email and request id', async () => {
    const response = await api.current.get('auditor', '/v1/audit/activity?format=csv').expect(200);
    expect(response.headers['content-type']).to.match(/^text\/csv/);
    const [header, ...rows] = readCsv(response.text.replace(/^\uFEFF/, ''));
    expect(header).to.deep.equal([
      'entry_id',
      'date',
      'recorded_at',
      'kind',
      'status',
      'amount',
      'reverses_entry_id',
      'pending_entry_id',
      'user_id',
      'user_email',
      'user_role',
      'request_id',
    ]);
    const head = await api.current.services.ledger.journalHead();
    expect(rows).to.have.length(head.lastEntryId);
    const first = made[0];
    const row = rows.find((cells) => Number(cells[0]) === first?.entryId);
    expect(row?.slice(8)).to.deep.equal([
      String(api.current.userIds.staff),
      'staff@test.kz',
      'staff',
      first?.requestId,
    ]);
  });

  it('every path that writes entries — API, statement upload, CLI-style import, demo seed — fills created_by with a real user and request_id', async () => {
    const services = api.current.services;
    const upload = await api.current
      .post('staff', '/v1/statements')
      .set('Content-Type', 'text/csv')
      .send(
        'date;amount;reference;payer_name;payer_iin_bin;purpose\r\n25.11.2026;100,00;WHO-1;Төлеуші;;sadaqa\r\n',
      );
    expect(upload.status, JSON.stringify(upload.body)).to.equal(200);
    expect(upload.body.booked).to.equal(1);
    // As `jomart import-statement --as staff@test.kz` does it: the service's requester, a file reader.
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'jomart-who-'));
    try {
      const file = path.join(directory, 'statement.csv');
      fs.writeFileSync(
        file,
        'date;amount;reference;payer_name;payer_iin_bin;purpose\r\n25.11.2026;200,00;WHO-2;Екінші;;sadaqa\r\n',
      );
      const importer = new StatementImportService(services);
      const reader = await StatementReader.open(file);
      try {
        const summary = await importer.import(reader, await importer.requesterFor('staff@test.kz'), {
          rejected: () => {},
          progress: () => {},
        });
        expect(summary.booked).to.equal(1);
      } finally {
        reader.close();
      }
    } finally {
      fs.rmSync(directory, { recursive: true, force: true });
    }
    await seedDemo(services, { seed: 7, scale: 0.0005, force: true });
    const knex = services.database.knex;
    const missing = await knex('entries')
      .whereNull('created_by')
      .orWhereNull('request_id')
      .count({ count: '*' })
      .first();
    expect(Number(missing?.count), 'entries without a user or a request id').to.equal(0);
    const orphans = await knex('entries')
      .leftJoin('users', 'users.id', 'entries.created_by')
      .whereNull('users.id')
      .count({ count: '*' })
      .first();
    expect(Number(orphans?.count), 'entries naming a user that does not exist').to.equal(0);
    const requestIds = (await knex('entries').distinct('request_id')).map(
      (row: { request_id: string }) => row.request_id,
    );
    expect(requestIds.some((id) => id.startsWith('import-statement:'))).to.equal(true);
    expect(requestIds.some((id) => id.startsWith('seed-demo-'))).to.equal(true);
    const listed = await api.current.get('auditor', '/v1/audit/activity?limit=200').expect(200);
    expect(
      (listed.body.items as ActivityItem[]).every((item) => item.user !== null && item.requestId !== null),
    ).to.equal(true);
  });
});
