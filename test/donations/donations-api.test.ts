// Proves the donations API end to end: staff record posted gifts and patrons declare pending ones
// that staff confirm or reject, every SPEC §2 amount form and every refusal leaves the journal and
// the donation records untouched, and lists are scoped, filtered and paged.
import { expect } from 'chai';
import { type ApiHarness, expectRefusal, useApi } from '../support/api-harness.js';

const TODAY = '2026-11-25';

/** Fund codes are unique per database; each scenario takes a fund of its own so balances start at zero. */
let fundSerial = 0;

async function createFund(api: ApiHarness, terms: Record<string, unknown> = {}): Promise<number> {
  fundSerial += 1;
  const response = await api
    .post('admin', '/v1/funds', {
      code: `donations-${fundSerial}`,
      name: `Fund ${fundSerial}`,
      restricted: true,
      ...terms,
    })
    .expect(201);
  return response.body.id;
}

async function fundOf(api: ApiHarness, fundId: number) {
  return (await api.get('staff', `/v1/funds/${fundId}`).expect(200)).body;
}

async function generalFund(api: ApiHarness) {
  const list = await api.get('staff', '/v1/funds').expect(200);
  return list.body.items.find((fund: { code: string }) => fund.code === 'general');
}

async function createPatron(api: ApiHarness, name: string): Promise<number> {
  return (await api.post('staff', '/v1/patrons', { name, kind: 'individual' }).expect(201)).body.id;
}

