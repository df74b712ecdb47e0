// Proves that `seed demo` books a realistic, reproducible year through the services: the journal
// verifies and the trial balance sums to zero; donations add up to about 305,000,000 × scale and aid
// reaches about 35,000 × scale people; IINs are valid and names Cyrillic; aid is pending and reversed
// somewhere; the same seed gives the same reports on two databases; a non-empty ledger is refused.
import { expect } from 'chai';
import { isValidTaxId } from '../../src/people/tax-id.js';
import { REGION_CODES } from '../../src/recipients/regions.js';
import {
  DEMO_FUNDS,
  DEMO_YEAR,
  FULL_SCALE_DONATIONS_TENGE,
  FULL_SCALE_RECIPIENTS,
  planDemo,
} from '../../src/seed/demo-plan.js';
import { type DemoSeedSummary, seedDemo } from '../../src/seed/demo-seed.js';
import { SeedRefusedError } from '../../src/seed/seed-refused-error.js';
import type { Services } from '../../src/services.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const SCALE = 0.01;
const SEED = 7;
const YEAR_END = `${DEMO_YEAR}-12-31`;
const SEED_TIMEOUT_MILLISECONDS = 180_000;

/** Every report of SPEC §7 over the whole demo year, as JSON text: equal text means equal books. */
async function reportsOf(services: Services): Promise<string> {
  const { reports } = services;
  return JSON.stringify({
    recipients: await reports.recipients({}),
    patrons: await reports.patrons({}),
    funds: await reports.funds({}),
    regions: await reports.regions({}),
    categories: await reports.categories({}),
    trialBalance: await reports.trialBalance(YEAR_END),
  });
}

function withinPercent(actual: number, expected: number, percent: number): void {
  expect(Math.abs(actual - expected)).to.be.at.most((expected * percent) / 100, `${actual} vs ${expected}`);
}

describe('seed demo', function () {
  this.timeout(SEED_TIMEOUT_MILLISECONDS);
  let first: TestDatabase;
  let second: TestDatabase;
  let summary: DemoSeedSummary;

  before(async () => {
    first = await createTestDatabase();
    second = await createTestDatabase();
    summary = await seedDemo(first.services, { seed: SEED, scale: SCALE, force: false });
  });

  after(async () => {
    await first?.drop();
    await second?.drop();
  });

  it('seed demo — small scale — the journal verifies and the trial balance is zero', async () => {
    expect(summary.verified).to.equal(true);
    expect((await first.services.ledger.verify()).ok).to.equal(true);
    const trialBalance = await first.services.reports.trialBalance(YEAR_END);
    expect(trialBalance.totals.balance.toString()).to.equal('0.00');
    expect(trialBalance.totals.debit.toString()).to.equal(trialBalance.totals.credit.toString());
  });

  it('seed demo — small scale — donations ≈ 305M × scale and people helped ≈ 35,000 × scale', async () => {
    const donated = Number((await first.services.reports.patrons({})).totals.total.toString());
    withinPercent(donated, FULL_SCALE_DONATIONS_TENGE * SCALE, 3);
    const people = (await first.services.reports.regions({})).totals.people;
    withinPercent(people, FULL_SCALE_RECIPIENTS * SCALE, 3);
    expect(summary.peopleHelped).to.equal(people);
    expect(summary.donatedTotal.toString()).to.equal(donated.toFixed(2));
  });

  it('seed demo — small scale — funds, pending aid, reversals and aid never above what was given', async () => {
    const funds = await first.services.reports.funds({});
    expect(funds.rows.map((row) => row.code)).to.include.members([
      'general',
      ...DEMO_FUNDS.map((fund) => fund.code),
    ]);
    expect(funds.rows.every((row) => !row.available.isNegative())).to.equal(true);
    expect(funds.totals.pending.isPositive()).to.equal(true);
    expect(summary.aidPending).to.be.greaterThan(0);
    expect(summary.aidReversed).to.be.greaterThan(0);
    expect(summary.returnedDonations).to.be.greaterThan(0);
    const capped = (await first.services.funds.list()).filter((fund) => fund.capPerRecipientYear !== null);
    expect(capped.map((fund) => fund.code)).to.deep.equal(['school-kits']);
    const regions = await first.services.reports.regions({});
    expect(regions.rows.map((row) => row.region).sort()).to.deep.equal([...REGION_CODES].sort());
  });

  it('seed demo — small scale — recipients have valid IINs and Cyrillic names, patrons include companies and anonymous ones', async () => {
    const recipients = await first.services.recipients.list({}, { beforeId: undefined, limit: 100 });
    expect(recipients.items).to.have.length(100);
    for (const recipient of recipients.items) {
      expect(isValidTaxId(recipient.iin)).to.equal(true, String(recipient.iin));
      expect(recipient.fullName).to.match(/^[А-ЯЁӘҒҚҢӨҰҮҺІа-яёәғқңөұүһі ]+$/u);
    }
    const patrons = (await first.services.reports.patrons({})).rows;
    expect(patrons.some((row) => row.kind === 'organization')).to.equal(true);
    expect(patrons.some((row) => row.anonymous)).to.equal(true);
  });

  it('seed demo — same seed on a second database — every report is the same', async () => {
    await seedDemo(second.services, { seed: SEED, scale: SCALE, force: false });
    expect(await reportsOf(second.services)).to.equal(await reportsOf(first.services));
  });

  it('seed demo — a ledger with entries, without force — SEED_REFUSED and nothing written', async () => {
    const before = await first.services.ledger.journalHead();
    let refusal: unknown;
    try {
      await seedDemo(first.services, { seed: SEED, scale: SCALE, force: false });
    } catch (error) {
      refusal = error;
    }
    expect(refusal).to.be.instanceOf(SeedRefusedError);
    expect(await first.services.ledger.journalHead()).to.deep.equal(before);
  });
});

