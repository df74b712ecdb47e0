// Builds large, valid ledgers fast, for benchmarks and for tests about size: entries hashed and
// chained exactly as the ledger service seals them (hashEntry), written straight into the tables with
// every database guard and trigger on — so the entries' insert triggers check each entry's balance
// and keep the report totals, as they do for the service — and the kept balances and the journal head
// moved to match at the end. The result passes `verify`.
//
// It is not the way the product writes (that is LedgerService, one durable commit per request); it
// is how a benchmark gets a year of a national center's aid in minutes instead of hours.
//
// - `BulkJournal` seals entries onto the chain and keeps the balances they move;
// - `appendWithKnex` writes sealed entries through knex in multi-row statements, on SQLite and
//   PostgreSQL alike (the test fixtures use it);
// - `buildBulkLedger` makes a whole year of aid in a new SQLite file through better-sqlite3's
//   prepared statements, the fastest way there is (the benchmarks use it).
import type BetterSqlite3 from 'better-sqlite3';
import type { Knex } from 'knex';
import { loadConfig } from '../src/config.js';
import { migrateToLatest, openSqlite } from '../src/db/database.js';
import {
  AID_CATEGORIES,
  aidExpenseAccountCode,
  DONATIONS_ACCOUNT_CODE,
  fundAccountCode,
  GENERAL_FUND_CODE,
} from '../src/ledger/chart.js';
import { GENESIS_HASH, type HashedContent, hashEntry } from '../src/ledger/hash-chain.js';
import { entryRow, postingRows } from '../src/ledger/ledger-store.js';
import type { Entry } from '../src/ledger/ledger-types.js';
import { Money } from '../src/money/money.js';
import { REGIONS } from '../src/recipients/regions.js';
import { createServices } from '../src/services.js';

/** An entry before it is sealed onto the chain: everything but its id, previous hash and hash. */
export type EntryDraft = Omit<HashedContent, 'id' | 'prevHash'>;

interface KeptBalance {
  postedTiyn: bigint;
  pendingDebitTiyn: bigint;
  pendingCreditTiyn: bigint;
}

/**
 * The chain as entries are sealed onto it, and the balances they move, by the ledger's rules: posted
 * postings move the posted balance; a pending entry's postings are pending until an entry posts or
 * voids it (names it as `pendingEntryId`).
 */
export class BulkJournal {
  lastId: number;
  lastHash: string;
  readonly balances = new Map<number, KeptBalance>();
  private readonly pending = new Map<number, Entry>();

  constructor(head: { lastId: number; lastHash: string } = { lastId: 0, lastHash: GENESIS_HASH }) {
    this.lastId = head.lastId;
    this.lastHash = head.lastHash;
  }

  seal(draft: EntryDraft): Entry {
    const content: HashedContent = { ...draft, id: this.lastId + 1, prevHash: this.lastHash };
    const entry: Entry = { ...content, hash: hashEntry(content) };
    this.lastId = entry.id;
    this.lastHash = entry.hash;
    const released = draft.pendingEntryId === null ? undefined : this.pending.get(draft.pendingEntryId);
    if (released) {
      this.pending.delete(released.id);
      this.movePending(released, -1n);
    }
    if (entry.status === 'posted') {
      for (const posting of entry.postings)
        this.balanceOf(posting.accountId).postedTiyn += posting.amount.tiyn;
    } else if (entry.status === 'pending') {
      this.pending.set(entry.id, entry);
      this.movePending(entry, 1n);
    }
    return entry;
  }

  private movePending(entry: Entry, sign: bigint): void {
    for (const posting of entry.postings) {
      const balance = this.balanceOf(posting.accountId);
      if (posting.amount.tiyn > 0n) balance.pendingDebitTiyn += sign * posting.amount.tiyn;
      else balance.pendingCreditTiyn -= sign * posting.amount.tiyn;
    }
  }

  private balanceOf(accountId: number): KeptBalance {
    const existing = this.balances.get(accountId);
    if (existing) return existing;
    const fresh = { postedTiyn: 0n, pendingDebitTiyn: 0n, pendingCreditTiyn: 0n };
    this.balances.set(accountId, fresh);
    return fresh;
  }
}