describe('donations api', () => {
  const api = useApi();

  describe('recording by staff', () => {
    it('POST /v1/donations — staff, no fund and no date — posted to general, dated today, fund grows', async () => {
      const generalBefore = await generalFund(api.current);
      const ledgerBefore = await api.current.ledgerState();
      const response = await api.current.post('staff', '/v1/donations', { amount: '1500' }).expect(201);
      expect(response.body).to.include({
        status: 'posted',
        amount: '1500.00',
        fundId: generalBefore.id,
        patronId: null,
        date: TODAY,
      });
      const generalAfter = await generalFund(api.current);
      expect(response.body.fundAvailable).to.equal(generalAfter.available);
      expect(
        BigInt(generalAfter.available.replace('.', '')) - BigInt(generalBefore.available.replace('.', '')),
      ).to.equal(150_000n);
      const entry = await api.current.get('staff', `/v1/entries/${response.body.entryId}`).expect(200);
      expect(entry.body).to.include({ kind: 'donation', status: 'posted', date: TODAY });
      expect(entry.body.postings.map((posting: { amount: string }) => posting.amount)).to.deep.equal([
        '1500.00',
        '-1500.00',
      ]);
      expect(await api.current.ledgerState()).to.include({
        entries: ledgerBefore.entries + 1,
        trialBalance: '0.00',
        verified: true,
      });
    });

    it('POST /v1/donations — staff, earmarked, explicit date, patron, reference — booked to that fund only', async () => {
      const fundId = await createFund(api.current);
      const patronId = await createPatron(api.current, 'Нұрлан Берікұлы');
      const generalBefore = await generalFund(api.current);
      const response = await api.current
        .post('staff', '/v1/donations', {
          patronId,
          amount: '2500.5',
          fundId,
          date: '2026-11-10',
          reference: 'KASPI-0001',
          note: 'Қайырымдылық',
        })
        .expect(201);
      expect(response.body).to.include({
        status: 'posted',
        amount: '2500.50',
        fundId,
        patronId,
        date: '2026-11-10',
        reference: 'KASPI-0001',
        note: 'Қайырымдылық',
        fundAvailable: '2500.50',
      });
      expect(await fundOf(api.current, fundId)).to.include({ posted: '2500.50', available: '2500.50' });
      expect((await generalFund(api.current)).available).to.equal(generalBefore.available);
      const shown = await api.current.get('auditor', `/v1/donations/${response.body.id}`).expect(200);
      expect(shown.body).to.include({ status: 'posted', amount: '2500.50', date: '2026-11-10', patronId });
    });

    it('POST /v1/donations — unknown patronId — 404 NOT_FOUND, nothing written', async () => {
      await expectRefusal(
        api.current,
        () => api.current.post('staff', '/v1/donations', { amount: '10', patronId: 999_999 }),
        404,
        'NOT_FOUND',
      );
    });

    it('POST /v1/donations — unknown fundId — 404 NOT_FOUND, nothing written', async () => {
      await expectRefusal(
        api.current,
        () => api.current.post('staff', '/v1/donations', { amount: '10', fundId: 999_999 }),
        404,
        'NOT_FOUND',
      );
    });

    it('POST /v1/donations — a bank reference booked already — 409 DUPLICATE naming the existing donation', async () => {
      const first = await api.current
        .post('staff', '/v1/donations', { amount: '700', reference: 'HALYK-2026-42' })
        .expect(201);
      const response = await expectRefusal(
        api.current,
        () => api.current.post('staff', '/v1/donations', { amount: '800', reference: 'HALYK-2026-42' }),
        409,
        'DUPLICATE',
      );
      expect(response.body.existingId).to.equal(first.body.id);
    });

    it('POST /v1/donations — auditor — 403 FORBIDDEN, nothing written', async () => {
      await expectRefusal(
        api.current,
        () => api.current.post('auditor', '/v1/donations', { amount: '10' }),
        403,
        'FORBIDDEN',
      );
    });
  });

  describe('declared by a patron', () => {
    it('POST /v1/donations — patron declares — pending in their name, fund available unchanged', async () => {
      const fundId = await createFund(api.current);
      const response = await api.current
        .post('patron', '/v1/donations', { amount: '300', fundId })
        .expect(201);
      expect(response.body).to.include({
        status: 'pending',
        amount: '300.00',
        patronId: api.current.patronId,
        fundAvailable: '0.00',
      });
      expect(await fundOf(api.current, fundId)).to.include({
        posted: '0.00',
        pendingIn: '300.00',
        available: '0.00',
      });
      const entry = await api.current.get('staff', `/v1/entries/${response.body.entryId}`).expect(200);
      expect(entry.body.status).to.equal('pending');
    });

    it('POST /v1/donations — patron names their own patronId — accepted as pending', async () => {
      const response = await api.current
        .post('patron', '/v1/donations', { amount: '20', patronId: api.current.patronId })
        .expect(201);
      expect(response.body).to.include({ status: 'pending', patronId: api.current.patronId });
    });

    it('POST /v1/donations — patron names another patronId — 403 FORBIDDEN, nothing written', async () => {
      const otherPatronId = await createPatron(api.current, 'Другой Даритель');
      await expectRefusal(
        api.current,
        () => api.current.post('patron', '/v1/donations', { amount: '20', patronId: otherPatronId }),
        403,
        'FORBIDDEN',
      );
    });

    it('POST /v1/donations/:id/confirm — staff confirm — posted, fund grows; twice — 409 ALREADY_RESOLVED', async () => {
      const fundId = await createFund(api.current);
      const declared = await api.current
        .post('patron', '/v1/donations', { amount: '450.25', fundId })
        .expect(201);
      const ledgerBefore = await api.current.ledgerState();
      const confirmed = await api.current
        .post('staff', `/v1/donations/${declared.body.id}/confirm`)
        .expect(200);
      expect(confirmed.body).to.include({
        id: declared.body.id,
        status: 'posted',
        fundAvailable: '450.25',
        entryId: declared.body.entryId,
      });
      expect(confirmed.body.postedEntryId).to.equal(ledgerBefore.entries + 1);
      expect(await fundOf(api.current, fundId)).to.include({
        posted: '450.25',
        pendingIn: '0.00',
        available: '450.25',
      });
      expect(await api.current.ledgerState()).to.include({
        entries: ledgerBefore.entries + 1,
        verified: true,
      });
      const again = await expectRefusal(
        api.current,
        () => api.current.post('staff', `/v1/donations/${declared.body.id}/confirm`),
        409,
        'ALREADY_RESOLVED',
      );
      expect(again.body.resolutionEntryId).to.equal(confirmed.body.postedEntryId);
    });

    it('POST /v1/donations/:id/reject — pending — voided, fund unchanged; confirm after — 409 ALREADY_RESOLVED', async () => {
      const fundId = await createFund(api.current);
      const declared = await api.current
        .post('patron', '/v1/donations', { amount: '90', fundId })
        .expect(201);
      const rejected = await api.current
        .post('staff', `/v1/donations/${declared.body.id}/reject`, { reason: 'no such transfer at the bank' })
        .expect(200);
      expect(rejected.body).to.include({ status: 'voided', fundAvailable: '0.00', postedEntryId: null });
      expect(await fundOf(api.current, fundId)).to.include({
        posted: '0.00',
        pendingIn: '0.00',
        available: '0.00',
      });
      await expectRefusal(
        api.current,
        () => api.current.post('staff', `/v1/donations/${declared.body.id}/confirm`),
        409,
        'ALREADY_RESOLVED',
      );
      await expectRefusal(
        api.current,
        () => api.current.post('staff', `/v1/donations/${declared.body.id}/reject`),
        409,
        'ALREADY_RESOLVED',
      );
    });

    it('POST /v1/donations/:id/confirm — a donation staff recorded (posted) — 409 NOT_PENDING', async () => {
      const recorded = await api.current.post('staff', '/v1/donations', { amount: '15' }).expect(201);
      await expectRefusal(
        api.current,
        () => api.current.post('staff', `/v1/donations/${recorded.body.id}/confirm`),
        409,
        'NOT_PENDING',
      );
      await expectRefusal(
        api.current,
        () => api.current.post('staff', `/v1/donations/${recorded.body.id}/reject`),
        409,
        'NOT_PENDING',
      );
    });

    it('POST /v1/donations/:id/confirm — by the patron — 403 FORBIDDEN, still pending', async () => {
      const declared = await api.current.post('patron', '/v1/donations', { amount: '33' }).expect(201);
      await expectRefusal(
        api.current,
        () => api.current.post('patron', `/v1/donations/${declared.body.id}/confirm`),
        403,
        'FORBIDDEN',
      );
      await expectRefusal(
        api.current,
        () => api.current.post('patron', `/v1/donations/${declared.body.id}/reject`),
        403,
        'FORBIDDEN',
      );
      const shown = await api.current.get('patron', `/v1/donations/${declared.body.id}`).expect(200);
      expect(shown.body.status).to.equal('pending');
    });

    it('POST /v1/donations/:id/confirm — unknown donation — 404 NOT_FOUND, nothing written', async () => {
      await expectRefusal(
        api.current,
        () => api.current.post('staff', '/v1/donations/999999/confirm'),
        404,
        'NOT_FOUND',
      );
      await expectRefusal(
        api.current,
        () => api.current.post('staff', '/v1/donations/999999/reject'),
        404,
        'NOT_FOUND',
      );
      const shown = await api.current.get('staff', '/v1/donations/999999').expect(404);
      expect(shown.body.code).to.equal('NOT_FOUND');
    });
  });

  describe('foreign currency', () => {
    it('POST /v1/donations — 10 USD at 470 booked as 4700.00 — accepted, the original kept and shown', async () => {
      const fundId = await createFund(api.current);
      const response = await api.current
        .post('staff', '/v1/donations', {
          amount: '4700.00',
          fundId,
          originalAmount: '10',
          originalCurrency: 'USD',
          rate: '470',
        })
        .expect(201);
      expect(response.body).to.include({
        status: 'posted',
        amount: '4700.00',
        originalAmount: '10',
        originalCurrency: 'USD',
        rate: '470',
        fundAvailable: '4700.00',
      });
      const shown = await api.current.get('staff', `/v1/donations/${response.body.id}`).expect(200);
      expect(shown.body).to.include({ originalAmount: '10', originalCurrency: 'USD', rate: '470' });
    });

    const refusedForeign: [string, Record<string, string>][] = [
      ['originalAmount without currency and rate', { amount: '4700.00', originalAmount: '10' }],
      [
        'currency and rate without originalAmount',
        { amount: '4700.00', originalCurrency: 'USD', rate: '470' },
      ],
      [
        'originalAmount and currency without rate',
        { amount: '4700.00', originalAmount: '10', originalCurrency: 'USD' },
      ],
      [
        'KZT as the original currency',
        { amount: '4700.00', originalAmount: '4700', originalCurrency: 'KZT', rate: '1' },
      ],
      [
        'amount not originalAmount × rate',
        { amount: '4800.00', originalAmount: '10', originalCurrency: 'USD', rate: '470' },
      ],
      [
        'a lowercase currency code',
        { amount: '4700.00', originalAmount: '10', originalCurrency: 'usd', rate: '470' },
      ],
      ['a zero rate', { amount: '4700.00', originalAmount: '10', originalCurrency: 'USD', rate: '0' }],
    ];
    for (const [scenario, body] of refusedForeign) {
      it(`POST /v1/donations — ${scenario} — 400 VALIDATION_FAILED, nothing written`, async () => {
        await expectRefusal(
          api.current,
          () => api.current.post('staff', '/v1/donations', body),
          400,
          'VALIDATION_FAILED',
        );
      });
    }
  });

  describe('amount forms (SPEC §2)', () => {
    const refusedAmounts: [string, unknown][] = [
      ['a JSON number', 1000],
      ['an exponent', '1e3'],
      ['a minus sign', '-5'],
      ['a plus sign', '+5'],
      ['a thousands comma', '1,000'],
      ['a thousands space', '1 000'],
      ['three fraction digits', '1.001'],
      ['zero', '0'],
      ['one tiyn above the limit', '1000000000000.01'],
      ['Arabic-Indic digits', '١٥'],
      ['an empty string', ''],
      ['a decimal comma', '15,50'],
      ['null', null],
    ];
    for (const [form, amount] of refusedAmounts) {
      it(`POST /v1/donations — amount as ${form} (${JSON.stringify(amount)}) — 400 INVALID_AMOUNT, nothing written`, async () => {
        await expectRefusal(
          api.current,
          () => api.current.post('staff', '/v1/donations', { amount }),
          400,
          'INVALID_AMOUNT',
        );
      });
    }

    it('POST /v1/donations — amount missing — 400 INVALID_AMOUNT naming the field, nothing written', async () => {
      const response = await expectRefusal(
        api.current,
        () => api.current.post('staff', '/v1/donations', { note: 'no amount' }),
        400,
        'INVALID_AMOUNT',
      );
      expect(response.body.field).to.equal('amount');
    });

    it('POST /v1/donations — the limit 1000000000000.00 exactly — accepted and returned exactly', async () => {
      const fundId = await createFund(api.current);
      const response = await api.current
        .post('staff', '/v1/donations', { amount: '1000000000000.00', fundId })
        .expect(201);
      expect(response.body).to.include({ amount: '1000000000000.00', fundAvailable: '1000000000000.00' });
      expect(await api.current.ledgerState()).to.include({ trialBalance: '0.00', verified: true });
    });
  });

  describe('totals at any size', () => {
    // BUG: kept balances (accounts.posted_tiyn, pending_*_tiyn) are read back as JavaScript numbers
    // (src/funds/fund-store.ts toFundBalance, src/ledger/ledger-store.ts account rows; on PostgreSQL
    // the int8 parser in src/db/database.ts throws), so once a fund holds more than 2^53 tiyn
    // (~90 trillion tenge, 91 gifts of the per-entry maximum) every request touching it answers 500.
    it('POST /v1/donations — 91 gifts of the per-entry maximum into one fund — 201 each, the total exact', async () => {
      const fundId = await createFund(api.current);
      for (let gift = 1; gift <= 91; gift += 1) {
        await api.current.post('staff', '/v1/donations', { amount: '1000000000000.00', fundId }).expect(201);
      }
      expect(await fundOf(api.current, fundId)).to.include({ posted: '91000000000000.00' });
      expect(await api.current.ledgerState()).to.include({ trialBalance: '0.00', verified: true });
    });
  });

  describe('fund closing date', () => {
    it('POST /v1/donations — dated after the fund closesOn — 409 FUND_CLOSED; on closesOn — accepted', async () => {
      const fundId = await createFund(api.current, { closesOn: '2026-11-30' });
      await expectRefusal(
        api.current,
        () => api.current.post('staff', '/v1/donations', { amount: '100', fundId, date: '2026-12-01' }),
        409,
        'FUND_CLOSED',
      );
      await expectRefusal(
        api.current,
        () => api.current.post('patron', '/v1/donations', { amount: '100', fundId, date: '2026-12-01' }),
        409,
        'FUND_CLOSED',
      );
      const lastDay = await api.current
        .post('staff', '/v1/donations', { amount: '100', fundId, date: '2026-11-30' })
        .expect(201);
      expect(lastDay.body).to.include({ status: 'posted', fundAvailable: '100.00' });
    });
  });

  describe('listing', () => {
    it('GET /v1/donations — patron — sees only their own; another patron’s by id — 404 NOT_FOUND', async () => {
      const otherPatronId = await createPatron(api.current, 'Чужой Даритель');
      const others = await api.current
        .post('staff', '/v1/donations', { amount: '77', patronId: otherPatronId })
        .expect(201);
      const own = await api.current.post('patron', '/v1/donations', { amount: '11' }).expect(201);
      const list = await api.current.get('patron', '/v1/donations?limit=200').expect(200);
      const patronIds = new Set(list.body.items.map((item: { patronId: number }) => item.patronId));
      expect([...patronIds]).to.deep.equal([api.current.patronId]);
      expect(list.body.items.map((item: { id: number }) => item.id)).to.include(own.body.id);
      const named = await api.current.get('patron', `/v1/donations?patronId=${otherPatronId}`).expect(200);
      expect(
        named.body.items.every((item: { patronId: number }) => item.patronId === api.current.patronId),
      ).to.equal(true);
      const hidden = await api.current.get('patron', `/v1/donations/${others.body.id}`).expect(404);
      expect(hidden.body.code).to.equal('NOT_FOUND');
      await api.current.get('patron', `/v1/donations/${own.body.id}`).expect(200);
      const staffView = await api.current.get('staff', `/v1/donations?patronId=${otherPatronId}`).expect(200);
      expect(staffView.body.items.map((item: { id: number }) => item.id)).to.deep.equal([others.body.id]);
    });

    it('GET /v1/donations — filters status, from/to and fundId — only the matching donations, newest first', async () => {
      const fundId = await createFund(api.current);
      const early = await api.current
        .post('staff', '/v1/donations', { amount: '1', fundId, date: '2026-11-01' })
        .expect(201);
      const declared = await api.current
        .post('patron', '/v1/donations', { amount: '2', fundId, date: '2026-11-10' })
        .expect(201);
      const late = await api.current
        .post('staff', '/v1/donations', { amount: '3', fundId, date: '2026-11-20' })
        .expect(201);
      const rejected = await api.current.post('patron', '/v1/donations', { amount: '4', fundId }).expect(201);
      await api.current.post('staff', `/v1/donations/${rejected.body.id}/reject`).expect(200);
      const ids = async (query: string) =>
        (await api.current.get('staff', `/v1/donations?fundId=${fundId}${query}`).expect(200)).body.items.map(
          (item: { id: number }) => item.id,
        );
      expect(await ids('')).to.deep.equal([rejected.body.id, late.body.id, declared.body.id, early.body.id]);
      expect(await ids('&status=pending')).to.deep.equal([declared.body.id]);
      expect(await ids('&status=voided')).to.deep.equal([rejected.body.id]);
      expect(await ids('&status=posted')).to.deep.equal([late.body.id, early.body.id]);
      expect(await ids('&from=2026-11-05&to=2026-11-20')).to.deep.equal([late.body.id, declared.body.id]);
      expect(await ids('&to=2026-11-01')).to.deep.equal([early.body.id]);
      expect(await ids(`&from=${TODAY}&status=voided`)).to.deep.equal([rejected.body.id]);
    });

    it('GET /v1/donations — limit 2 with the cursor — every donation once, newest first, null cursor at the end', async () => {
      const fundId = await createFund(api.current);
      const created: number[] = [];
      for (const amount of ['1', '2', '3', '4', '5']) {
        created.push(
          (await api.current.post('staff', '/v1/donations', { amount, fundId }).expect(201)).body.id,
        );
      }
      const seen: number[] = [];
      const pageSizes: number[] = [];
      let cursor: string | null = null;
      do {
        const query: string = `/v1/donations?fundId=${fundId}&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
        const page = await api.current.get('auditor', query).expect(200);
        pageSizes.push(page.body.items.length);
        seen.push(...page.body.items.map((item: { id: number }) => item.id));
        cursor = page.body.nextCursor;
      } while (cursor !== null);
      expect(pageSizes).to.deep.equal([2, 2, 1]);
      expect(seen).to.deep.equal([...created].reverse());
    });

    it('GET /v1/donations — a cursor the server never gave — 400 VALIDATION_FAILED', async () => {
      const response = await api.current.get('staff', '/v1/donations?cursor=not-a-cursor').expect(400);
      expect(response.body.code).to.equal('VALIDATION_FAILED');
    });
  });

  describe('closed period', () => {
    // A database of its own: closing the books would refuse the earlier-dated scenarios above.
    const closing = useApi();

    it('POST /v1/donations — dated in a period closed through 2026-11-20 — 409 PERIOD_CLOSED; the day after — posted', async () => {
      const closed = await closing.current
        .post('admin', '/v1/periods/close', { through: '2026-11-20' })
        .expect(200);
      expect(closed.body).to.deep.equal({ closedThrough: '2026-11-20' });
      for (const date of ['2026-11-19', '2026-11-20']) {
        await expectRefusal(
          closing.current,
          () => closing.current.post('staff', '/v1/donations', { amount: '100', date }),
          409,
          'PERIOD_CLOSED',
        );
        await expectRefusal(
          closing.current,
          () => closing.current.post('patron', '/v1/donations', { amount: '100', date }),
          409,
          'PERIOD_CLOSED',
        );
      }
      const open = await closing.current
        .post('staff', '/v1/donations', { amount: '100', date: '2026-11-21' })
        .expect(201);
      expect(open.body).to.include({ status: 'posted', date: '2026-11-21' });
    });
  });
});
