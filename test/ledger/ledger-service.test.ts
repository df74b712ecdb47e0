// Proves the journal's rules on a real database: balanced entries, fund balances that never go
// below zero, pending entries that are posted or voided once, reversals once, closed periods, and
// a hash chain that verifies after every kind of change.
import { expect } from 'chai';
import { DomainError } from '../../src/errors/domain-error.js';
import { fundAccountCode } from '../../src/ledger/chart.js';
import { parseAmount } from '../../src/money/money.js';
import { aidEntry, donationEntry } from '../support/ledger-fixtures.js';
import { useTestDatabase } from '../support/test-database.js';

/** Awaits `promise` and returns the domain error code it was refused with. */
async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
  throw new Error('expected the ledger to refuse, but it accepted');
}

describe('ledger service', () => {
  const testDatabase = useTestDatabase();
  const ledger = () => testDatabase.current.services.ledger;
  const funds = () => testDatabase.current.services.funds;

  async function entryCount(): Promise<number> {
    return (await ledger().journalHead()).lastEntryId;
  }

  async function general() {
    return funds().getByCode('general');
  }

  async function expectChainVerifies(): Promise<void> {
    const result = await ledger().verify();
    expect(result, result.problem ?? '').to.include({ ok: true, firstBadEntryId: null });
    expect(result.entries).to.equal(await entryCount());
  }

  it('record — posted donation — moves money into the fund and income, chained from genesis', async () => {
    const entry = await ledger().record(donationEntry('1000.00'));
    expect(entry.id).to.equal(1);
    expect(entry.prevHash).to.equal('0'.repeat(64));
    expect(entry.date).to.equal('2026-11-25');
    expect(entry.postings.map((posting) => posting.amount.toString())).to.deep.equal(['1000.00', '-1000.00']);
    expect((await general()).available.toString()).to.equal('1000.00');
    const income = await ledger().accountByCode('income:donations');
    expect(income.posted.toString()).to.equal('-1000.00');
    await expectChainVerifies();
  });

  it('record — the business day is Almaty time — 19:30 UTC is already tomorrow', async () => {
    testDatabase.current.clock.set('2026-11-25T19:30:00.000Z');
    const entry = await ledger().record(donationEntry('1.00'));
    testDatabase.current.clock.set('2026-11-25T06:00:00.000Z');
    expect(entry.date).to.equal('2026-11-26');
  });

  it('record — unbalanced or one-legged postings — refused and nothing written', async () => {
    const before = await entryCount();
    const entry = donationEntry('10.00');
    const [first, second] = entry.postings;
    if (!first || !second) throw new Error('fixture has two postings');
    const lopsided = { ...entry, postings: [first, { ...second, amount: parseAmount('9.99').negated() }] };
    expect(await refusal(ledger().record(lopsided))).to.equal('UNBALANCED_ENTRY');
    expect(await refusal(ledger().record({ ...entry, postings: [first] }))).to.equal('UNBALANCED_ENTRY');
    expect(await entryCount()).to.equal(before);
  });

  it('record — unknown account, bad date, bad kind — refused with a clear code', async () => {
    const before = await entryCount();
    const entry = donationEntry('10.00');
    const unknown = {
      ...entry,
      postings: entry.postings.map((posting, index) =>
        index === 0 ? { ...posting, accountCode: 'assets:funds:nowhere' } : posting,
      ),
    };
    expect(await refusal(ledger().record(unknown))).to.equal('NOT_FOUND');
    expect(await refusal(ledger().record({ ...entry, date: '2026-02-30' }))).to.equal('VALIDATION_FAILED');
    expect(await refusal(ledger().record({ ...entry, kind: 'DROP TABLE' }))).to.equal('VALIDATION_FAILED');
    expect(await refusal(ledger().record({ ...entry, memo: 'x'.repeat(501) }))).to.equal('VALIDATION_FAILED');
    expect(await entryCount()).to.equal(before);
  });

  it('record — aid beyond the available balance — INSUFFICIENT_FUNDS and nothing written', async () => {
    const fund = await funds().create({ code: 'medical', name: 'Medical help', restricted: true });
    await ledger().record(donationEntry('300.00', { fundCode: 'medical', fundId: fund.id }));
    const before = await entryCount();
    const refused = await refusal(
      ledger().record(aidEntry('300.01', { fundCode: 'medical', fundId: fund.id })),
    );
    expect(refused).to.equal('INSUFFICIENT_FUNDS');
    expect(await entryCount()).to.equal(before);
    expect((await funds().get(fund.id)).available.toString()).to.equal('300.00');
    await ledger().record(aidEntry('300.00', { fundCode: 'medical', fundId: fund.id }));
    expect((await funds().get(fund.id)).available.toString()).to.equal('0.00');
    await expectChainVerifies();
  });

  it('pending aid — reserves the fund — a second aid beyond what is left is refused', async () => {
    const fund = await funds().create({ code: 'school', name: 'School kits', restricted: true });
    await ledger().record(donationEntry('500.00', { fundCode: 'school', fundId: fund.id }));
    const pending = await ledger().record(
      aidEntry('400.00', { fundCode: 'school', fundId: fund.id, status: 'pending' }),
    );
    const reserved = await funds().get(fund.id);
    expect(reserved.posted.toString()).to.equal('500.00');
    expect(reserved.pendingOut.toString()).to.equal('400.00');
    expect(reserved.available.toString()).to.equal('100.00');
    const refused = await refusal(
      ledger().record(aidEntry('100.01', { fundCode: 'school', fundId: fund.id })),
    );
    expect(refused).to.equal('INSUFFICIENT_FUNDS');

    const posted = await ledger().postPending(pending.id, {});
    expect(posted).to.include({ status: 'posted', pendingEntryId: pending.id, date: pending.date });
    const after = await funds().get(fund.id);
    expect([after.posted.toString(), after.pendingOut.toString(), after.available.toString()]).to.deep.equal([
      '100.00',
      '0.00',
      '100.00',
    ]);
    await expectChainVerifies();
  });

  it('pending — posted or voided once — a second resolution is ALREADY_RESOLVED', async () => {
    const first = await ledger().record(donationEntry('70.00', { status: 'pending' }));
    const second = await ledger().record(donationEntry('30.00', { status: 'pending' }));
    const availableBefore = (await general()).available;
    expect((await general()).pendingIn.toString()).to.equal('100.00');

    await ledger().postPending(first.id, {});
    const voided = await ledger().voidPending(second.id, { reason: 'the transfer never arrived' });
    expect(voided).to.include({ status: 'voided', pendingEntryId: second.id });
    expect(voided.postings).to.have.length(0);

    const before = await entryCount();
    expect(await refusal(ledger().postPending(first.id, {}))).to.equal('ALREADY_RESOLVED');
    expect(await refusal(ledger().voidPending(first.id, {}))).to.equal('ALREADY_RESOLVED');
    expect(await refusal(ledger().postPending(second.id, {}))).to.equal('ALREADY_RESOLVED');
    expect(await refusal(ledger().postPending(voided.id, {}))).to.equal('NOT_PENDING');
    expect(await refusal(ledger().postPending(999_999, {}))).to.equal('NOT_FOUND');
    expect(await entryCount()).to.equal(before);
    const after = await general();
    expect(after.available.minus(availableBefore).toString()).to.equal('70.00');
    expect(after.pendingIn.toString()).to.equal('0.00');
    await expectChainVerifies();
  });

  it('reverse — a posted entry — writes the opposite once; a second reversal is ALREADY_REVERSED', async () => {
    const availableBefore = (await general()).available;
    const donation = await ledger().record(donationEntry('45.50'));
    const reversal = await ledger().reverse(donation.id, { reason: 'recorded twice by mistake' });
    expect(reversal).to.include({
      kind: 'reversal',
      reversesEntryId: donation.id,
      memo: 'recorded twice by mistake',
    });
    expect(reversal.postings.map((posting) => posting.amount.toString())).to.deep.equal(['-45.50', '45.50']);
    expect((await general()).available.equals(availableBefore)).to.equal(true);

    const before = await entryCount();
    expect(await refusal(ledger().reverse(donation.id, { reason: 'again' }))).to.equal('ALREADY_REVERSED');
    expect(await refusal(ledger().reverse(reversal.id, { reason: 'undo the undo' }))).to.equal(
      'NOT_REVERSIBLE',
    );
    const pending = await ledger().record(donationEntry('5.00', { status: 'pending' }));
    expect(await refusal(ledger().reverse(pending.id, { reason: 'not money yet' }))).to.equal(
      'NOT_REVERSIBLE',
    );
    expect(await refusal(ledger().reverse(424_242, { reason: 'missing' }))).to.equal('NOT_FOUND');
    expect(await entryCount()).to.equal(before + 1);
    await ledger().voidPending(pending.id, {});
    await expectChainVerifies();
  });

  it('reverse — a donation whose money was already paid out — INSUFFICIENT_FUNDS', async () => {
    const fund = await funds().create({ code: 'flood', name: 'Flood relief', restricted: true });
    const donation = await ledger().record(donationEntry('80.00', { fundCode: 'flood', fundId: fund.id }));
    await ledger().record(aidEntry('50.00', { fundCode: 'flood', fundId: fund.id }));
    const before = await entryCount();
    expect(await refusal(ledger().reverse(donation.id, { reason: 'bounced' }))).to.equal(
      'INSUFFICIENT_FUNDS',
    );
    expect(await entryCount()).to.equal(before);
  });

  it('closePeriod — entries dated in a closed period — PERIOD_CLOSED; later dates still accepted', async () => {
    await ledger().record(donationEntry('10.00', { date: '2026-10-15' }));
    expect(await ledger().closePeriod('2026-10-31')).to.deep.equal({ closedThrough: '2026-10-31' });
    expect(await ledger().closedThrough()).to.equal('2026-10-31');
    const before = await entryCount();
    expect(await refusal(ledger().record(donationEntry('10.00', { date: '2026-10-31' })))).to.equal(
      'PERIOD_CLOSED',
    );
    expect(await refusal(ledger().record(donationEntry('10.00', { date: '2025-01-01' })))).to.equal(
      'PERIOD_CLOSED',
    );
    expect(await entryCount()).to.equal(before);
    await ledger().record(donationEntry('10.00', { date: '2026-11-01' }));
  });

  it('closePeriod — backwards, today or later, or with pending entries in it — refused', async () => {
    expect(await refusal(ledger().closePeriod('2026-10-01'))).to.equal('VALIDATION_FAILED');
    expect(await refusal(ledger().closePeriod('2026-11-25'))).to.equal('VALIDATION_FAILED');
    expect(await refusal(ledger().closePeriod('2026-13-01'))).to.equal('VALIDATION_FAILED');
    const pending = await ledger().record(donationEntry('3.00', { status: 'pending', date: '2026-11-02' }));
    expect(await refusal(ledger().closePeriod('2026-11-10'))).to.equal('PENDING_IN_PERIOD');
    await ledger().voidPending(pending.id, {});
    expect(await ledger().closePeriod('2026-11-10')).to.deep.equal({ closedThrough: '2026-11-10' });
  });

  it('accounts — trial balance over every account — sums to exactly zero', async () => {
    const accounts = await ledger().accounts();
    const total = accounts.reduce((sum, account) => sum + account.posted.tiyn, 0n);
    expect(total).to.equal(0n);
    expect(accounts.map((account) => account.code)).to.include.members([
      fundAccountCode('general'),
      'income:donations',
      'expenses:aid:food',
    ]);
    await expectChainVerifies();
  });
});