/** Rows per INSERT, so each statement stays inside SQLite's 32766 parameters. */
const PARAMETERS_PER_INSERT = 24_000;

/** The journal as it stands in the database: its head, to seal further entries onto. */
export async function journalAt(db: Knex): Promise<BulkJournal> {
  const head = await db('journal_head').where({ id: 1 }).first('last_entry_id', 'last_hash');
  return new BulkJournal({ lastId: Number(head.last_entry_id), lastHash: String(head.last_hash) });
}

/** Writes sealed entries, postings first (the entries' insert trigger checks them), in multi-row INSERTs. */
export async function appendWithKnex(trx: Knex.Transaction, entries: readonly Entry[]): Promise<void> {
  await insertInChunks(trx, 'postings', entries.flatMap(postingRows));
  await insertInChunks(trx, 'entries', entries.map(entryRow));
}

/** Adds the balances the journal's entries moved to the kept ones, and moves the head to its last entry. */
export async function closeWithKnex(trx: Knex.Transaction, journal: BulkJournal): Promise<void> {
  for (const [accountId, balance] of journal.balances) {
    await trx('accounts')
      .where({ id: accountId })
      .update({
        posted_tiyn: trx.raw('posted_tiyn + ?', [balance.postedTiyn.toString()]),
        pending_debit_tiyn: trx.raw('pending_debit_tiyn + ?', [balance.pendingDebitTiyn.toString()]),
        pending_credit_tiyn: trx.raw('pending_credit_tiyn + ?', [balance.pendingCreditTiyn.toString()]),
      });
  }
  journal.balances.clear();
  await trx('journal_head')
    .where({ id: 1 })
    .update({ last_entry_id: journal.lastId, last_hash: journal.lastHash });
}

/** A multi-row INSERT … VALUES (knex writes one on SQLite as a compound SELECT, far slower). */
async function insertInChunks(
  trx: Knex.Transaction,
  table: string,
  rows: readonly Record<string, unknown>[],
): Promise<void> {
  const columns = Object.keys(rows[0] ?? {});
  const rowsPerInsert = Math.floor(PARAMETERS_PER_INSERT / Math.max(1, columns.length));
  const row = `(${columns.map(() => '?').join(', ')})`;
  for (let start = 0; start < rows.length; start += rowsPerInsert) {
    const chunk = rows.slice(start, start + rowsPerInsert);
    const values = chunk.flatMap((values) => columns.map((column) => values[column] ?? null));
    await trx.raw(
      `INSERT INTO ?? (${columns.map(() => '??').join(', ')}) VALUES ${chunk.map(() => row).join(', ')}`,
      [table, ...columns, ...values] as Knex.RawBinding[],
    );
  }
}

export interface BulkLedgerOptions {
  filename: string;
  recipients: number;
  aidEntries: number;
  /** The year the value dates fall in. */
  year: number;
  seed?: number;
}

const ENTRIES_PER_TRANSACTION = 10_000;
/** Besides the general fund, aid is paid from these restricted funds, a share each. */
const RESTRICTED_FUNDS = ['winter-help', 'medical'] as const;
const RESTRICTED_SHARE = 0.1;
/** Of aid payments: this share waits for approval; of those, most are approved, some rejected, some left. */
const PENDING_SHARE = 0.01;
const APPROVED_SHARE_OF_PENDING = 0.7;
const REJECTED_SHARE_OF_PENDING = 0.15;
/** Of posted aid payments, this share is reversed later as a mistake. */
const REVERSED_SHARE = 0.003;
/** Pending aid is resolved, and mistaken aid reversed, this many entries later. */
const RESOLUTION_DELAY_ENTRIES = 200;
/** One donation from a patron for every this many aid payments, besides each fund's opening gift. */
const AID_PER_DONATION = 50;
const RECIPIENTS_PER_PATRON = 7;

