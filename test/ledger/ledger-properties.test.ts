// Proves the ledger's invariants hold for any sequence of donations, aid, pending resolutions and
// reversals: every fund's balances equal an independent model, a fund is never overdrawn, the
// trial balance is exactly zero and the hash chain verifies.
import { expect } from 'chai';
import fc from 'fast-check';
import { DomainError } from '../../src/errors/domain-error.js';
import type { FundBalance } from '../../src/funds/fund-types.js';
import { Money } from '../../src/money/money.js';
import { aidEntry, donationEntry } from '../support/ledger-fixtures.js';
import { useTestDatabase } from '../support/test-database.js';

type Command =
  | { type: 'donate' | 'aid'; fund: number; tiyn: bigint; pending: boolean }
  | { type: 'resolve'; pick: number; post: boolean }
  | { type: 'reverse'; pick: number };

interface FundModel {
  postedTiyn: bigint;
  pendingInTiyn: bigint;
  pendingOutTiyn: bigint;
}

interface Recorded {
  entryId: number;
  type: 'donate' | 'aid';
  fund: number;
  tiyn: bigint;
}

const FUND_COUNT = 3;
const commandArbitrary: fc.Arbitrary<Command> = fc.oneof(
  fc.record({
    type: fc.constantFrom('donate' as const, 'aid' as const),
    fund: fc.nat(FUND_COUNT - 1),
    tiyn: fc.bigInt(1n, 50_000n),
    pending: fc.boolean(),
  }),
  fc.record({ type: fc.constant('resolve' as const), pick: fc.nat(), post: fc.boolean() }),
  fc.record({ type: fc.constant('reverse' as const), pick: fc.nat() }),
);

describe('ledger properties', () => {
  const testDatabase = useTestDatabase();
  const funds: FundBalance[] = [];

  before(async () => {
    const services = testDatabase.current.services;
    funds.push(await services.funds.getByCode('general'));
    funds.push(await services.funds.create({ code: 'food-bank', name: 'Food bank', restricted: true }));
    funds.push(await services.funds.create({ code: 'heating', name: 'Heating', restricted: true }));
  });

  it('any sequence of commands — balances match the model, never overdrawn, trial balance zero, chain verifies', async () => {
    const { ledger, funds: fundService } = testDatabase.current.services;
    await fc.assert(
      fc.asyncProperty(fc.array(commandArbitrary, { minLength: 1, maxLength: 25 }), async (commands) => {
        const model: FundModel[] = [];
        for (const fund of funds) {
          const current = await fundService.get(fund.id);
          model.push({
            postedTiyn: current.posted.tiyn,
            pendingInTiyn: current.pendingIn.tiyn,
            pendingOutTiyn: current.pendingOut.tiyn,
          });
        }
        const pending: Recorded[] = [];
        const reversible: Recorded[] = [];
        for (const command of commands) {
          await apply(command, model, pending, reversible);
        }
        for (const [index, fund] of funds.entries()) {
          const actual = await fundService.get(fund.id);
          const expected = model[index] as FundModel;
          expect(actual.posted.tiyn).to.equal(expected.postedTiyn);
          expect(actual.pendingIn.tiyn).to.equal(expected.pendingInTiyn);
          expect(actual.pendingOut.tiyn).to.equal(expected.pendingOutTiyn);
          expect(actual.available.isNegative()).to.equal(false);
        }
        const trialBalance = Money.sum((await ledger.accounts()).map((account) => account.posted));
        expect(trialBalance.isZero()).to.equal(true);
        const verified = await ledger.verify();
        expect(verified.ok, verified.problem ?? '').to.equal(true);
      }),
      { numRuns: 12 },
    );

    async function apply(command: Command, model: FundModel[], pending: Recorded[], reversible: Recorded[]) {
      if (command.type === 'donate' || command.type === 'aid') {
        const fund = funds[command.fund] as FundBalance;
        const state = model[command.fund] as FundModel;
        const amount = Money.fromTiyn(command.tiyn).toString();
        const options = {
          fundCode: fund.code,
          fundId: fund.id,
          status: command.pending ? 'pending' : 'posted',
        } as const;
        const input = command.type === 'donate' ? donationEntry(amount, options) : aidEntry(amount, options);
        const overdraws = command.type === 'aid' && state.postedTiyn - state.pendingOutTiyn < command.tiyn;
        const outcome = await attempt(() => ledger.record(input));
        if (overdraws) return expect(outcome).to.equal('INSUFFICIENT_FUNDS');
        if (typeof outcome === 'string') throw new Error(`unexpected refusal ${outcome}`);
        const recorded = { entryId: outcome.id, type: command.type, fund: command.fund, tiyn: command.tiyn };
        if (command.pending) {
          if (command.type === 'donate') state.pendingInTiyn += command.tiyn;
          else state.pendingOutTiyn += command.tiyn;
          pending.push(recorded);
        } else {
          state.postedTiyn += command.type === 'donate' ? command.tiyn : -command.tiyn;
          reversible.push(recorded);
        }
        return;
      }
      if (command.type === 'resolve') {
        if (pending.length === 0) return;
        const [target] = pending.splice(command.pick % pending.length, 1) as [Recorded];
        const state = model[target.fund] as FundModel;
        const outcome = await attempt(() =>
          command.post ? ledger.postPending(target.entryId, {}) : ledger.voidPending(target.entryId, {}),
        );
        if (typeof outcome === 'string') throw new Error(`unexpected refusal ${outcome}`);
        if (target.type === 'donate') state.pendingInTiyn -= target.tiyn;
        else state.pendingOutTiyn -= target.tiyn;
        if (command.post) {
          state.postedTiyn += target.type === 'donate' ? target.tiyn : -target.tiyn;
          reversible.push({ ...target, entryId: outcome.id });
        }
        return;
      }
      if (command.type !== 'reverse' || reversible.length === 0) return;
      const index = command.pick % reversible.length;
      const target = reversible[index] as Recorded;
      const state = model[target.fund] as FundModel;
      const overdraws = target.type === 'donate' && state.postedTiyn - state.pendingOutTiyn < target.tiyn;
      const outcome = await attempt(() => ledger.reverse(target.entryId, { reason: 'property test' }));
      if (overdraws) return expect(outcome).to.equal('INSUFFICIENT_FUNDS');
      if (typeof outcome === 'string') throw new Error(`unexpected refusal ${outcome}`);
      reversible.splice(index, 1);
      state.postedTiyn += target.type === 'donate' ? -target.tiyn : target.tiyn;
    }
  });
});

/** The result of `work`, or the code of the domain error that refused it. */
async function attempt<T>(work: () => Promise<T>): Promise<T | string> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
}
