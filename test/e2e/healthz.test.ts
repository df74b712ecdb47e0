// Proves the assembled HTTP app answers /healthz with the database and the journal head, and
// answers unknown routes with an RFC 9457 problem rather than an HTML page.
import { expect } from 'chai';
import { pino } from 'pino';
import request from 'supertest';
import { createApp } from '../../src/app.js';
import { donationEntry } from '../support/ledger-fixtures.js';
import { TEST_DATABASE_KIND, useTestDatabase } from '../support/test-database.js';

describe('http app', () => {
  const testDatabase = useTestDatabase();
  const app = () => createApp(testDatabase.current.services, pino({ level: 'silent' }));

  it('GET /healthz — a migrated database — 200 with the database kind and the journal head', async () => {
    const entry = await testDatabase.current.services.ledger.record(donationEntry('5.00'));
    const response = await request(app()).get('/healthz').expect(200);
    expect(response.body).to.deep.equal({
      status: 'ok',
      database: TEST_DATABASE_KIND,
      journal: { entries: 1, headHash: entry.hash },
    });
  });

  it('GET /no-such-route — unknown path — 404 application/problem+json with a stable code', async () => {
    const response = await request(app()).get('/no-such-route').expect(404);
    expect(response.headers['content-type']).to.match(/^application\/problem\+json/);
    expect(response.body).to.include({ status: 404, code: 'NOT_FOUND', title: 'Not found' });
    expect(response.body.type).to.be.a('string');
  });
});
