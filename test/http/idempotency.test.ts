// Proves Idempotency-Key on every money-moving POST: a repeat answers the stored response and moves
// nothing, a different body is refused, keys belong to one user, refusals are not stored, bad keys
// are refused, and identical concurrent requests move money exactly once.
import { expect } from 'chai';
import type request from 'supertest';
import { type ApiHarness, expectRefusal, stateSnapshot, useApi } from '../support/api-harness.js';

const THRESHOLD = '500000.00';

let fundSerial = 0;
let keySerial = 0;
let recipientSerial = 0;

/** A key no earlier scenario used. */
function freshKey(): string {
  keySerial += 1;
  return `test-key-${keySerial}`;
}

async function createFund(api: ApiHarness): Promise<number> {
  fundSerial += 1;
  const response = await api
    .post('admin', '/v1/funds', { code: `idem-${fundSerial}`, name: `Fund ${fundSerial}`, restricted: true })
    .expect(201);
  return response.body.id;
}

async function createRecipient(api: ApiHarness): Promise<number> {
  recipientSerial += 1;
  const [inserted] = await api.testDatabase.database
    .knex('recipients')
    .insert({
      iin: null,
      iin_hash: `idem${recipientSerial}`.padStart(64, 'b'),
      full_name: 'Test',
      region: 'KZ-75',
      created_at: new Date().toISOString(),
    })
    .returning('id');
  return Number(typeof inserted === 'object' ? inserted.id : inserted);
}

/** Sends the same request twice with one key: the second is the first's stored answer, and only the first moved money. */
async function expectReplayed(api: ApiHarness, send: (headers: Record<string, string>) => request.Test) {
  const headers = { 'Idempotency-Key': freshKey() };
  const before = await api.ledgerState();
  const first = await send(headers);
  expect(first.status, JSON.stringify(first.body)).to.be.within(200, 201);
  expect(first.headers['idempotent-replayed']).to.equal(undefined);
  const afterFirst = await api.ledgerState();
  expect(afterFirst.entries).to.equal(before.entries + 1);
  const second = await send(headers);
  expect(second.status).to.equal(first.status);
  expect(second.body).to.deep.equal(first.body);
  expect(second.headers['idempotent-replayed']).to.equal('true');
  expect(await api.ledgerState()).to.deep.equal(afterFirst);
  return first;
}

