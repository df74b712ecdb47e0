// Proves the journal's HTTP face: an entry is reversed once and only when it moved money that is
// still there, entries page and filter by date with string amounts, accounts sum to zero, and the
// chain verifies over exactly the entries written.
import { expect } from 'chai';
import { type ApiHarness, expectRefusal, useApi } from '../support/api-harness.js';

let fundSerial = 0;

async function createFund(api: ApiHarness): Promise<number> {
  fundSerial += 1;
  const response = await api
    .post('admin', '/v1/funds', {
      code: `entries-${fundSerial}`,
      name: `Fund ${fundSerial}`,
      restricted: false,
    })
    .expect(201);
  return response.body.id;
}

async function fundOf(api: ApiHarness, fundId: number) {
  return (await api.get('staff', `/v1/funds/${fundId}`).expect(200)).body;
}

/** An amount string of the API ("-1500.50") as integer tiyn, so sums are exact. */
function tiynOf(amount: string): bigint {
  expect(amount).to.match(/^-?[0-9]+\.[0-9]{2}$/);
  return BigInt(amount.replace('.', ''));
}

describe('entries api', () => {
  const api = useApi();

  let recipientSerial = 0;

  /** A recipient row written directly: only its id matters here, and its IIN hash must be unique. */
  async function recipient(): Promise<number> {
    recipientSerial += 1;
    const [inserted] = await api.current.testDatabase.database
      .knex('recipients')
      .insert({
        iin: null,
        iin_hash: `entries${recipientSerial}`.padStart(64, 'e'),
        full_name: 'Test',
        region: 'KZ-75',
        created_at: new Date().toISOString(),
      })
      .returning('id');
    return Number(typeof inserted === 'object' ? inserted.id : inserted);
  }

  describe('reversal', () => {
    it('POST /v1/entries/:id/reverse — a posted donation — 201 the opposite entry naming it, fund back to zero', async () => {
      const fundId = await createFund(api.current);
      const donation = await api.current
        .post('staff', '/v1/donations', { amount: '1200.40', fundId })
        .expect(201);
      const ledgerBefore = await api.current.ledgerState();
      const reversal = await api.current
        .post('staff', `/v1/entries/${donation.body.entryId}/reverse`, { reason: 'booked twice' })
        .expect(201);
      expect(reversal.body).to.include({
        id: ledgerBefore.entries + 1,
        reverses: donation.body.entryId,
        kind: 'reversal',
        status: 'posted',
        memo: 'booked twice',
        date: '2026-11-25',
      });
      expect(reversal.body.postings.map((posting: { amount: string }) => posting.amount)).to.deep.equal([
        '-1200.40',
        '1200.40',
      ]);
      expect(await fundOf(api.current, fundId)).to.include({ posted: '0.00', available: '0.00' });
      const shown = await api.current.get('staff', `/v1/donations/${donation.body.id}`).expect(200);
      expect(shown.body.reversedByEntryId).to.equal(reversal.body.id);
      expect(await api.current.ledgerState()).to.include({
        entries: ledgerBefore.entries + 1,
        trialBalance: '0.00',
        verified: true,
      });
    });

    it('POST /v1/entries/:id/reverse — a second time — 409 ALREADY_REVERSED naming the reversal, nothing written', async () => {
      const donation = await api.current.post('staff', '/v1/donations', { amount: '10' }).expect(201);
      const first = await api.current
        .post('admin', `/v1/entries/${donation.body.entryId}/reverse`, { reason: 'wrong patron' })
        .expect(201);
      const again = await expectRefusal(
        api.current,
        () => api.current.post('staff', `/v1/entries/${donation.body.entryId}/reverse`, { reason: 'again' }),
        409,
        'ALREADY_REVERSED',
      );
      expect(again.body.reversalEntryId).to.equal(first.body.id);
    });

    it('POST /v1/entries/:id/reverse — the reversal itself — 409 NOT_REVERSIBLE, nothing written', async () => {
      const donation = await api.current.post('staff', '/v1/donations', { amount: '10' }).expect(201);
      const reversal = await api.current
        .post('staff', `/v1/entries/${donation.body.entryId}/reverse`, { reason: 'mistake' })
        .expect(201);
      await expectRefusal(
        api.current,
        () =>
          api.current.post('staff', `/v1/entries/${reversal.body.id}/reverse`, { reason: 'undo the undo' }),
        409,
        'NOT_REVERSIBLE',
      );
    });

    it('POST /v1/entries/:id/reverse — a pending entry, then its void record — 409 NOT_REVERSIBLE, nothing written', async () => {
      const declared = await api.current.post('patron', '/v1/donations', { amount: '60' }).expect(201);
      await expectRefusal(
        api.current,
        () =>
          api.current.post('staff', `/v1/entries/${declared.body.entryId}/reverse`, {
            reason: 'not received',
          }),
        409,
        'NOT_REVERSIBLE',
      );
      await api.current.post('staff', `/v1/donations/${declared.body.id}/reject`).expect(200);
      const voidEntryId = (await api.current.ledgerState()).entries;
      await expectRefusal(
        api.current,
        () => api.current.post('staff', `/v1/entries/${voidEntryId}/reverse`, { reason: 'not received' }),
        409,
        'NOT_REVERSIBLE',
      );
    });

    it('POST /v1/entries/:id/reverse — a donation whose money was paid out as aid — 409 INSUFFICIENT_FUNDS', async () => {
      const fundId = await createFund(api.current);
      const recipientId = await recipient();
      const donation = await api.current
        .post('staff', '/v1/donations', { amount: '300', fundId })
        .expect(201);
      await api.current
        .post('staff', '/v1/aid', { recipientId, fundId, amount: '250', category: 'utilities' })
        .expect(201);
      await expectRefusal(
        api.current,
        () =>
          api.current.post('staff', `/v1/entries/${donation.body.entryId}/reverse`, { reason: 'bounced' }),
        409,
        'INSUFFICIENT_FUNDS',
      );
      expect(await fundOf(api.current, fundId)).to.include({ posted: '50.00', available: '50.00' });
    });

    it('POST /v1/entries/:id/reverse — unknown entry — 404 NOT_FOUND, nothing written', async () => {
      await expectRefusal(
        api.current,
        () => api.current.post('staff', '/v1/entries/999999/reverse', { reason: 'nothing' }),
        404,
        'NOT_FOUND',
      );
    });

    it('POST /v1/entries/:id/reverse — no reason, or an empty one — 400 VALIDATION_FAILED, nothing written', async () => {
      const donation = await api.current.post('staff', '/v1/donations', { amount: '10' }).expect(201);
      const path = `/v1/entries/${donation.body.entryId}/reverse`;
      await expectRefusal(api.current, () => api.current.post('staff', path, {}), 400, 'VALIDATION_FAILED');
      await expectRefusal(
        api.current,
        () => api.current.post('staff', path, { reason: '   ' }),
        400,
        'VALIDATION_FAILED',
      );
    });

    it('POST /v1/entries/:id/reverse — auditor or patron — 403 FORBIDDEN, nothing written', async () => {
      const donation = await api.current.post('staff', '/v1/donations', { amount: '10' }).expect(201);
      const path = `/v1/entries/${donation.body.entryId}/reverse`;
      await expectRefusal(
        api.current,
        () => api.current.post('auditor', path, { reason: 'x' }),
        403,
        'FORBIDDEN',
      );
      await expectRefusal(
        api.current,
        () => api.current.post('patron', path, { reason: 'x' }),
        403,
        'FORBIDDEN',
      );
    });
  });

  describe('reading', () => {
    it('GET /v1/entries/:id — a donation entry — postings with string amounts, accounts, fund and patron', async () => {
      const fundId = await createFund(api.current);
      const patronId = (
        await api.current.post('staff', '/v1/patrons', { name: 'Айгүл', kind: 'individual' }).expect(201)
      ).body.id;
      const donation = await api.current
        .post('staff', '/v1/donations', { amount: '1500.5', fundId, patronId })
        .expect(201);
      const { code } = await fundOf(api.current, fundId);
      const entry = await api.current.get('auditor', `/v1/entries/${donation.body.entryId}`).expect(200);
      expect(entry.body).to.include({
        id: donation.body.entryId,
        kind: 'donation',
        status: 'posted',
        reverses: null,
      });
      expect(entry.body.hash).to.match(/^[0-9a-f]{64}$/);
      expect(entry.body.postings).to.deep.equal([
        { accountCode: `assets:funds:${code}`, amount: '1500.50', fundId, patronId, recipientId: null },
        { accountCode: 'income:donations', amount: '-1500.50', fundId, patronId, recipientId: null },
      ]);
      const missing = await api.current.get('auditor', '/v1/entries/999999').expect(404);
      expect(missing.body.code).to.equal('NOT_FOUND');
      expect(
        (await api.current.get('patron', `/v1/entries/${donation.body.entryId}`).expect(403)).body.code,
      ).to.equal('FORBIDDEN');
    });

    it('GET /v1/entries — limit 3 with the cursor — every entry once, newest first, null cursor at the end', async () => {
      const { entries } = await api.current.ledgerState();
      const seen: number[] = [];
      let cursor: string | null = null;
      do {
        const path: string = `/v1/entries?limit=3${cursor ? `&cursor=${cursor}` : ''}`;
        const page = await api.current.get('auditor', path).expect(200);
        expect(page.body.items.length).to.be.at.most(3);
        seen.push(...page.body.items.map((item: { id: number }) => item.id));
        cursor = page.body.nextCursor;
      } while (cursor !== null);
      expect(seen).to.deep.equal(Array.from({ length: entries }, (_, index) => entries - index));
    });

    it('GET /v1/entries — from/to — only entries with value dates in the range, both ends included', async () => {
      const fundId = await createFund(api.current);
      const dated: Record<string, number> = {};
      for (const date of ['2026-10-31', '2026-11-01', '2026-11-15', '2026-11-16']) {
        dated[date] = (
          await api.current.post('staff', '/v1/donations', { amount: '1', fundId, date }).expect(201)
        ).body.entryId;
      }
      const inRange = await api.current
        .get('auditor', '/v1/entries?from=2026-11-01&to=2026-11-15')
        .expect(200);
      expect(inRange.body.items.map((item: { id: number }) => item.id)).to.deep.equal([
        dated['2026-11-15'],
        dated['2026-11-01'],
      ]);
      expect(
        inRange.body.items.every(
          (item: { date: string }) => item.date >= '2026-11-01' && item.date <= '2026-11-15',
        ),
      ).to.be.true;
      const bad = await api.current.get('auditor', '/v1/entries?from=2026-02-30').expect(400);
      expect(bad.body.code).to.equal('VALIDATION_FAILED');
    });

    it('GET /v1/accounts — after donations, aid, pending and reversals — posted balances sum to exactly zero', async () => {
      await api.current.post('patron', '/v1/donations', { amount: '999.99' }).expect(201);
      const accounts = await api.current.get('auditor', '/v1/accounts').expect(200);
      const codes = accounts.body.items.map((account: { code: string }) => account.code);
      expect(codes).to.include.members([
        'assets:funds:general',
        'income:donations',
        'expenses:aid:utilities',
      ]);
      const postedTiyn = accounts.body.items.reduce(
        (sum: bigint, account: { posted: string }) => sum + tiynOf(account.posted),
        0n,
      );
      expect(postedTiyn).to.equal(0n);
      const pendingTiyn = accounts.body.items.reduce(
        (sum: bigint, account: { pendingDebit: string; pendingCredit: string }) =>
          sum + tiynOf(account.pendingDebit) - tiynOf(account.pendingCredit),
        0n,
      );
      expect(pendingTiyn).to.equal(0n);
      const income = accounts.body.items.find(
        (account: { code: string }) => account.code === 'income:donations',
      );
      expect(tiynOf(income.posted) < 0n).to.be.true;
    });

    it('GET /v1/audit/verify — the journal as written — ok, entries = count, head hash of the last entry', async () => {
      const state = await api.current.ledgerState();
      const verify = await api.current.get('auditor', '/v1/audit/verify').expect(200);
      expect(verify.body).to.include({
        ok: true,
        entries: state.entries,
        headHash: state.headHash,
        firstBadEntryId: null,
      });
      const last = await api.current.get('auditor', `/v1/entries/${state.entries}`).expect(200);
      expect(last.body.hash).to.equal(state.headHash);
      expect((await api.current.get('patron', '/v1/audit/verify').expect(403)).body.code).to.equal(
        'FORBIDDEN',
      );
    });
  });
});
