import type { Knex } from 'knex';
import { appendWithKnex, closeWithKnex, type EntryDraft, journalAt } from '../../scripts/bulk-ledger.js';
import {
  type AidCategory,
  aidExpenseAccountCode,
  DONATIONS_ACCOUNT_CODE,
  fundAccountCode,
} from '../../src/ledger/chart.js';
import type { NewEntry } from '../../src/ledger/ledger-types.js';
import { Money, parseAmount } from '../../src/money/money.js';
import type { Services } from '../../src/services.js';

/** A memo a spreadsheet would run as a command, were it not neutralised. */
export const FORMULA_MEMO = "=cmd|' /C calc'!A0";

/** What the test knows about the ledger it generated, kept apart from what the ledger says. */
export interface GeneratedLedger {
  winterFundId: number;
  /** Posted aid per recipient, net of reversals, in tiyn. */
  aidByRecipientTiyn: Map<number, bigint>;
  /** One posted entry whose memo is FORMULA_MEMO. */
  formulaEntryId: number;
  /** A posted aid entry with a Kazakh memo, and the entry that reverses it. */
  aidEntryId: number;
  reversalEntryId: number;
  /** Entries dated 2026-10-01..2026-10-31 (recorded out of id order). */
  octoberEntryIds: number[];
}

function donation(
  amount: string,
  fundCode: string,
  fundId: number,
  patronId: number,
  extra: Partial<NewEntry> = {},
): NewEntry {
  const money = parseAmount(amount);
  return {
    kind: 'donation',
    status: 'posted',
    ...extra,
    postings: [
      { accountCode: fundAccountCode(fundCode), amount: money, patronId },
      { accountCode: DONATIONS_ACCOUNT_CODE, amount: money.negated(), fundId, patronId },
    ],
  };
}

function aid(
  amount: string,
  fundCode: string,
  fundId: number,
  recipientId: number,
  category: AidCategory,
  extra: Partial<NewEntry> = {},
): NewEntry {
  const money = parseAmount(amount);
  return {
    kind: 'aid',
    status: 'posted',
    ...extra,
    postings: [
      { accountCode: aidExpenseAccountCode(category), amount: money, fundId, recipientId },
      { accountCode: fundAccountCode(fundCode), amount: money.negated(), recipientId },
    ],
  };
}

/**
 * A small ledger with every kind of entry: donations into two funds, aid in several categories,
 * pending entries posted, voided and left pending, reversals, backdated entries, and memos in
 * Kazakh and Russian, with quotes, semicolons, line breaks and formulas.
 */
export async function generateLedger(services: Services): Promise<GeneratedLedger> {
  const ledger = services.ledger;
  const winter = await services.funds.create({
    code: 'winter-2026',
    name: 'Қысқы көмек 2026',
    restricted: true,
  });
  const aidByRecipientTiyn = new Map<number, bigint>();
  const paid = (recipientId: number, amount: string, sign = 1n) =>
    aidByRecipientTiyn.set(
      recipientId,
      (aidByRecipientTiyn.get(recipientId) ?? 0n) + sign * parseAmount(amount).tiyn,
    );

  await ledger.record(donation('1500000.00', 'general', 1, 1, { memo: 'Қайырымдылық — Айгерім Сұлтанқызы' }));
  await ledger.record(
    donation('750000.50', 'winter-2026', winter.id, 2, { memo: 'Пожертвование ТОО «Береке»; зима' }),
  );
  const formula = await ledger.record(donation('10.00', 'general', 1, 3, { memo: FORMULA_MEMO }));
  await ledger.record(donation('20.00', 'general', 1, 3, { memo: '+SUM(A1:A9) and @risky and -2+3' }));
  await ledger.record(donation('30.00', 'general', 1, 2, { memo: 'two\nlines; "quoted" \\ back\tslash  ' }));
  const october = [
    await ledger.record(donation('40000.00', 'general', 1, 4, { date: '2026-10-01', memo: 'Қазан айы' })),
    await ledger.record(
      aid('1200.00', 'general', 1, 3, 'medical', { date: '2026-10-15', memo: 'Дәрі-дәрмек' }),
    ),
  ];
  paid(3, '1200.00');

  const food = await ledger.record(aid('25000.00', 'general', 1, 1, 'food', { memo: 'Азық-түлік себеті' }));
  paid(1, '25000.00');
  await ledger.record(aid('18000.00', 'winter-2026', winter.id, 2, 'utilities', { memo: 'Жылу ақысы' }));
  paid(2, '18000.00');
  await ledger.record(aid('5000.25', 'general', 1, 2, 'cash'));
  paid(2, '5000.25');

  const pendingAid = await ledger.record(
    aid('600000.00', 'general', 1, 4, 'housing', { status: 'pending', memo: 'Баспана' }),
  );
  await ledger.postPending(pendingAid.id, {});
  paid(4, '600000.00');
  const rejectedAid = await ledger.record(
    aid('510000.00', 'winter-2026', winter.id, 1, 'housing', { status: 'pending' }),
  );
  await ledger.voidPending(rejectedAid.id, { reason: 'Басқа қордан төленді' });
  await ledger.record(
    aid('700000.00', 'general', 1, 2, 'education', { status: 'pending', memo: 'Оқу ақысы' }),
  );
  const declared = await ledger.record(donation('2500.00', 'general', 1, 5, { status: 'pending' }));
  await ledger.postPending(declared.id, {});
  const declared2 = await ledger.record(donation('2600.00', 'general', 1, 5, { status: 'pending' }));
  await ledger.voidPending(declared2.id, { reason: 'Банкте мұндай аударым жоқ' });
  await ledger.record(
    donation('2700.00', 'general', 1, 5, { status: 'pending', memo: 'ждёт подтверждения' }),
  );

  const reversal = await ledger.reverse(food.id, { reason: 'Қате енгізілді — екі рет төленді\nповтор' });
  paid(1, '25000.00', -1n);
  await ledger.reverse(formula.id, { reason: 'Ошибка: дубликат' });
  await ledger.record(aid('7000.00', 'general', 1, 1, 'food', { memo: 'Азық-түлік (қайта)' }));
  paid(1, '7000.00');
  return {
    winterFundId: winter.id,
    aidByRecipientTiyn,
    formulaEntryId: formula.id,
    aidEntryId: food.id,
    reversalEntryId: reversal.id,
    octoberEntryIds: october.map((entry) => entry.id),
  };
}