describe('idempotency keys', () => {
  const api = useApi();

  describe('a repeat with the same key and body', () => {
    it('POST /v1/donations — same key twice — the stored answer, replayed, money moved once', async () => {
      const fundId = await createFund(api.current);
      const body = { amount: '1000', fundId, reference: 'BANK-IDEM-1' };
      const donationsBefore = await api.current.testDatabase.database.knex('donations').count({ count: '*' });
      const first = await expectReplayed(api.current, (headers) =>
        api.current.post('staff', '/v1/donations', body, headers),
      );
      expect(first.body).to.include({ status: 'posted', fundAvailable: '1000.00' });
      const donationsAfter = await api.current.testDatabase.database.knex('donations').count({ count: '*' });
      expect(Number(donationsAfter[0]?.count)).to.equal(Number(donationsBefore[0]?.count) + 1);
    });

    it('POST /v1/donations — replayed after the fund moved on — the original answer, not a fresh balance', async () => {
      const fundId = await createFund(api.current);
      const headers = { 'Idempotency-Key': freshKey() };
      const first = await api.current
        .post('staff', '/v1/donations', { amount: '100', fundId }, headers)
        .expect(201);
      await api.current.post('staff', '/v1/donations', { amount: '50', fundId }).expect(201);
      const replay = await api.current
        .post('staff', '/v1/donations', { amount: '100', fundId }, headers)
        .expect(201);
      expect(replay.headers['idempotent-replayed']).to.equal('true');
      expect(replay.body).to.deep.equal(first.body);
      expect(replay.body.fundAvailable).to.equal('100.00');
    });

    it('POST /v1/aid — same key twice — the stored answer, replayed, money paid once', async () => {
      const fundId = await createFund(api.current);
      const recipientId = await createRecipient(api.current);
      await api.current.post('staff', '/v1/donations', { amount: '1000', fundId }).expect(201);
      const first = await expectReplayed(api.current, (headers) =>
        api.current.post(
          'staff',
          '/v1/aid',
          { recipientId, fundId, amount: '400', category: 'food' },
          headers,
        ),
      );
      expect(first.body).to.include({ status: 'posted', fundAvailable: '600.00' });
      expect((await api.current.get('staff', `/v1/funds/${fundId}`).expect(200)).body.available).to.equal(
        '600.00',
      );
    });

    it('POST /v1/donations/:id/confirm — same key twice — the stored answer, replayed, not ALREADY_RESOLVED', async () => {
      const declared = await api.current.post('patron', '/v1/donations', { amount: '70' }).expect(201);
      const first = await expectReplayed(api.current, (headers) =>
        api.current.post('staff', `/v1/donations/${declared.body.id}/confirm`, undefined, headers),
      );
      expect(first.body.status).to.equal('posted');
    });

    it('POST /v1/donations/:id/reject — same key twice — the stored answer, replayed, voided once', async () => {
      const declared = await api.current.post('patron', '/v1/donations', { amount: '71' }).expect(201);
      const first = await expectReplayed(api.current, (headers) =>
        api.current.post(
          'staff',
          `/v1/donations/${declared.body.id}/reject`,
          { reason: 'not received' },
          headers,
        ),
      );
      expect(first.body.status).to.equal('voided');
    });

    it('POST /v1/aid/:id/approve — same key twice — the stored answer, replayed, paid once', async () => {
      const fundId = await createFund(api.current);
      const recipientId = await createRecipient(api.current);
      await api.current.post('staff', '/v1/donations', { amount: '600000', fundId }).expect(201);
      const pending = await api.current
        .post('staff', '/v1/aid', { recipientId, fundId, amount: THRESHOLD, category: 'housing' })
        .expect(201);
      const first = await expectReplayed(api.current, (headers) =>
        api.current.post('staff2', `/v1/aid/${pending.body.id}/approve`, undefined, headers),
      );
      expect(first.body).to.include({ status: 'posted', fundAvailable: '100000.00' });
    });

    it('POST /v1/entries/:id/reverse — same key twice — the stored answer, replayed, not ALREADY_REVERSED', async () => {
      const donation = await api.current.post('staff', '/v1/donations', { amount: '80' }).expect(201);
      const first = await expectReplayed(api.current, (headers) =>
        api.current.post(
          'staff',
          `/v1/entries/${donation.body.entryId}/reverse`,
          { reason: 'duplicate' },
          headers,
        ),
      );
      expect(first.body.reverses).to.equal(donation.body.entryId);
    });
  });

  describe('conflicts and scope', () => {
    it('POST /v1/donations — same key, different body — 409 IDEMPOTENCY_CONFLICT, nothing written', async () => {
      const headers = { 'Idempotency-Key': freshKey() };
      await api.current.post('staff', '/v1/donations', { amount: '10' }, headers).expect(201);
      await expectRefusal(
        api.current,
        () => api.current.post('staff', '/v1/donations', { amount: '11' }, headers),
        409,
        'IDEMPOTENCY_CONFLICT',
      );
    });

    it('POST /v1/entries/:id/reverse — a key already used on another route — 409 IDEMPOTENCY_CONFLICT', async () => {
      const headers = { 'Idempotency-Key': freshKey() };
      const donation = await api.current
        .post('staff', '/v1/donations', { amount: '12' }, headers)
        .expect(201);
      await expectRefusal(
        api.current,
        () =>
          api.current.post('staff', `/v1/entries/${donation.body.entryId}/reverse`, { reason: 'x' }, headers),
        409,
        'IDEMPOTENCY_CONFLICT',
      );
    });

    it('POST /v1/donations — staff2 sends staff’s key — a fresh request of its own, money moves again', async () => {
      const headers = { 'Idempotency-Key': freshKey() };
      const body = { amount: '13' };
      const mine = await api.current.post('staff', '/v1/donations', body, headers).expect(201);
      const before = await api.current.ledgerState();
      const theirs = await api.current.post('staff2', '/v1/donations', body, headers).expect(201);
      expect(theirs.headers['idempotent-replayed']).to.equal(undefined);
      expect(theirs.body.id).to.not.equal(mine.body.id);
      expect(theirs.body.createdBy).to.equal(api.current.userIds.staff2);
      expect((await api.current.ledgerState()).entries).to.equal(before.entries + 1);
    });

    it('POST /v1/aid — refused for INSUFFICIENT_FUNDS with a key — the key is not kept; after a donation it succeeds', async () => {
      const fundId = await createFund(api.current);
      const recipientId = await createRecipient(api.current);
      const headers = { 'Idempotency-Key': freshKey() };
      const body = { recipientId, fundId, amount: '200', category: 'cash' };
      await expectRefusal(
        api.current,
        () => api.current.post('staff', '/v1/aid', body, headers),
        409,
        'INSUFFICIENT_FUNDS',
      );
      await api.current.post('staff', '/v1/donations', { amount: '200', fundId }).expect(201);
      const paid = await api.current.post('staff', '/v1/aid', body, headers).expect(201);
      expect(paid.headers['idempotent-replayed']).to.equal(undefined);
      expect(paid.body).to.include({ status: 'posted', fundAvailable: '0.00' });
    });

    const invalidKeys: [string, string][] = [
      ['non-ASCII', 'clé-de-paiement'],
      ['longer than 200 characters', 'k'.repeat(201)],
      ['with a space', 'two words'],
      ['empty', ''],
    ];
    for (const [scenario, key] of invalidKeys) {
      it(`POST /v1/donations — an Idempotency-Key ${scenario} — 400 VALIDATION_FAILED, nothing written`, async () => {
        const response = await expectRefusal(
          api.current,
          () => api.current.post('staff', '/v1/donations', { amount: '14' }, { 'Idempotency-Key': key }),
          400,
          'VALIDATION_FAILED',
        );
        expect(response.body.field).to.equal('Idempotency-Key');
      });
    }

    it('POST /v1/donations — an Idempotency-Key of exactly 200 visible characters — accepted', async () => {
      await api.current
        .post(
          'staff',
          '/v1/donations',
          { amount: '15' },
          { 'Idempotency-Key': `${freshKey()}~`.padEnd(200, 'x') },
        )
        .expect(201);
    });
  });

  describe('concurrency', () => {
    it('POST /v1/donations — five identical requests at once with one key — one money movement, five identical answers', async () => {
      const fundId = await createFund(api.current);
      const headers = { 'Idempotency-Key': freshKey() };
      const body = { amount: '500', fundId };
      const before = await stateSnapshot(api.current);
      const answers = await Promise.all(
        Array.from({ length: 5 }, () => api.current.post('staff', '/v1/donations', body, headers)),
      );
      for (const answer of answers) {
        expect(answer.status, JSON.stringify(answer.body)).to.equal(201);
        expect(answer.body).to.deep.equal(answers[0]?.body);
      }
      expect(answers.filter((answer) => answer.headers['idempotent-replayed'] === 'true')).to.have.length(4);
      const after = await stateSnapshot(api.current);
      expect(after.ledger).to.include({
        entries: before.ledger.entries + 1,
        verified: true,
        trialBalance: '0.00',
      });
      expect(after.rows.donations).to.have.length(before.rows.donations.length + 1);
      expect((await api.current.get('staff', `/v1/funds/${fundId}`).expect(200)).body.available).to.equal(
        '500.00',
      );
    });

    it('POST /v1/aid — five identical requests at once with one key — paid once, five identical answers', async () => {
      const fundId = await createFund(api.current);
      const recipientId = await createRecipient(api.current);
      await api.current.post('staff', '/v1/donations', { amount: '1000', fundId }).expect(201);
      const headers = { 'Idempotency-Key': freshKey() };
      const body = { recipientId, fundId, amount: '300', category: 'medical' };
      const before = await stateSnapshot(api.current);
      const answers = await Promise.all(
        Array.from({ length: 5 }, () => api.current.post('staff', '/v1/aid', body, headers)),
      );
      for (const answer of answers) {
        expect(answer.status, JSON.stringify(answer.body)).to.equal(201);
        expect(answer.body).to.deep.equal(answers[0]?.body);
      }
      const after = await stateSnapshot(api.current);
      expect(after.ledger.entries).to.equal(before.ledger.entries + 1);
      expect(after.rows.aid).to.have.length(before.rows.aid.length + 1);
      expect((await api.current.get('staff', `/v1/funds/${fundId}`).expect(200)).body.available).to.equal(
        '700.00',
      );
    });
  });
});
