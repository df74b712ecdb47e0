// Proves that the totals the database keeps for the reports (report_totals and
// report_recipient_totals, kept by the entries' insert trigger) always equal a recount from the raw journal, done here in plain bigint from the
// entries and postings, after any sequence of donations, aid, pending entries posted or voided and
// reversals, on any dates and for any people, funds and accounts; and that the migration fills the
// totals of a ledger that existed before it with the same figures.
import { expect } from 'chai';
import fc from 'fast-check';
import type { Knex } from 'knex';
import * as reportTotalsMigration from '../../db/migrations/20261125130000_report_totals.js';
import { DomainError } from '../../src/errors/domain-error.js';
import {
  AID_CATEGORIES,
  type AidCategory,
  aidExpenseAccountCode,
  DONATIONS_ACCOUNT_CODE,
  fundAccountCode,
} from '../../src/ledger/chart.js';
import type { Entry, NewEntry } from '../../src/ledger/ledger-types.js';
import { Money } from '../../src/money/money.js';
import { SUM_COLUMNS } from '../../src/reports/report-store.js';
import { useTestDatabase } from '../support/test-database.js';

const RUNS = 15;
const PROPERTY_TIMEOUT_MILLISECONDS = 120_000;
const FUNDS = [
  { code: 'general', id: 1 },
  { code: 'totals-winter', id: 0 },
];
const FIRST_DAY_MILLISECONDS = Date.UTC(2026, 0, 1);
/** The test clock's today is 2026-11-25: dates stay within the year so far. */
const LAST_DAY_OFFSET = 328;
const dayOf = (offset: number) =>
  new Date(FIRST_DAY_MILLISECONDS + offset * 86_400_000).toISOString().slice(0, 10);

type Command =
  | {
      type: 'donate' | 'aid';
      fund: number;
      person: number | null;
      category: AidCategory;
      tiyn: bigint;
      pending: boolean;
      day: number;
    }
  | { type: 'resolve'; pick: number; post: boolean; laterDays: number | null }
  | { type: 'reverse'; pick: number; laterDays: number };

const commandArbitrary: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      type: fc.constantFrom('donate' as const, 'aid' as const),
      fund: fc.nat(FUNDS.length - 1),
      person: fc.option(fc.integer({ min: 1, max: 4 }), { nil: null }),
      category: fc.constantFrom(...AID_CATEGORIES),
      tiyn: fc.bigInt(1n, 5_000_000n),
      pending: fc.boolean(),
      day: fc.nat(LAST_DAY_OFFSET),
    }),
  },
  fc.record({
    type: fc.constant('resolve' as const),
    pick: fc.nat(),
    post: fc.boolean(),
    laterDays: fc.option(fc.nat(60), { nil: null }),
  }),
  fc.record({ type: fc.constant('reverse' as const), pick: fc.nat(), laterDays: fc.nat(60) }),
);

/** A row of report_totals: its key joined by `|`, and its eight sums. */
type Totals = Map<string, bigint[]>;

