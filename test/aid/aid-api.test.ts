// Proves the aid API end to end: aid below the approval threshold is paid at once, aid at it is
// pending and reserves money until a second person approves or rejects it, funds are never
// overdrawn, yearly caps per recipient hold, and every refusal leaves the journal and records untouched.
import { expect } from 'chai';
import { type ApiHarness, expectRefusal, useApi } from '../support/api-harness.js';

const THRESHOLD = '500000.00';

let fundSerial = 0;
let recipientSerial = 0;

async function createFund(api: ApiHarness, terms: Record<string, unknown> = {}): Promise<number> {
  fundSerial += 1;
  const response = await api
    .post('admin', '/v1/funds', {
      code: `aid-${fundSerial}`,
      name: `Aid fund ${fundSerial}`,
      restricted: true,
      ...terms,
    })
    .expect(201);
  return response.body.id;
}

/** A fund holding `amount` of posted money. */
async function fundedFund(
  api: ApiHarness,
  amount: string,
  terms: Record<string, unknown> = {},
): Promise<number> {
  const fundId = await createFund(api, terms);
  await api.post('staff', '/v1/donations', { amount, fundId }).expect(201);
  return fundId;
}

/**
 * A recipient row written directly: recipients have their own API and tests; here only an id is
 * needed, and the IIN hash must merely be unique.
 */
async function createRecipient(api: ApiHarness): Promise<number> {
  recipientSerial += 1;
  const [inserted] = await api.testDatabase.database
    .knex('recipients')
    .insert({
      iin: null,
      iin_hash: `aid${recipientSerial}`.padStart(64, 'a'),
      full_name: `Test recipient ${recipientSerial}`,
      region: 'KZ-75',
      created_at: new Date().toISOString(),
    })
    .returning('id');
  return Number(typeof inserted === 'object' ? inserted.id : inserted);
}

async function fundOf(api: ApiHarness, fundId: number) {
  return (await api.get('staff', `/v1/funds/${fundId}`).expect(200)).body;
}