/** A small deterministic generator (mulberry32): the same seed builds the same ledger. */
function randomSource(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * A year of a national center's books in a new SQLite file: `aidEntries` aid payments to
 * `recipients` people in the 20 regions, from the general fund and two restricted ones, in seven
 * categories, dated through the year; about 1% of them pending approval (most approved later, some
 * rejected, some still waiting), 0.3% reversed as mistakes; donations from patrons into the funds.
 */
export async function buildBulkLedger(options: BulkLedgerOptions): Promise<{ entries: number }> {
  const database = openSqlite(options.filename, 10_000);
  try {
    await migrateToLatest(database);
    const funds = createServices(database, loadConfig({})).funds;
    for (const code of RESTRICTED_FUNDS) {
      if (!(await database.knex('funds').where({ code }).first())) {
        await funds.create({ code, name: code, restricted: true });
      }
    }
  } finally {
    await database.knex.destroy();
  }
  const BetterSqlite = (await import('better-sqlite3')).default;
  const db = new BetterSqlite(options.filename);
  db.pragma('journal_mode = WAL');
  // Throw-away benchmark data: no fsync while building; the file is checkpointed when closed.
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -200000');
  db.pragma('foreign_keys = ON');
  try {
    return writeYear(db, options);
  } finally {
    db.close();
  }
}

interface FundRef {
  id: number;
  accountCode: string;
}

function writeYear(db: BetterSqlite3.Database, options: BulkLedgerOptions): { entries: number } {
  const random = randomSource(options.seed ?? 2026);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const accountIds = new Map(
    (db.prepare('SELECT id, code FROM accounts').all() as { id: number; code: string }[]).map((row) => [
      row.code,
      row.id,
    ]),
  );
  const fundRows = db.prepare('SELECT id, code FROM funds ORDER BY id').all() as {
    id: number;
    code: string;
  }[];
  const funds = new Map(
    fundRows.map((row) => [row.code, { id: row.id, accountCode: fundAccountCode(row.code) }]),
  );
  const general = funds.get(GENERAL_FUND_CODE) as FundRef;
  const restricted = RESTRICTED_FUNDS.map((code) => funds.get(code) as FundRef);
  insertRecipients(db, options.recipients);
  const patrons = insertPatrons(db, Math.max(1, Math.ceil(options.recipients / RECIPIENTS_PER_PATRON)));
  const writer = new SqliteWriter(db, accountIds, `${options.year}-12-31T18:00:00.000Z`);
  const dateOf = (index: number) =>
    new Date(Date.UTC(options.year, 0, 1 + Math.floor((index / options.aidEntries) * 365)))
      .toISOString()
      .slice(0, 10);

  // Each fund first receives what its aid will take, so no fund is ever overdrawn.
  const amounts = Array.from({ length: options.aidEntries }, () =>
    BigInt(1_000 + Math.floor(random() * 4_000_000)),
  );
  const fundOf = amounts.map(() => {
    const draw = random();
    return draw < RESTRICTED_SHARE * restricted.length
      ? (restricted[Math.floor(draw / RESTRICTED_SHARE)] as FundRef)
      : general;
  });
  const needs = new Map<FundRef, bigint>();
  amounts.forEach((amount, index) => {
    const fund = fundOf[index] as FundRef;
    needs.set(fund, (needs.get(fund) ?? 0n) + amount);
  });
  /** Work due some entries later: a pending payment's resolution, a mistaken payment's reversal. */
  const due: { at: number; run: () => void }[] = [];
  for (let first = 0; first < options.aidEntries; first += ENTRIES_PER_TRANSACTION) {
    db.transaction(() => {
      if (first === 0) {
        for (const [fund, need] of needs) writer.donation(pick(patrons), fund, need, `${options.year}-01-01`);
      }
      const last = Math.min(first + ENTRIES_PER_TRANSACTION, options.aidEntries);
      for (let index = first; index < last; index += 1) {
        const date = dateOf(index);
        const amount = amounts[index] as bigint;
        if (index % AID_PER_DONATION === 0) {
          writer.donation(
            pick(patrons),
            pick([general, ...restricted]),
            BigInt(50_000 + Math.floor(random() * 5_000_000)),
            date,
          );
        }
        const recipientId = 1 + Math.floor(random() * options.recipients);
        const category = pick(AID_CATEGORIES);
        const fund = fundOf[index] as FundRef;
        const draw = random();
        if (draw < PENDING_SHARE) {
          const pending = writer.aid(recipientId, fund, category, amount, date, 'pending');
          const outcome = draw / PENDING_SHARE;
          if (outcome < APPROVED_SHARE_OF_PENDING) {
            due.push({
              at: index + RESOLUTION_DELAY_ENTRIES,
              run: () => writer.resolve(pending, 'posted', date),
            });
          } else if (outcome < APPROVED_SHARE_OF_PENDING + REJECTED_SHARE_OF_PENDING) {
            due.push({
              at: index + RESOLUTION_DELAY_ENTRIES,
              run: () => writer.resolve(pending, 'voided', date),
            });
          }
        } else {
          const paid = writer.aid(recipientId, fund, category, amount, date, 'posted');
          if (draw < PENDING_SHARE + REVERSED_SHARE) {
            due.push({
              at: index + RESOLUTION_DELAY_ENTRIES,
              run: () =>
                writer.reverse(
                  paid,
                  dateOf(Math.min(index + RESOLUTION_DELAY_ENTRIES, options.aidEntries - 1)),
                ),
            });
          }
        }
        while (due.length > 0 && (due[0] as { at: number }).at <= index)
          (due.shift() as { run: () => void }).run();
      }
      if (last === options.aidEntries) for (const work of due.splice(0)) work.run();
    })();
  }
  db.transaction(() => writer.close())();
  return { entries: writer.journal.lastId };
}

/** Seals entries onto the chain and writes them, with their aid and donation records, through prepared statements. */
class SqliteWriter {
  readonly journal = new BulkJournal();
  private readonly insertPosting: BetterSqlite3.Statement;
  private readonly insertEntry: BetterSqlite3.Statement;
  private readonly insertAid: BetterSqlite3.Statement;
  private readonly insertDonation: BetterSqlite3.Statement;

  constructor(
    private readonly db: BetterSqlite3.Database,
    private readonly accountIds: ReadonlyMap<string, number>,
    private readonly recordedAt: string,
  ) {
    this.insertPosting = db.prepare(
      'INSERT INTO postings (entry_id, account_id, amount_tiyn, fund_id, patron_id, recipient_id) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.insertEntry = db.prepare(
      `INSERT INTO entries (id, kind, status, date, recorded_at, memo, reverses_entry_id, pending_entry_id,
         created_by, request_id, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?, ?)`,
    );
    this.insertAid = db.prepare(
      `INSERT INTO aid (recipient_id, fund_id, amount_tiyn, category, date, entry_id, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    this.insertDonation = db.prepare(
      `INSERT INTO donations (patron_id, fund_id, amount_tiyn, date, entry_id, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
    );
  }

  donation(patronId: number, fund: FundRef, tiyn: bigint, date: string): Entry {
    const entry = this.write({
      kind: 'donation',
      status: 'posted',
      date,
      postings: [
        this.posting(fund.accountCode, tiyn, fund.id, patronId, null),
        this.posting(DONATIONS_ACCOUNT_CODE, -tiyn, fund.id, patronId, null),
      ],
    });
    this.insertDonation.run(patronId, fund.id, tiyn, date, entry.id, this.recordedAt);
    return entry;
  }

  aid(
    recipientId: number,
    fund: FundRef,
    category: (typeof AID_CATEGORIES)[number],
    tiyn: bigint,
    date: string,
    status: 'posted' | 'pending',
  ): Entry {
    const entry = this.write({
      kind: 'aid',
      status,
      date,
      postings: [
        this.posting(aidExpenseAccountCode(category), tiyn, fund.id, null, recipientId),
        this.posting(fund.accountCode, -tiyn, fund.id, null, recipientId),
      ],
    });
    this.insertAid.run(recipientId, fund.id, tiyn, category, date, entry.id, this.recordedAt);
    return entry;
  }

  /** Posts a pending entry (a posted entry with its postings) or voids it (a record without postings). */
  resolve(pending: Entry, status: 'posted' | 'voided', date: string): Entry {
    return this.write({
      kind: pending.kind,
      status,
      date,
      pendingEntryId: pending.id,
      postings: status === 'posted' ? pending.postings : [],
    });
  }

  reverse(original: Entry, date: string): Entry {
    return this.write({
      kind: 'reversal',
      status: 'posted',
      date,
      memo: 'Қате төлем / ошибочный платёж',
      reversesEntryId: original.id,
      postings: original.postings.map((posting) => ({ ...posting, amount: posting.amount.negated() })),
    });
  }

  /** The kept balances and the head, set to what the entries moved. */
  close(): void {
    const setBalance = this.db.prepare(
      `UPDATE accounts SET posted_tiyn = posted_tiyn + ?, pending_debit_tiyn = pending_debit_tiyn + ?,
         pending_credit_tiyn = pending_credit_tiyn + ? WHERE id = ?`,
    );
    for (const [accountId, balance] of this.journal.balances) {
      setBalance.run(balance.postedTiyn, balance.pendingDebitTiyn, balance.pendingCreditTiyn, accountId);
    }
    this.db
      .prepare('UPDATE journal_head SET last_entry_id = ?, last_hash = ? WHERE id = 1')
      .run(this.journal.lastId, this.journal.lastHash);
  }

  private write(
    draft: Pick<EntryDraft, 'kind' | 'status' | 'date' | 'postings'> &
      Partial<Pick<EntryDraft, 'memo' | 'reversesEntryId' | 'pendingEntryId'>>,
  ): Entry {
    const entry = this.journal.seal({
      memo: null,
      reversesEntryId: null,
      pendingEntryId: null,
      ...draft,
      recordedAt: this.recordedAt,
      createdBy: null,
      requestId: null,
    });
    for (const posting of entry.postings) {
      this.insertPosting.run(
        entry.id,
        posting.accountId,
        posting.amount.tiyn,
        posting.fundId,
        posting.patronId,
        posting.recipientId,
      );
    }
    this.insertEntry.run(
      entry.id,
      entry.kind,
      entry.status,
      entry.date,
      entry.recordedAt,
      entry.memo,
      entry.reversesEntryId,
      entry.pendingEntryId,
      entry.prevHash,
      entry.hash,
    );
    return entry;
  }

  private posting(
    code: string,
    tiyn: bigint,
    fundId: number | null,
    patronId: number | null,
    recipientId: number | null,
  ): EntryDraft['postings'][number] {
    const accountId = this.accountIds.get(code);
    if (accountId === undefined) throw new Error(`no account ${code}`);
    return { accountId, accountCode: code, amount: Money.fromTiyn(tiyn), fundId, patronId, recipientId };
  }
}

function insertRecipients(db: BetterSqlite3.Database, count: number): void {
  const insert = db.prepare(
    `INSERT INTO recipients (iin, iin_hash, full_name, full_name_folded, region, created_at)
     VALUES (NULL, ?, ?, ?, ?, ?)`,
  );
  db.transaction(() => {
    for (let id = 1; id <= count; id += 1) {
      const name = `Алушы ${id}`;
      const region = REGIONS[id % REGIONS.length]?.code as string;
      insert.run(
        id.toString(16).padStart(64, '0'),
        name,
        name.toLowerCase(),
        region,
        '2026-01-01T00:00:00.000Z',
      );
    }
  })();
}

/** Patrons by name only (no IIN), ids 1..count; returns their ids. */
function insertPatrons(db: BetterSqlite3.Database, count: number): number[] {
  const insert = db.prepare(`INSERT INTO patrons (name, kind, created_at) VALUES (?, 'individual', ?)`);
  const ids: number[] = [];
  db.transaction(() => {
    for (let index = 1; index <= count; index += 1) {
      ids.push(Number(insert.run(`Демеуші ${index}`, '2026-01-01T00:00:00.000Z').lastInsertRowid));
    }
  })();
  return ids;
}
