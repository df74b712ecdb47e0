import { expect } from 'chai';
import type { ApiHarness } from '../support/api-harness.js';
import { type RecipientRecord, ReportScenario } from './report-scenario.js';

/**
 * The small ledger the report tests read: donations (one reversed, one declared and left pending,
 * one rejected, one confirmed) and aid to five recipients in four regions and six categories (one
 * pending, one rejected, one approved, one reversed, one dated before November, one of 0.01), built
 * through the API with every request written down as a fact for the model.
 */
export const NOVEMBER = { from: '2026-11-01', to: '2026-11-30' };

export interface Ledger {
  scenario: ReportScenario;
  generalFundId: number;
  winterFundId: number;
  bereke: number;
  hidden: number;
  aliya: RecipientRecord;
  nursultan: RecipientRecord;
  yerzhan: RecipientRecord;
  formula: RecipientRecord;
  gulnar: RecipientRecord;
}

export async function buildLedger(api: ApiHarness): Promise<Ledger> {
  const scenario = new ReportScenario(api);
  const funds = (await api.get('admin', '/v1/funds').expect(200)).body.items;
  const generalFundId = funds.find((fund: { code: string }) => fund.code === 'general').id;
  const winterFundId = await scenario.fund('winter');
  const bereke = await scenario.patron('ТОО «Береке»', { kind: 'organization' });
  const hidden = await scenario.patron('Ержан Жасырын', { anonymous: true });

  await scenario.donate({
    patronId: bereke,
    fundId: generalFundId,
    amount: '1000000.00',
    date: '2026-11-02',
  });
  await scenario.donate({ patronId: hidden, fundId: winterFundId, amount: '2000000', date: '2026-11-03' });
  await scenario.donate({ fundId: generalFundId, amount: '300000.00', date: '2026-10-15' });
  const toReverse = await scenario.donate({
    patronId: bereke,
    fundId: generalFundId,
    amount: '50000.00',
    date: '2026-11-04',
  });
  await scenario.declare({ fundId: generalFundId, amount: '25000.00', date: '2026-11-05' });
  const toReject = await scenario.declare({ fundId: generalFundId, amount: '11000.00', date: '2026-11-05' });
  const toConfirm = await scenario.declare({ fundId: winterFundId, amount: '7000.5', date: '2026-11-06' });

  const aliya = await scenario.recipient('Әлия Қасымова', 'KZ-75');
  const nursultan = await scenario.recipient('Нұрсұлтан Ғабитұлы', 'KZ-75');
  const yerzhan = await scenario.recipient('Ержан Сейітқали', 'KZ-71');
  const formula = await scenario.recipient('=HYPERLINK("x")', 'KZ-11');
  const gulnar = await scenario.recipient('Гүлнар Өмірбек', 'KZ-79');

  const general = generalFundId;
  const winter = winterFundId;
  await scenario.pay({
    recipient: formula,
    fundId: general,
    category: 'food',
    amount: '30000',
    date: '2026-10-20',
  });
  await scenario.pay({
    recipient: aliya,
    fundId: general,
    category: 'food',
    amount: '100000',
    date: '2026-11-05',
  });
  await scenario.pay({
    recipient: aliya,
    fundId: winter,
    category: 'medical',
    amount: '50000.50',
    date: '2026-11-06',
  });
  const housing = await scenario.pay({
    recipient: nursultan,
    fundId: general,
    category: 'housing',
    amount: '200000.00',
    date: '2026-11-07',
  });
  const stillPending = await scenario.pay({
    recipient: yerzhan,
    fundId: winter,
    category: 'education',
    amount: '600000.00',
    date: '2026-11-08',
  });
  const rejected = await scenario.pay({
    recipient: gulnar,
    fundId: general,
    category: 'cash',
    amount: '700000.00',
    date: '2026-11-09',
  });
  const approved = await scenario.pay({
    recipient: nursultan,
    fundId: winter,
    category: 'utilities',
    amount: '510000.00',
    date: '2026-11-10',
  });
  await scenario.pay({
    recipient: yerzhan,
    fundId: general,
    category: 'food',
    amount: '0.01',
    date: '2026-11-11',
  });
  expect([stillPending.outcome, rejected.outcome, approved.outcome]).to.deep.equal([
    'pending',
    'pending',
    'pending',
  ]);

  await scenario.rejectAid(rejected);
  await scenario.approve(approved);
  await scenario.rejectDonation(toReject);
  await scenario.confirm(toConfirm);
  await scenario.reverse(toReverse, '2026-11-20');
  await scenario.reverse(housing, '2026-11-21');
  return {
    scenario,
    generalFundId,
    winterFundId,
    bereke,
    hidden,
    aliya,
    nursultan,
    yerzhan,
    formula,
    gulnar,
  };
}