describe('demo plan', () => {
  it('planDemo — the same seed twice — the same plan; another seed — another plan', () => {
    const options = { seed: 3, scale: SCALE, approvalThresholdTenge: 500_000 };
    expect(JSON.stringify(planDemo(options))).to.equal(JSON.stringify(planDemo(options)));
    expect(JSON.stringify(planDemo({ ...options, seed: 4 }))).not.to.equal(JSON.stringify(planDemo(options)));
  });

  it('planDemo — full scale — 35,000 recipients and donations of exactly 305,000,000 tenge', function () {
    this.timeout(SEED_TIMEOUT_MILLISECONDS);
    const plan = planDemo({ seed: 1, scale: 1, approvalThresholdTenge: 500_000 });
    expect(plan.recipients).to.have.length(FULL_SCALE_RECIPIENTS);
    const kept = plan.events.filter((event) => event.kind === 'donation' && !event.returned);
    expect(kept.reduce((sum, event) => sum + event.amountTenge, 0)).to.equal(FULL_SCALE_DONATIONS_TENGE);
    const helped = new Set(
      plan.events.flatMap((event) => (event.kind === 'aid' ? [event.recipientIndex] : [])),
    );
    expect(helped.size).to.equal(FULL_SCALE_RECIPIENTS);
    const pending = plan.events.filter((event) => event.kind === 'aid' && event.approval === 'leave-pending');
    expect(pending.length).to.be.greaterThan(1);
    expect(new Set(plan.recipients.map((recipient) => recipient.iin)).size).to.equal(FULL_SCALE_RECIPIENTS);
    expect(plan.recipients.every((recipient) => isValidTaxId(recipient.iin))).to.equal(true);
  });

  it('planDemo — dates — every event lies in the demo year and they come in date order', () => {
    const plan = planDemo({ seed: 9, scale: SCALE, approvalThresholdTenge: 500_000 });
    const dates = plan.events.map((event) => event.date);
    expect(dates.every((date) => date.startsWith(`${DEMO_YEAR}-`))).to.equal(true);
    expect([...dates].sort()).to.deep.equal(dates);
  });
});