/** Entries hashed and inserted at a time by the synthetic journal. */
const SYNTHETIC_BATCH_ENTRIES = 2_000;

/**
 * Appends up to `count` synthetic entries (alternately a donation of 100.00 and aid of 60.00
 * through the general fund) straight into the tables, in one transaction, hashed and chained
 * exactly as the ledger would, with the head and kept balances moved to match — far faster than a
 * journal transaction per entry, for tests about size. It writes through the bulk builder the
 * benchmarks use (scripts/bulk-ledger.ts), so the database's own guards and triggers (balanced
 * entries, append-only, postings before their entry, the report totals) see every row. Stops early,
 * between batches, once `deadline` (epoch milliseconds) has passed; resolves with how many it appended.
 */
export async function appendSyntheticEntries(
  knex: Knex,
  count: number,
  options: { date?: string; deadline?: number } = {},
): Promise<number> {
  return knex.transaction(async (trx) => {
    const accounts = new Map<string, number>(
      (await trx('accounts').select('id', 'code')).map((row: { id: number; code: string }) => [
        row.code,
        Number(row.id),
      ]),
    );
    const journal = await journalAt(trx);
    let appended = 0;
    while (appended < count && (options.deadline === undefined || Date.now() < options.deadline)) {
      const size = Math.min(SYNTHETIC_BATCH_ENTRIES, count - appended);
      const entries = Array.from({ length: size }, () =>
        journal.seal(syntheticDraft(accounts, journal.lastId + 1, options.date)),
      );
      await appendWithKnex(trx, entries);
      appended += entries.length;
    }
    await closeWithKnex(trx, journal);
    return appended;
  });
}

/** The synthetic entry that will have id `id`: a donation when odd, aid when even. */
function syntheticDraft(accounts: ReadonlyMap<string, number>, id: number, date = '2026-11-20'): EntryDraft {
  const account = (code: string) => {
    const accountId = accounts.get(code);
    if (accountId === undefined) throw new Error(`no account ${code}`);
    return { accountId, accountCode: code, fundId: 1 };
  };
  const isDonation = id % 2 === 1;
  const people = isDonation
    ? { patronId: 1 + (id % 50), recipientId: null }
    : { patronId: null, recipientId: 1 + (id % 70) };
  const donated = Money.fromTiyn(10_000);
  const paidOut = Money.fromTiyn(6_000);
  const fund = { ...account(fundAccountCode('general')), ...people };
  const postings = isDonation
    ? [
        { ...fund, amount: donated },
        { ...account(DONATIONS_ACCOUNT_CODE), ...people, amount: donated.negated() },
      ]
    : [
        { ...account(aidExpenseAccountCode('food')), ...people, amount: paidOut },
        { ...fund, amount: paidOut.negated() },
      ];
  return {
    kind: isDonation ? 'donation' : 'aid',
    status: 'posted',
    date,
    recordedAt: '2026-11-25T06:00:00.000Z',
    memo: `Синтетикалық жазба ${id}: көлемді тексеру`,
    reversesEntryId: null,
    pendingEntryId: null,
    createdBy: null,
    requestId: `synthetic-${id}`,
    postings,
  };
}