describe('report totals', () => {
  const testDatabase = useTestDatabase();
  const knex = () => testDatabase.current.database.knex;

  before(async () => {
    const winter = await testDatabase.current.services.funds.create({
      code: 'totals-winter',
      name: 'Totals winter',
      restricted: true,
    });
    (FUNDS[1] as { id: number }).id = winter.id;
  });

  it('report_totals — any sequence of donations, aid, resolutions and reversals on any dates — equal a recount from the raw postings', async function () {
    this.timeout(PROPERTY_TIMEOUT_MILLISECONDS);
    const { ledger } = testDatabase.current.services;
    await fc.assert(
      fc.asyncProperty(fc.array(commandArbitrary, { minLength: 1, maxLength: 20 }), async (commands) => {
        const pending: Entry[] = [];
        const reversible: Entry[] = [];
        for (const command of commands) {
          if (command.type === 'donate' || command.type === 'aid') {
            const entry = await attempt(() => ledger.record(newEntry(command)));
            if (entry !== null) (command.pending ? pending : reversible).push(entry);
          } else if (command.type === 'resolve' && pending.length > 0) {
            const [target] = pending.splice(command.pick % pending.length, 1) as [Entry];
            const resolved = await attempt(() =>
              command.post
                ? ledger.postPending(target.id, laterDate(target.date, command.laterDays))
                : ledger.voidPending(target.id, {}),
            );
            if (resolved !== null && command.post) reversible.push(resolved);
          } else if (command.type === 'reverse' && reversible.length > 0) {
            const index = command.pick % reversible.length;
            const target = reversible[index] as Entry;
            const reversal = await attempt(() =>
              ledger.reverse(target.id, {
                reason: 'totals property',
                ...laterDate(target.date, command.laterDays),
              }),
            );
            if (reversal !== null) reversible.splice(index, 1);
          }
        }
        expect(await keptTotals(knex())).to.deep.equal(await recountedTotals(knex()));
      }),
      { numRuns: RUNS },
    );
    expect((await ledger.verify()).ok).to.equal(true);
  });

  it('migration 20261125130000_report_totals — down, then up on a ledger with entries — fills the same totals as were kept', async () => {
    const kept = await keptTotals(knex());
    expect(kept.size, 'the property above left a ledger with entries').to.be.above(0);
    await reportTotalsMigration.down(knex());
    await reportTotalsMigration.up(knex());
    expect(await keptTotals(knex())).to.deep.equal(kept);
    // And the trigger is back: a new entry is counted.
    await testDatabase.current.services.ledger.record(
      newEntry({ type: 'donate', fund: 0, person: 3, category: 'food', tiyn: 700n, pending: false, day: 3 }),
    );
    expect(await keptTotals(knex())).to.deep.equal(await recountedTotals(knex()));
  });
});

/** A donation into or aid out of a fund, tagged like the services tag them. */
function newEntry(command: Extract<Command, { type: 'donate' | 'aid' }>): NewEntry {
  const fund = FUNDS[command.fund] as { code: string; id: number };
  const amount = Money.fromTiyn(command.tiyn);
  const person = command.person;
  const base = {
    kind: command.type,
    status: command.pending ? 'pending' : 'posted',
    date: dayOf(command.day),
  } as const;
  if (command.type === 'donate') {
    return {
      ...base,
      postings: [
        { accountCode: fundAccountCode(fund.code), amount, patronId: person },
        { accountCode: DONATIONS_ACCOUNT_CODE, amount: amount.negated(), fundId: fund.id, patronId: person },
      ],
    };
  }
  return {
    ...base,
    postings: [
      { accountCode: aidExpenseAccountCode(command.category), amount, fundId: fund.id, recipientId: person },
      { accountCode: fundAccountCode(fund.code), amount: amount.negated(), recipientId: person },
    ],
  };
}

/** `{date}` some days after `date` but not after today, or `{}` for the ledger's default. */
function laterDate(date: string, laterDays: number | null): { date?: string } {
  if (laterDays === null) return {};
  const offset = Math.round((Date.parse(`${date}T00:00:00Z`) - FIRST_DAY_MILLISECONDS) / 86_400_000);
  return { date: dayOf(Math.min(LAST_DAY_OFFSET, offset + laterDays)) };
}

/** The result of `work`, or null when the ledger refused it by its rules (an overdraft, say). */
async function attempt<T>(work: () => Promise<T>): Promise<T | null> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof DomainError) return null;
    throw error;
  }
}

