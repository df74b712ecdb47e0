// Proves funds are created with their own never-overdrawn account, listed with their balances,
// and that a bad or duplicate fund is refused without creating anything.
import { expect } from 'chai';
import { DomainError } from '../../src/errors/domain-error.js';
import { parseAmount } from '../../src/money/money.js';
import { donationEntry } from '../support/ledger-fixtures.js';
import { useTestDatabase } from '../support/test-database.js';

async function refusal(promise: Promise<unknown>): Promise<{ code: string; field: unknown }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return { code: error.code, field: error.details.field };
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('fund service', () => {
  const testDatabase = useTestDatabase();
  const funds = () => testDatabase.current.services.funds;

  it('general — exists from the start — unrestricted, empty, with its account', async () => {
    const general = await funds().getByCode('general');
    expect(general).to.include({ code: 'general', restricted: false, accountCode: 'assets:funds:general' });
    expect(general.available.toString()).to.equal('0.00');
    const account = await testDatabase.current.services.ledger.accountByCode('assets:funds:general');
    expect(account).to.include({ type: 'asset', noOverdraft: true, fundId: general.id });
  });

  it('create — a restricted fund with a cap and a closing date — stored and listed with balances', async () => {
    const fund = await funds().create({
      code: 'winter-2026',
      name: 'Қысқы көмек — зимняя помощь',
      restricted: true,
      capPerRecipientYear: parseAmount('150000.00'),
      closesOn: '2027-03-31',
    });
    expect(fund).to.include({
      code: 'winter-2026',
      name: 'Қысқы көмек — зимняя помощь',
      closesOn: '2027-03-31',
    });
    expect(fund.capPerRecipientYear?.toString()).to.equal('150000.00');
    await testDatabase.current.services.ledger.record(
      donationEntry('99.90', { fundCode: fund.code, fundId: fund.id }),
    );
    const listed = (await funds().list()).find((candidate) => candidate.id === fund.id);
    expect(listed?.available.toString()).to.equal('99.90');
    expect((await funds().list()).map((candidate) => candidate.code)).to.deep.equal([
      'general',
      'winter-2026',
    ]);
  });

  it('create — bad code, empty name, bad closing date, zero cap — VALIDATION_FAILED naming the field', async () => {
    const before = (await funds().list()).length;
    const base = { code: 'ok-code', name: 'Name', restricted: true };
    expect(await refusal(funds().create({ ...base, code: 'Has Spaces' }))).to.deep.equal({
      code: 'VALIDATION_FAILED',
      field: 'code',
    });
    expect(await refusal(funds().create({ ...base, code: 'x' }))).to.include({ field: 'code' });
    expect(await refusal(funds().create({ ...base, name: '   ' }))).to.include({ field: 'name' });
    expect(await refusal(funds().create({ ...base, closesOn: '31.03.2027' }))).to.include({
      field: 'closesOn',
    });
    const zeroCap = { ...base, capPerRecipientYear: parseAmount('1.00').minus(parseAmount('1.00')) };
    expect(await refusal(funds().create(zeroCap))).to.include({ field: 'capPerRecipientYear' });
    expect((await funds().list()).length).to.equal(before);
  });

  it('create — a code that exists — DUPLICATE, and concurrent creations make exactly one fund', async () => {
    expect(await refusal(funds().create({ code: 'general', name: 'Again', restricted: false }))).to.include({
      code: 'DUPLICATE',
    });
    const attempts = await Promise.allSettled(
      [1, 2, 3].map(() => funds().create({ code: 'race', name: 'Race', restricted: true })),
    );
    expect(attempts.filter((attempt) => attempt.status === 'fulfilled')).to.have.length(1);
    for (const attempt of attempts) {
      if (attempt.status === 'rejected') expect((attempt.reason as DomainError).code).to.equal('DUPLICATE');
    }
  });

  it('get — an unknown id — NOT_FOUND', async () => {
    expect(await refusal(funds().get(987_654))).to.include({ code: 'NOT_FOUND' });
    expect(await refusal(funds().getByCode('nope'))).to.include({ code: 'NOT_FOUND' });
  });
});