describe('aid api', () => {
  const api = useApi();
  const pay = (body: Record<string, unknown>, actor: 'staff' | 'staff2' | 'admin' = 'staff') =>
    api.current.post(actor, '/v1/aid', { category: 'food', ...body });

  describe('paying', () => {
    it('POST /v1/aid — below the threshold — posted at once, fundAvailable shrinks by the amount', async () => {
      const fundId = await fundedFund(api.current, '1000000');
      const recipientId = await createRecipient(api.current);
      const ledgerBefore = await api.current.ledgerState();
      const response = await pay({ recipientId, fundId, amount: '499999.99', note: 'азық-түлік' }).expect(
        201,
      );
      expect(response.body).to.include({
        status: 'posted',
        amount: '499999.99',
        recipientId,
        fundId,
        category: 'food',
        date: '2026-11-25',
        note: 'азық-түлік',
        fundAvailable: '500000.01',
      });
      expect(await fundOf(api.current, fundId)).to.include({
        posted: '500000.01',
        pendingOut: '0.00',
        available: '500000.01',
      });
      const entry = await api.current.get('auditor', `/v1/entries/${response.body.entryId}`).expect(200);
      expect(entry.body).to.include({ kind: 'aid', status: 'posted' });
      expect(entry.body.postings).to.deep.include({
        accountCode: 'expenses:aid:food',
        amount: '499999.99',
        fundId,
        patronId: null,
        recipientId,
      });
      expect(await api.current.ledgerState()).to.include({
        entries: ledgerBefore.entries + 1,
        trialBalance: '0.00',
        verified: true,
      });
    });

    it('POST /v1/aid — more than the fund holds — 409 INSUFFICIENT_FUNDS, nothing written', async () => {
      const fundId = await fundedFund(api.current, '1000');
      const recipientId = await createRecipient(api.current);
      const response = await expectRefusal(
        api.current,
        () => pay({ recipientId, fundId, amount: '1000.01' }),
        409,
        'INSUFFICIENT_FUNDS',
      );
      expect(response.body.available).to.equal('1000.00');
      const exact = await pay({ recipientId, fundId, amount: '1000' }).expect(201);
      expect(exact.body.fundAvailable).to.equal('0.00');
    });

    it('POST /v1/aid — money reserved by pending aid — 409 INSUFFICIENT_FUNDS for what is left over', async () => {
      const fundId = await fundedFund(api.current, '600000');
      const recipientId = await createRecipient(api.current);
      await pay({ recipientId, fundId, amount: THRESHOLD }).expect(201);
      await expectRefusal(
        api.current,
        () => pay({ recipientId, fundId, amount: '100000.01', category: 'medical' }),
        409,
        'INSUFFICIENT_FUNDS',
      );
    });

    it('POST /v1/aid — a fund closed the day before the aid date — 409 FUND_CLOSED, nothing written', async () => {
      const fundId = await fundedFund(api.current, '100', { closesOn: '2026-11-30' });
      const recipientId = await createRecipient(api.current);
      await expectRefusal(
        api.current,
        () => pay({ recipientId, fundId, amount: '10', date: '2026-12-01' }),
        409,
        'FUND_CLOSED',
      );
    });

    it('POST /v1/aid — unknown category — 400 VALIDATION_FAILED, nothing written', async () => {
      const fundId = await fundedFund(api.current, '100');
      const recipientId = await createRecipient(api.current);
      await expectRefusal(
        api.current,
        () => pay({ recipientId, fundId, amount: '10', category: 'holidays' }),
        400,
        'VALIDATION_FAILED',
      );
    });

    it('POST /v1/aid — unknown recipient or fund — 404 NOT_FOUND, nothing written', async () => {
      const fundId = await fundedFund(api.current, '100');
      const recipientId = await createRecipient(api.current);
      await expectRefusal(
        api.current,
        () => pay({ recipientId: 999_999, fundId, amount: '10' }),
        404,
        'NOT_FOUND',
      );
      await expectRefusal(
        api.current,
        () => pay({ recipientId, fundId: 999_999, amount: '10' }),
        404,
        'NOT_FOUND',
      );
    });

    it('POST /v1/aid — amount as a number or with three decimals — 400 INVALID_AMOUNT, nothing written', async () => {
      const fundId = await fundedFund(api.current, '100');
      const recipientId = await createRecipient(api.current);
      await expectRefusal(api.current, () => pay({ recipientId, fundId, amount: 10 }), 400, 'INVALID_AMOUNT');
      await expectRefusal(
        api.current,
        () => pay({ recipientId, fundId, amount: '1.001' }),
        400,
        'INVALID_AMOUNT',
      );
    });
  });

  describe('approval', () => {
    it('POST /v1/aid — at the threshold exactly — pending, reserves: available drops, posted unchanged', async () => {
      const fundId = await fundedFund(api.current, '800000');
      const recipientId = await createRecipient(api.current);
      const response = await pay({ recipientId, fundId, amount: THRESHOLD, category: 'housing' }).expect(201);
      expect(response.body).to.include({ status: 'pending', amount: THRESHOLD, fundAvailable: '300000.00' });
      expect(await fundOf(api.current, fundId)).to.include({
        posted: '800000.00',
        pendingOut: THRESHOLD,
        available: '300000.00',
      });
      const entry = await api.current.get('staff', `/v1/entries/${response.body.entryId}`).expect(200);
      expect(entry.body.status).to.equal('pending');
    });

    it('POST /v1/aid/:id/approve — by its creator — 403 SELF_APPROVAL, still pending', async () => {
      const fundId = await fundedFund(api.current, THRESHOLD);
      const recipientId = await createRecipient(api.current);
      const pending = await pay({ recipientId, fundId, amount: THRESHOLD }).expect(201);
      await expectRefusal(
        api.current,
        () => api.current.post('staff', `/v1/aid/${pending.body.id}/approve`),
        403,
        'SELF_APPROVAL',
      );
      expect((await api.current.get('staff', `/v1/aid/${pending.body.id}`).expect(200)).body.status).to.equal(
        'pending',
      );
    });

    it('POST /v1/aid/:id/approve — by a second staff member — posted, money leaves; again — 409 ALREADY_RESOLVED', async () => {
      const fundId = await fundedFund(api.current, '700000');
      const recipientId = await createRecipient(api.current);
      const pending = await pay({ recipientId, fundId, amount: THRESHOLD }).expect(201);
      const ledgerBefore = await api.current.ledgerState();
      const approved = await api.current.post('staff2', `/v1/aid/${pending.body.id}/approve`).expect(200);
      expect(approved.body).to.include({
        id: pending.body.id,
        status: 'posted',
        fundAvailable: '200000.00',
        postedEntryId: ledgerBefore.entries + 1,
      });
      expect(await fundOf(api.current, fundId)).to.include({
        posted: '200000.00',
        pendingOut: '0.00',
        available: '200000.00',
      });
      expect(await api.current.ledgerState()).to.include({
        entries: ledgerBefore.entries + 1,
        verified: true,
      });
      await expectRefusal(
        api.current,
        () => api.current.post('staff2', `/v1/aid/${pending.body.id}/approve`),
        409,
        'ALREADY_RESOLVED',
      );
      await expectRefusal(
        api.current,
        () => api.current.post('admin', `/v1/aid/${pending.body.id}/reject`),
        409,
        'ALREADY_RESOLVED',
      );
    });

    it('POST /v1/aid/:id/reject — pending — voided, the reservation released; approve after — 409 ALREADY_RESOLVED', async () => {
      const fundId = await fundedFund(api.current, '600000');
      const recipientId = await createRecipient(api.current);
      const pending = await pay({ recipientId, fundId, amount: '550000' }).expect(201);
      expect(pending.body.fundAvailable).to.equal('50000.00');
      const rejected = await api.current
        .post('staff2', `/v1/aid/${pending.body.id}/reject`, { reason: 'documents missing' })
        .expect(200);
      expect(rejected.body).to.include({ status: 'voided', fundAvailable: '600000.00', postedEntryId: null });
      expect(await fundOf(api.current, fundId)).to.include({
        posted: '600000.00',
        pendingOut: '0.00',
        available: '600000.00',
      });
      await expectRefusal(
        api.current,
        () => api.current.post('staff2', `/v1/aid/${pending.body.id}/approve`),
        409,
        'ALREADY_RESOLVED',
      );
    });

    it('POST /v1/aid/:id/approve — aid paid at once (below the threshold) — 409 NOT_PENDING', async () => {
      const fundId = await fundedFund(api.current, '100');
      const recipientId = await createRecipient(api.current);
      const paid = await pay({ recipientId, fundId, amount: '10' }).expect(201);
      await expectRefusal(
        api.current,
        () => api.current.post('staff2', `/v1/aid/${paid.body.id}/approve`),
        409,
        'NOT_PENDING',
      );
    });

    it('POST /v1/aid/:id/approve — unknown aid — 404 NOT_FOUND, nothing written', async () => {
      await expectRefusal(
        api.current,
        () => api.current.post('staff2', '/v1/aid/999999/approve'),
        404,
        'NOT_FOUND',
      );
    });
  });

  describe('yearly cap per recipient', () => {
    it('POST /v1/aid — 60000 then 40000 under a 100000 cap, then 0.01 — 409 RECIPIENT_CAP_EXCEEDED', async () => {
      const fundId = await fundedFund(api.current, '1000000', { capPerRecipientYear: '100000.00' });
      const recipientId = await createRecipient(api.current);
      await pay({ recipientId, fundId, amount: '60000' }).expect(201);
      await pay({ recipientId, fundId, amount: '40000', category: 'medical' }).expect(201);
      const response = await expectRefusal(
        api.current,
        () => pay({ recipientId, fundId, amount: '0.01' }),
        409,
        'RECIPIENT_CAP_EXCEEDED',
      );
      expect(response.body).to.include({ cap: '100000.00', alreadyThisYear: '100000.00', year: 2026 });
      const otherRecipientId = await createRecipient(api.current);
      await pay({ recipientId: otherRecipientId, fundId, amount: '100000' }).expect(201);
    });

    it('POST /v1/aid — pending aid counts toward the cap — 409 RECIPIENT_CAP_EXCEEDED; rejecting it frees the room', async () => {
      const fundId = await fundedFund(api.current, '2000000', { capPerRecipientYear: '600000.00' });
      const recipientId = await createRecipient(api.current);
      const pending = await pay({ recipientId, fundId, amount: THRESHOLD }).expect(201);
      expect(pending.body.status).to.equal('pending');
      await expectRefusal(
        api.current,
        () => pay({ recipientId, fundId, amount: '100000.01' }),
        409,
        'RECIPIENT_CAP_EXCEEDED',
      );
      await pay({ recipientId, fundId, amount: '100000' }).expect(201);
      await api.current.post('staff2', `/v1/aid/${pending.body.id}/reject`).expect(200);
      await pay({ recipientId, fundId, amount: '499999.99' }).expect(201);
    });

    it('POST /v1/aid — dated 2027-01-05 after the 2026 cap is used — a new year, allowed', async () => {
      const fundId = await fundedFund(api.current, '1000000', { capPerRecipientYear: '100000.00' });
      const recipientId = await createRecipient(api.current);
      await pay({ recipientId, fundId, amount: '100000' }).expect(201);
      const nextYear = await pay({ recipientId, fundId, amount: '100000', date: '2027-01-05' }).expect(201);
      expect(nextYear.body).to.include({ status: 'posted', date: '2027-01-05' });
      const response = await expectRefusal(
        api.current,
        () => pay({ recipientId, fundId, amount: '0.01', date: '2027-12-31' }),
        409,
        'RECIPIENT_CAP_EXCEEDED',
      );
      expect(response.body.year).to.equal(2027);
    });

    it('POST /v1/aid — after the capped aid is reversed — the cap has room again', async () => {
      const fundId = await fundedFund(api.current, '1000000', { capPerRecipientYear: '100000.00' });
      const recipientId = await createRecipient(api.current);
      const paid = await pay({ recipientId, fundId, amount: '100000' }).expect(201);
      await expectRefusal(
        api.current,
        () => pay({ recipientId, fundId, amount: '0.01' }),
        409,
        'RECIPIENT_CAP_EXCEEDED',
      );
      await api.current
        .post('staff', `/v1/entries/${paid.body.entryId}/reverse`, { reason: 'paid to the wrong person' })
        .expect(201);
      const again = await pay({ recipientId, fundId, amount: '100000' }).expect(201);
      expect(again.body.status).to.equal('posted');
    });

    // BUG: a reversal is counted in the year of the reversal's own date, not of the aid it reverses
    // (src/aid/aid-store.ts, aidToRecipientFromFund filters on entries.date). Reversing last year's
    // aid today makes this year's total negative, so this year's cap can be exceeded.
    it('POST /v1/aid — last year’s capped aid reversed this year — this year’s cap still holds: 409 RECIPIENT_CAP_EXCEEDED', async () => {
      const fundId = await fundedFund(api.current, '1000000', { capPerRecipientYear: '100000.00' });
      const recipientId = await createRecipient(api.current);
      const lastYear = await pay({ recipientId, fundId, amount: '100000', date: '2025-12-20' }).expect(201);
      await api.current
        .post('staff', `/v1/entries/${lastYear.body.entryId}/reverse`, { reason: 'paid twice' })
        .expect(201);
      await pay({ recipientId, fundId, amount: '100000' }).expect(201);
      await expectRefusal(
        api.current,
        () => pay({ recipientId, fundId, amount: '100000' }),
        409,
        'RECIPIENT_CAP_EXCEEDED',
      );
    });
  });

  describe('access', () => {
    it('GET /v1/aid and /v1/aid/:id — auditor — 200 with the aid', async () => {
      const fundId = await fundedFund(api.current, '100');
      const recipientId = await createRecipient(api.current);
      const paid = await pay({ recipientId, fundId, amount: '25.5', category: 'education' }).expect(201);
      const list = await api.current.get('auditor', `/v1/aid?fundId=${fundId}`).expect(200);
      expect(list.body.items.map((item: { id: number }) => item.id)).to.deep.equal([paid.body.id]);
      expect(list.body.nextCursor).to.equal(null);
      const shown = await api.current.get('auditor', `/v1/aid/${paid.body.id}`).expect(200);
      expect(shown.body).to.include({
        status: 'posted',
        amount: '25.50',
        category: 'education',
        recipientId,
      });
    });

    it('POST /v1/aid, approve — auditor — 403 FORBIDDEN, nothing written', async () => {
      const fundId = await fundedFund(api.current, THRESHOLD);
      const recipientId = await createRecipient(api.current);
      await expectRefusal(
        api.current,
        () => api.current.post('auditor', '/v1/aid', { recipientId, fundId, amount: '10', category: 'food' }),
        403,
        'FORBIDDEN',
      );
      const pending = await pay({ recipientId, fundId, amount: THRESHOLD }).expect(201);
      await expectRefusal(
        api.current,
        () => api.current.post('auditor', `/v1/aid/${pending.body.id}/approve`),
        403,
        'FORBIDDEN',
      );
    });

    it('GET /v1/aid — patron — 403 FORBIDDEN; POST /v1/aid — patron — 403 FORBIDDEN, nothing written', async () => {
      const fundId = await fundedFund(api.current, '100');
      const recipientId = await createRecipient(api.current);
      const paid = await pay({ recipientId, fundId, amount: '5' }).expect(201);
      expect((await api.current.get('patron', '/v1/aid').expect(403)).body.code).to.equal('FORBIDDEN');
      expect((await api.current.get('patron', `/v1/aid/${paid.body.id}`).expect(403)).body.code).to.equal(
        'FORBIDDEN',
      );
      await expectRefusal(
        api.current,
        () => api.current.post('patron', '/v1/aid', { recipientId, fundId, amount: '1', category: 'food' }),
        403,
        'FORBIDDEN',
      );
    });

    it('GET /v1/aid — status=pending and recipientId — only that recipient’s pending aid', async () => {
      const fundId = await fundedFund(api.current, '1200000');
      const recipientId = await createRecipient(api.current);
      const paid = await pay({ recipientId, fundId, amount: '10' }).expect(201);
      const pending = await pay({ recipientId, fundId, amount: THRESHOLD }).expect(201);
      const ids = async (query: string) =>
        (
          await api.current.get('staff', `/v1/aid?recipientId=${recipientId}${query}`).expect(200)
        ).body.items.map((item: { id: number }) => item.id);
      expect(await ids('')).to.deep.equal([pending.body.id, paid.body.id]);
      expect(await ids('&status=pending')).to.deep.equal([pending.body.id]);
      expect(await ids('&status=posted')).to.deep.equal([paid.body.id]);
    });
  });
});