/** The kept totals, leaving out rows whose sums are all zero (a pending entry later voided leaves one). */
async function keptTotals(knex: Knex): Promise<Totals> {
  const rows: Record<string, string | number>[] = await knex('report_totals').select(
    'period',
    'recipient_id',
    'account_id',
    'fund_id',
    'patron_id',
    ...SUM_COLUMNS.map((column) => knex.raw(`CAST(${column} AS TEXT) AS ${column}`)),
  );
  const perRecipient: Record<string, string | number>[] = await knex('report_recipient_totals').select(
    'recipient_id',
    ...SUM_COLUMNS.map((column) => knex.raw(`CAST(${column} AS TEXT) AS ${column}`)),
  );
  const totals: Totals = new Map();
  const keep = (key: string, row: Record<string, string | number>) => {
    const sums = SUM_COLUMNS.map((column) => BigInt(row[column] as string));
    if (!sums.every((sum) => sum === 0n)) totals.set(key, sums);
  };
  for (const row of rows) {
    keep(
      [row.period, row.recipient_id, row.account_id, row.fund_id, row.patron_id].map(String).join('|'),
      row,
    );
  }
  for (const row of perRecipient) keep(`recipient|${row.recipient_id}`, row);
  return sorted(totals);
}

/**
 * The totals recounted from the journal: every posting of a posted entry (apart for reversals),
 * and of a pending entry that no entry has posted or voided, in its entry's month and all time.
 */
async function recountedTotals(knex: Knex): Promise<Totals> {
  const entries: {
    id: number;
    status: string;
    date: string;
    reverses_entry_id: number | null;
    pending_entry_id: number | null;
  }[] = await knex('entries').select('id', 'status', 'date', 'reverses_entry_id', 'pending_entry_id');
  const resolved = new Set(
    entries.flatMap((entry) => (entry.pending_entry_id === null ? [] : [Number(entry.pending_entry_id)])),
  );
  const byId = new Map(entries.map((entry) => [Number(entry.id), entry]));
  const postings: {
    entry_id: number;
    account_id: number;
    amount_tiyn: number;
    fund_id: number | null;
    patron_id: number | null;
    recipient_id: number | null;
  }[] = await knex('postings').select(
    'entry_id',
    'account_id',
    'amount_tiyn',
    'fund_id',
    'patron_id',
    'recipient_id',
  );
  const expenseAccounts = new Set(
    (await knex('accounts').where('type', 'expense').select('id')).map((row: { id: number }) =>
      Number(row.id),
    ),
  );
  const totals: Totals = new Map();
  for (const posting of postings) {
    const entry = byId.get(Number(posting.entry_id));
    if (!entry) throw new Error(`posting of a missing entry ${posting.entry_id}`);
    const amount = BigInt(posting.amount_tiyn);
    const sums = Array.from({ length: SUM_COLUMNS.length }, () => 0n);
    const debit = amount > 0n;
    if (entry.status === 'posted') {
      const reversal = entry.reverses_entry_id !== null;
      sums[(reversal ? 2 : 0) + (debit ? 0 : 1)] = debit ? amount : -amount;
      sums[debit ? 4 : 5] = 1n;
    } else if (entry.status === 'pending' && !resolved.has(Number(entry.id))) {
      sums[debit ? 6 : 7] = debit ? amount : -amount;
    } else continue;
    const keys = [entry.date.slice(0, 7), 'all'].map((period) =>
      [period, posting.recipient_id ?? 0, posting.account_id, posting.fund_id ?? 0, posting.patron_id ?? 0]
        .map(String)
        .join('|'),
    );
    // Aid per recipient for all time: postings on expense accounts that name a recipient.
    if (posting.recipient_id !== null && expenseAccounts.has(Number(posting.account_id))) {
      keys.push(`recipient|${posting.recipient_id}`);
    }
    for (const key of keys) {
      const existing = totals.get(key) ?? Array.from({ length: SUM_COLUMNS.length }, () => 0n);
      totals.set(
        key,
        existing.map((sum, index) => sum + (sums[index] as bigint)),
      );
    }
  }
  return sorted(totals);
}

function sorted(totals: Totals): Totals {
  return new Map([...totals].sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0)));
}
