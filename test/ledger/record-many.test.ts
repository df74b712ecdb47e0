// Proves LedgerService.recordMany is `record` applied to each entry in turn, only written in fewer
// statements: for any list of donations and aid (posted or pending, any fund), the entries, their
// hashes and every kept balance are the same as one-by-one recording gives, and where one-by-one
// recording refuses an entry (an overdraft), recordMany refuses the whole list and writes nothing.
import { expect } from 'chai';
import fc from 'fast-check';
import type { Knex } from 'knex';
import { DomainError } from '../../src/errors/domain-error.js';
import type { Entry, NewEntry } from '../../src/ledger/ledger-types.js';
import { Money } from '../../src/money/money.js';
import { aidEntry, donationEntry } from '../support/ledger-fixtures.js';
import { useTestDatabase } from '../support/test-database.js';

interface Outcome {
  entries: Array<Pick<Entry, 'id' | 'hash' | 'prevHash' | 'status' | 'date'>>;
  balances: string[];
  refused: string | null;
}

/** Rolls back whatever the work wrote, after reading what it left. */
class RolledBack extends Error {
  constructor(readonly outcome: Outcome) {
    super('rolled back on purpose');
  }
}

const FUNDS = ['general', 'food-bank', 'heating'];

describe('LedgerService.recordMany', () => {
  const testDatabase = useTestDatabase();
  const fundIds: number[] = [];

  before(async () => {
    const { services } = testDatabase.current;
    fundIds.push((await services.funds.getByCode('general')).id);
    for (const code of FUNDS.slice(1)) {
      fundIds.push((await services.funds.create({ code, name: code, restricted: true })).id);
    }
    await services.ledger.record(donationEntry('100.00', { fundCode: 'food-bank', fundId: fundIds[1] }));
  });

  async function outcomeOf(work: (trx: Knex.Transaction) => Promise<Entry[]>): Promise<Outcome> {
    const { ledger } = testDatabase.current.services;
    try {
      await ledger.transaction(async (trx) => {
        let entries: Entry[] = [];
        let refused: string | null = null;
        try {
          entries = await trx.transaction((savepoint) => work(savepoint));
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          refused = error.code;
        }
        const accounts = await trx('accounts')
          .orderBy('id')
          .select('code', 'posted_tiyn', 'pending_debit_tiyn', 'pending_credit_tiyn');
        throw new RolledBack({
          entries: entries.map(({ id, hash, prevHash, status, date }) => ({
            id,
            hash,
            prevHash,
            status,
            date,
          })),
          balances: accounts.map(
            (row) => `${row.code} ${row.posted_tiyn} ${row.pending_debit_tiyn} ${row.pending_credit_tiyn}`,
          ),
          refused,
        });
      });
    } catch (error) {
      if (error instanceof RolledBack) return error.outcome;
      throw error;
    }
    throw new Error('the work was not rolled back');
  }

  const entryArbitrary: fc.Arbitrary<(ids: number[]) => NewEntry> = fc
    .record({
      aid: fc.boolean(),
      fund: fc.nat(FUNDS.length - 1),
      tiyn: fc.bigInt(1n, 6_000n),
      pending: fc.boolean(),
      day: fc.integer({ min: 1, max: 25 }),
    })
    .map(({ aid, fund, tiyn, pending, day }) => (ids: number[]) => {
      const options = {
        fundCode: FUNDS[fund] as string,
        fundId: ids[fund] as number,
        status: pending ? ('pending' as const) : ('posted' as const),
        date: `2026-11-${String(day).padStart(2, '0')}`,
      };
      const amount = Money.fromTiyn(tiyn).toString();
      return aid ? aidEntry(amount, options) : donationEntry(amount, options);
    });

  it('any list of donations and aid — the same entries, hashes and balances as one by one; a refusal refuses all', async () => {
    const { ledger } = testDatabase.current.services;
    let refusals = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(entryArbitrary, { minLength: 1, maxLength: 30 }), async (makers) => {
        const inputs = makers.map((make) => make(fundIds));
        const oneByOne = await outcomeOf(async (trx) => {
          const entries: Entry[] = [];
          for (const input of inputs) entries.push(await ledger.record(input, trx));
          return entries;
        });
        const many = await outcomeOf((trx) => ledger.recordMany(inputs, trx));
        if (oneByOne.refused !== null) refusals += 1;
        expect(many).to.deep.equal(oneByOne);
      }),
      { numRuns: 60, seed: 20261125 },
    );
    expect(refusals, 'some lists overdraw a fund, so refusals were tried too').to.be.greaterThan(0);
  });

  it('an empty list — writes nothing and returns nothing', async () => {
    const { ledger } = testDatabase.current.services;
    const before = await ledger.journalHead();
    expect(await ledger.transaction((trx) => ledger.recordMany([], trx))).to.deep.equal([]);
    expect(await ledger.journalHead()).to.deep.equal(before);
  });
});
