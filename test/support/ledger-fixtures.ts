import { aidExpenseAccountCode, DONATIONS_ACCOUNT_CODE, fundAccountCode } from '../../src/ledger/chart.js';
import type { NewEntry } from '../../src/ledger/ledger-types.js';
import { parseAmount } from '../../src/money/money.js';

/** A donation of `amount` into fund `fundCode` (id `fundId`) from patron `patronId`. */
export function donationEntry(
  amount: string,
  options: {
    fundCode?: string;
    fundId?: number;
    patronId?: number;
    status?: 'posted' | 'pending';
    date?: string;
  } = {},
): NewEntry {
  const money = parseAmount(amount);
  const fundId = options.fundId ?? 1;
  return {
    kind: 'donation',
    status: options.status ?? 'posted',
    ...(options.date ? { date: options.date } : {}),
    postings: [
      {
        accountCode: fundAccountCode(options.fundCode ?? 'general'),
        amount: money,
        patronId: options.patronId ?? 1,
      },
      {
        accountCode: DONATIONS_ACCOUNT_CODE,
        amount: money.negated(),
        fundId,
        patronId: options.patronId ?? 1,
      },
    ],
  };
}

/** Aid of `amount` paid from fund `fundCode` (id `fundId`) to recipient `recipientId`. */
export function aidEntry(
  amount: string,
  options: {
    fundCode?: string;
    fundId?: number;
    recipientId?: number;
    status?: 'posted' | 'pending';
    date?: string;
  } = {},
): NewEntry {
  const money = parseAmount(amount);
  const fundId = options.fundId ?? 1;
  return {
    kind: 'aid',
    status: options.status ?? 'posted',
    ...(options.date ? { date: options.date } : {}),
    postings: [
      {
        accountCode: aidExpenseAccountCode('food'),
        amount: money,
        fundId,
        recipientId: options.recipientId ?? 1,
      },
      {
        accountCode: fundAccountCode(options.fundCode ?? 'general'),
        amount: money.negated(),
        recipientId: options.recipientId ?? 1,
      },
    ],
  };
}
