// Builds a large, valid ledger fast, for benchmarks: recipients, one donation into the general fund
// and N aid entries, written straight into a migrated SQLite file in big transactions. Every entry
// is hashed and chained exactly as the ledger service would (hashEntry), the kept balances and the
// journal head are set at the end, and the result passes `verify`. The database guards stay on.
//
// It is not the way the product writes (that is LedgerService, one durable commit per request); it
// is how a benchmark gets a year of a national center's aid in a minute instead of hours.
import type BetterSqlite3 from 'better-sqlite3';
import { migrateToLatest, openSqlite } from '../src/db/database.js';
import {
  AID_CATEGORIES,
  aidExpenseAccountCode,
  DONATIONS_ACCOUNT_CODE,
  fundAccountCode,
} from '../src/ledger/chart.js';
import { GENESIS_HASH, type HashedContent, hashEntry } from '../src/ledger/hash-chain.js';
import type { Posting } from '../src/ledger/ledger-types.js';
import { Money } from '../src/money/money.js';
import { REGIONS } from '../src/recipients/regions.js';

export interface BulkLedgerOptions {
  filename: string;
  recipients: number;
  aidEntries: number;
  /** The year the value dates fall in. */
  year: number;
  seed?: number;
}

const ENTRIES_PER_TRANSACTION = 10_000;
const GENERAL_FUND_ID = 1;

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

export async function buildBulkLedger(options: BulkLedgerOptions): Promise<{ totalAid: Money }> {
  const database = openSqlite(options.filename, 10_000);
  await migrateToLatest(database);
  await database.knex.destroy();
  const BetterSqlite = (await import('better-sqlite3')).default;
  const db = new BetterSqlite(options.filename);
  db.pragma('journal_mode = WAL');
  // Throw-away benchmark data: no fsync while building; the file is checkpointed when closed.
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -200000');
  db.pragma('foreign_keys = ON');
  try {
    return writeLedger(db, options);
  } finally {
    db.close();
  }
}

function writeLedger(db: BetterSqlite3.Database, options: BulkLedgerOptions): { totalAid: Money } {
  const random = randomSource(options.seed ?? 2026);
  const accountId = new Map<string, number>(
    (db.prepare('SELECT id, code FROM accounts').all() as { id: number; code: string }[]).map((row) => [
      row.code,
      row.id,
    ]),
  );
  insertRecipients(db, options.recipients);
  const amounts = Array.from({ length: options.aidEntries }, () =>
    BigInt(1_000 + Math.floor(random() * 4_000_000)),
  );
  const totalAidTiyn = amounts.reduce((sum, amount) => sum + amount, 0n);
  const insertPosting = db.prepare(
    'INSERT INTO postings (entry_id, account_id, amount_tiyn, fund_id, patron_id, recipient_id) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const insertEntry = db.prepare(
    `INSERT INTO entries (id, kind, status, date, recorded_at, memo, reverses_entry_id, pending_entry_id,
       created_by, request_id, prev_hash, hash) VALUES (?, ?, 'posted', ?, ?, NULL, NULL, NULL, NULL, NULL, ?, ?)`,
  );
  const insertAid = db.prepare(
    `INSERT INTO aid (recipient_id, fund_id, amount_tiyn, category, date, entry_id, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const posting = (
    code: string,
    tiyn: bigint,
    fundId: number | null,
    recipientId: number | null,
  ): Posting => ({
    accountId: accountId.get(code) as number,
    accountCode: code,
    amount: Money.fromTiyn(tiyn),
    fundId,
    patronId: null,
    recipientId,
  });
  let previousHash = GENESIS_HASH;
  const recordedAt = `${options.year}-12-31T18:00:00.000Z`;
  const write = (id: number, kind: string, date: string, postings: Posting[]) => {
    const content: HashedContent = {
      id,
      kind,
      status: 'posted',
      date,
      recordedAt,
      memo: null,
      reversesEntryId: null,
      pendingEntryId: null,
      createdBy: null,
      requestId: null,
      prevHash: previousHash,
      postings,
    };
    const hash = hashEntry(content);
    for (const item of postings) {
      insertPosting.run(id, item.accountId, item.amount.tiyn, item.fundId, item.patronId, item.recipientId);
    }
    insertEntry.run(id, kind, date, recordedAt, previousHash, hash);
    previousHash = hash;
  };
  const general = fundAccountCode('general');
  db.transaction(() =>
    write(1, 'donation', `${options.year}-01-01`, [
      posting(general, totalAidTiyn, GENERAL_FUND_ID, null),
      posting(DONATIONS_ACCOUNT_CODE, -totalAidTiyn, GENERAL_FUND_ID, null),
    ]),
  )();
  const categoryTotals = new Map<string, bigint>();
  for (let first = 0; first < amounts.length; first += ENTRIES_PER_TRANSACTION) {
    db.transaction(() => {
      const last = Math.min(first + ENTRIES_PER_TRANSACTION, amounts.length);
      for (let index = first; index < last; index += 1) {
        const amount = amounts[index] as bigint;
        const recipientId = 1 + Math.floor(random() * options.recipients);
        const category = AID_CATEGORIES[
          Math.floor(random() * AID_CATEGORIES.length)
        ] as (typeof AID_CATEGORIES)[number];
        const dayOfYear = Math.floor((index / amounts.length) * 365);
        const date = new Date(Date.UTC(options.year, 0, 1 + dayOfYear)).toISOString().slice(0, 10);
        const expense = aidExpenseAccountCode(category);
        categoryTotals.set(expense, (categoryTotals.get(expense) ?? 0n) + amount);
        write(index + 2, 'aid', date, [
          posting(expense, amount, GENERAL_FUND_ID, recipientId),
          posting(general, -amount, GENERAL_FUND_ID, recipientId),
        ]);
        insertAid.run(recipientId, GENERAL_FUND_ID, amount, category, date, index + 2, recordedAt);
      }
    })();
  }
  db.transaction(() => {
    const setBalance = db.prepare('UPDATE accounts SET posted_tiyn = ? WHERE code = ?');
    setBalance.run(0n, general);
    setBalance.run(-totalAidTiyn, DONATIONS_ACCOUNT_CODE);
    for (const [code, total] of categoryTotals) setBalance.run(total, code);
    db.prepare('UPDATE journal_head SET last_entry_id = ?, last_hash = ? WHERE id = 1').run(
      amounts.length + 1,
      previousHash,
    );
  })();
  return { totalAid: Money.fromTiyn(totalAidTiyn) };
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
