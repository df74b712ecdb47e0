// Proves, for random sets of aid (posted, pending then approved, rejected or left, some reversed on
// later dates), that the recipients report equals the sum of posted aid minus reversals per
// recipient within any window, that the regions and categories reports add up to the same totals,
// that the funds report's money out is the same money, and that the trial balance stays at zero and
// agrees with the accounts. Each run pays from a fund of its own, and the reports are read for it.
import { expect } from 'chai';
import fc from 'fast-check';
import { useApi } from '../support/api-harness.js';
import { aidEvents, aidSumsBy, sumOf, tenge } from './report-model.js';
import { type RecipientRecord, ReportScenario } from './report-scenario.js';

const RUNS = 12;
const PROPERTY_TIMEOUT_MILLISECONDS = 120_000;
const REGIONS = ['KZ-75', 'KZ-71', 'KZ-61'];
const CATEGORIES = ['food', 'medical', 'housing', 'other'] as const;
/** Aid at or above this many tiyn is pending until approved (the test settings' threshold). */
const THRESHOLD_TIYN = 50_000_000;
const FIRST_DAY = Date.UTC(2026, 0, 2);
const DAY_MILLISECONDS = 86_400_000;

const dayOf = (offset: number) => new Date(FIRST_DAY + offset * DAY_MILLISECONDS).toISOString().slice(0, 10);
const amountOf = (tiyn: number) => tenge(BigInt(tiyn));

const aidArbitrary = fc.record({
  recipient: fc.nat({ max: 5 }),
  category: fc.constantFrom(...CATEGORIES),
  tiyn: fc.oneof(
    fc.integer({ min: 1, max: THRESHOLD_TIYN - 1 }),
    fc.integer({ min: THRESHOLD_TIYN, max: 2 * THRESHOLD_TIYN }),
  ),
  // Up to 2026-10-09, and reversals at most 40 days later: nothing is dated after today (2026-11-25).
  day: fc.nat({ max: 280 }),
  resolution: fc.constantFrom('approve', 'reject', 'leave'),
  reverseAfterDays: fc.option(fc.nat({ max: 40 }), { nil: null }),
});

const windowArbitrary = fc.record({
  from: fc.option(fc.nat({ max: 340 }), { nil: undefined }),
  to: fc.option(fc.nat({ max: 340 }), { nil: undefined }),
});

describe('report properties', () => {
  const api = useApi();
  const recipients: RecipientRecord[] = [];
  let scenario: ReportScenario;
  let run = 0;
  before(async () => {
    scenario = new ReportScenario(api.current);
    for (const [index, region] of [...REGIONS, ...REGIONS].entries()) {
      recipients.push(await scenario.recipient(`Сынақ Алушы ${index + 1}`, region));
    }
  });

  it('reports — random aid, resolutions and reversals — recipients totals are posted aid minus reversals; every report agrees; trial balance zero', async function () {
    // Each run writes a dozen entries through the API and reads five reports: give it time on slow CI.
    this.timeout(PROPERTY_TIMEOUT_MILLISECONDS);
    await fc.assert(
      fc.asyncProperty(
        fc.array(aidArbitrary, { minLength: 1, maxLength: 7 }),
        windowArbitrary,
        async (plan, window) => {
          run += 1;
          const fundId = await scenario.fund(`prop-${run}`);
          await scenario.donate({ fundId, amount: '100000000.00', date: '2026-01-01' });
          const firstFact = scenario.aid.length;
          for (const step of plan) {
            const fact = await scenario.pay({
              recipient: recipients[step.recipient] as RecipientRecord,
              fundId,
              category: step.category,
              amount: amountOf(step.tiyn),
              date: dayOf(step.day),
            });
            if (fact.outcome === 'pending' && step.resolution === 'approve') await scenario.approve(fact);
            if (fact.outcome === 'pending' && step.resolution === 'reject') await scenario.rejectAid(fact);
            if (fact.outcome === 'posted' && step.reverseAfterDays !== null) {
              await scenario.reverse(fact, dayOf(step.day + step.reverseAfterDays));
            }
          }
          const facts = scenario.aid.slice(firstFact);
          const [first, last] =
            window.from !== undefined && window.to !== undefined && window.from > window.to
              ? [window.to, window.from]
              : [window.from, window.to];
          const filter = {
            fundId,
            ...(first === undefined ? {} : { from: dayOf(first) }),
            ...(last === undefined ? {} : { to: dayOf(last) }),
          };
          const query = `?fund=${fundId}${filter.from ? `&from=${filter.from}` : ''}${filter.to ? `&to=${filter.to}` : ''}`;

          const report = (await api.current.get('staff', `/v1/reports/recipients${query}`).expect(200)).body;
          const expected = aidSumsBy(facts, filter, (event) => event.fact.recipientId);
          expect(report.rows.map((row: { recipientId: number }) => row.recipientId)).to.deep.equal(
            [...expected.keys()].map(Number).sort((left, right) => left - right),
          );
          for (const row of report.rows) {
            const sums = expected.get(row.recipientId);
            expect(row).to.include({
              aidCount: sums?.count,
              total: tenge(sums?.totalTiyn ?? 0n),
              pending: tenge(sums?.pendingTiyn ?? 0n),
            });
          }
          const events = aidEvents(facts, filter);
          const totals = {
            aidCount: events.reduce((sum, event) => sum + event.count, 0),
            total: tenge(sumOf(events.map((event) => event.postedTiyn))),
            pending: tenge(sumOf(events.map((event) => event.pendingTiyn))),
          };
          expect(report.totals).to.deep.equal(totals);

          for (const grouped of ['regions', 'categories']) {
            const body = (await api.current.get('auditor', `/v1/reports/${grouped}${query}`).expect(200))
              .body;
            expect(body.totals, grouped).to.include(totals);
          }
          const funds = (
            await api.current.get('auditor', `/v1/reports/funds${query.replace(/fund=\d+&?/, '')}`)
          ).body;
          const fundRow = funds.rows.find((row: { fundId: number }) => row.fundId === fundId);
          // The fund's one donation is dated 2026-01-01, before any `from` the window can have.
          const donatedInWindow = filter.from === undefined ? 10_000_000_000n : 0n;
          expect(fundRow).to.include({ out: totals.total, in: tenge(donatedInWindow) });

          const trialBalance = (await api.current.get('auditor', '/v1/reports/trial-balance').expect(200))
            .body;
          expect(trialBalance.totals.balance).to.equal('0.00');
          const accounts = (await api.current.get('auditor', '/v1/accounts').expect(200)).body.items;
          expect(trialBalance.rows.map((row: { balance: string }) => row.balance)).to.deep.equal(
            accounts.map((account: { posted: string }) => account.posted),
          );
        },
      ),
      { numRuns: RUNS },
    );
    expect(await api.current.ledgerState()).to.include({ trialBalance: '0.00', verified: true });
  });
});
