import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type BetterSqlite3 from 'better-sqlite3';
import type { Knex } from 'knex';
import type pg from 'pg';
import type { DatabaseKind } from '../db/database.js';
import {
  type CanonicalFields,
  type CanonicalPosting,
  canonicalForm,
  GENESIS_HASH,
  hashCanonical,
} from './hash-chain.js';
import type { VerifyResult } from './ledger-types.js';

/**
 * Rows fetched from a PostgreSQL cursor per page. Each page is checked before the next is read, and
 * the event loop gets a turn between pages, so memory stays flat and a server stays responsive
 * however long the journal is.
 */
export const VERIFY_PAGE_ROWS = 5_000;
/**
 * Entry ids per window read from SQLite (one `all()` for the entries, one for their postings), with
 * a turn of the event loop between windows. Smaller than the PostgreSQL page because here a page
 * costs no round trip, and a window's rows then die young: over 200,000 entries, windows of 1,000
 * ids cost 10–25% less CPU than windows of 5,000 (less garbage collection of rows that outlived a
 * scavenge) and the process peaks ~90 MB lower.
 */
export const SQLITE_WINDOW_IDS = 1_000;
/**
 * From this many entries on, a SQLite journal is checked in two halves at once: the second half by
 * a worker thread on a read-only connection of its own, so that both cores hash. Below it, the
 * worker's start costs more than it saves.
 */
export const PARALLEL_VERIFY_FROM_ENTRIES = 100_000;

/** The columns of an entry, in the order of the canonical form (see hash-chain.ts), then its hash. */
export const ENTRY_SQL = `SELECT id, prev_hash, kind, status, date, recorded_at, memo, reverses_entry_id,
  pending_entry_id, created_by, request_id, hash FROM entries WHERE id BETWEEN $1 AND $2 ORDER BY id`;
/** The postings of those entries in entry order, in the order each was written (its id) within its entry. */
export const POSTING_SQL = `SELECT entry_id, account_id, amount_tiyn, fund_id, patron_id, recipient_id
  FROM postings WHERE entry_id BETWEEN $1 AND $2 ORDER BY entry_id, id`;

/** An entry as ENTRY_SQL reads it: its canonical fields in their order, then its hash. */
export type EntryRow = [...CanonicalFields, hash: string];
export type PostingRow = [
  entryId: number,
  accountId: number,
  amountTiyn: number,
  fundId: number | null,
  patronId: number | null,
  recipientId: number | null,
];

/** Pages of rows in order; an empty page means the end. */
export interface RowSource<Row> {
  next(): Promise<Row[]>;
  close(): Promise<void>;
}

/** Entry ids first..last, both inclusive. */
export interface IdRange {
  first: number;
  last: number;
}

/** What checking one range of ids found: where it stopped, its ends of the chain, and its money. */
export interface RangeReport {
  range: IdRange;
  /** The first entry that does not check out, as `verify` names it; null when the range is sound. */
  failure: { entryId: number; problem: string } | null;
  /** The last entry checked and found sound (range.first − 1 when none was). */
  lastSoundId: number;
  /** Its hash: where the next range's chain must start. */
  lastSoundHash: string | null;
  /** The previous hash the range's first entry names, for the caller to link to the range before. */
  firstPrevHash: string | null;
  /** Posted money per account id, as bigint text. */
  posted: [number, string][];
  /** Pending entries of the range that nothing in it posts or voids, with their postings. */
  unresolved: [number, [accountId: number, amountTiyn: number][]][];
  /** Pending entries of earlier ranges that an entry of this range posts or voids. */
  resolvesEarlier: number[];
}

/**
 * Recomputes the journal's hash chain from the first entry in one ordered pass over the raw driver
 * (better-sqlite3's iterators; PostgreSQL cursors), and names the first entry that does not match:
 * a changed field, a missing or extra entry, a broken link, an unbalanced entry, or a head that does
 * not point at the last entry. In the same pass it sums every account's posted and pending money,
 * and then compares those sums with the balances the ledger keeps.
 *
 * It reads inside the caller's transaction, so it sees one snapshot of the journal. A large SQLite
 * journal is read in two halves at once (see PARALLEL_VERIFY_FROM_ENTRIES): the second by a worker
 * thread whose own connection reads only ids up to the snapshot's last one — rows the database
 * never lets change, so it sees what the snapshot sees. The halves are then joined as if read in
 * one pass: the same first bad entry is named either way.
 */
export class ChainVerifier {
  constructor(
    private readonly kind: DatabaseKind,
    private readonly parallelFromEntries = PARALLEL_VERIFY_FROM_ENTRIES,
    private readonly windowIds = SQLITE_WINDOW_IDS,
  ) {}

  async verify(trx: Knex.Transaction): Promise<VerifyResult> {
    const head = await trx('journal_head').where({ id: 1 }).first('last_entry_id', 'last_hash');
    if (!head) throw new Error('journal_head row is missing: the database was not migrated');
    const accounts = await keptAccounts(trx);
    const codes = new Map(accounts.map((account) => [account.id, account.code]));
    const extent = await trx('entries').max({ last: 'id' }).first();
    const lastId = extent?.last === null || extent?.last === undefined ? 0 : Number(extent.last);
    const connection = await trx.client.acquireConnection();
    const file = this.kind === 'sqlite' ? (connection as BetterSqlite3.Database).name : '';
    const reports =
      lastId >= this.parallelFromEntries && fs.existsSync(file)
        ? await this.inTwoHalves(connection, file, lastId, codes)
        : [await this.checkHere(connection, { first: 1, last: lastId }, codes)];
    return joinReports(
      { lastEntryId: Number(head.last_entry_id), lastHash: head.last_hash },
      reports,
      accounts,
    );
  }

  /** The first half here, the second in a worker thread, at the same time. */
  private async inTwoHalves(
    connection: unknown,
    file: string,
    lastId: number,
    codes: Map<number, string>,
  ): Promise<RangeReport[]> {
    const middle = Math.floor(lastId / 2);
    const second = checkInWorker(file, { first: middle + 1, last: lastId }, codes, this.windowIds);
    // If the first half fails, the worker's answer is still awaited: no thread is left running.
    const first = await this.checkHere(connection, { first: 1, last: middle }, codes).catch(
      async (error: unknown) => {
        await second.catch(() => undefined);
        throw error;
      },
    );
    return [first, await second];
  }

  private async checkHere(
    connection: unknown,
    range: IdRange,
    codes: Map<number, string>,
  ): Promise<RangeReport> {
    if (this.kind === 'sqlite') {
      const sqlite = connection as BetterSqlite3.Database;
      return checkRange(
        sqliteRows<EntryRow>(sqlite, ENTRY_SQL, range, this.windowIds),
        sqliteRows<PostingRow>(sqlite, POSTING_SQL, range, this.windowIds),
        range,
        codes,
      );
    }
    const client = connection as pg.Client;
    const entries = await postgresRows<EntryRow>(client, 'verify_entries', ENTRY_SQL, range);
    const postings = await postgresRows<PostingRow>(client, 'verify_postings', POSTING_SQL, range).catch(
      async (error: unknown) => {
        await entries.close().catch(() => undefined);
        throw error;
      },
    );
    return checkRange(entries, postings, range, codes);
  }
}

/**
 * Rows of ids in `range` from better-sqlite3 in raw (array) mode, a window of SQLITE_WINDOW_IDS ids
 * at a time, each window read with one `all()`: stepping an iterator row by row cost about twice as
 * much per row (it was half of verify's time). `sql` selects by `id BETWEEN $1 AND $2` (or
 * `entry_id`); a window with no rows — ids missing from the journal — does not end the source.
 */
export function sqliteRows<Row>(
  connection: BetterSqlite3.Database,
  sql: string,
  range: IdRange,
  pageIds = SQLITE_WINDOW_IDS,
): RowSource<Row> {
  const statement = connection.prepare(sql.replace('$1', '?').replace('$2', '?')).raw(true);
  let next = range.first;
  return {
    async next() {
      let rows: Row[] = [];
      while (rows.length === 0 && next <= range.last) {
        const last = Math.min(range.last, next + pageIds - 1);
        rows = statement.all(next, last) as Row[];
        next = last + 1;
      }
      await nextTurn();
      return rows;
    },
    async close() {
      next = range.last + 1;
    },
  };
}

/** A PostgreSQL cursor in the transaction over ids in `range`, fetched a page at a time as arrays. */
async function postgresRows<Row>(
  connection: pg.Client,
  name: string,
  sql: string,
  range: IdRange,
): Promise<RowSource<Row>> {
  await connection.query(`DECLARE ${name} NO SCROLL CURSOR FOR ${sql}`, [range.first, range.last]);
  return {
    async next() {
      const result = await connection.query({
        text: `FETCH ${VERIFY_PAGE_ROWS} FROM ${name}`,
        rowMode: 'array',
      });
      return result.rows as Row[];
    },
    async close() {
      await connection.query(`CLOSE ${name}`);
    },
  };
}

/** What the worker thread is given: the database file, its range of ids and the account codes. */
export interface VerifyWorkerData {
  file: string;
  range: IdRange;
  codes: [number, string][];
  windowIds: number;
}

/** Runs checkRange over `range` in a worker thread on a read-only connection of its own. */
function checkInWorker(
  file: string,
  range: IdRange,
  codes: Map<number, string>,
  windowIds: number,
): Promise<RangeReport> {
  const compiled = new URL('./chain-verify-worker.js', import.meta.url);
  const source = new URL('./chain-verify-worker.ts', import.meta.url);
  // Compiled, the worker is a .js file beside this one; run from the sources (tsx), it is the .ts.
  const workerData: VerifyWorkerData = { file, range, codes: [...codes], windowIds };
  return new Promise((resolve, reject) => {
    const worker = fs.existsSync(compiled)
      ? new Worker(compiled, { workerData })
      : // Run from the sources (tsx): a worker does not inherit the loader this thread registered,
        // so it registers tsx's own before it imports the worker's source.
        new Worker(
          `import(${JSON.stringify(tsxEsmApi())})
            .then((tsx) => { tsx.register(); return import(${JSON.stringify(source.href)}); })`,
          { eval: true, workerData },
        );
    let settled = false;
    worker.once('message', (report: RangeReport) => {
      settled = true;
      resolve(report);
    });
    worker.once('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`the verify worker stopped (exit code ${code}) without an answer`));
    });
  });
}

/** Where tsx's ESM API is, when this runs from the sources (found from its package, however loaded). */
function tsxEsmApi(): string {
  const packageJson = createRequire(import.meta.url).resolve('tsx/package.json');
  return pathToFileURL(path.join(path.dirname(packageJson), 'dist', 'esm', 'api', 'index.mjs')).href;
}

/**
 * Checks the entries with ids in `range`, in id order, as one stretch of the chain: every id there,
 * each entry linked to the one before it (the first one's link is left to the caller unless it is
 * entry 1), each hash recomputed, each entry balanced; and sums its money. Stops at the first entry
 * that does not check out.
 */
export async function checkRange(
  entries: RowSource<EntryRow>,
  postings: RowSource<PostingRow>,
  range: IdRange,
  codes: ReadonlyMap<number, string>,
): Promise<RangeReport> {
  const recount = new Recount();
  let previousHash: string | null = range.first === 1 ? GENESIS_HASH : null;
  let firstPrevHash: string | null = null;
  let expectedId = range.first;
  const report = (failure: RangeReport['failure']): RangeReport => ({
    range,
    failure,
    lastSoundId: expectedId - 1,
    lastSoundHash: previousHash,
    firstPrevHash,
    ...recount.report(),
  });
  try {
    let postingPage = await postings.next();
    let postingAt = 0;
    const entryPostings: PostingRow[] = [];
    for (let page = await entries.next(); page.length > 0; page = await entries.next()) {
      for (const entry of page) {
        const id = Number(entry[0]);
        // The postings of this entry; any of an id with no entry (one deleted) are passed over.
        entryPostings.length = 0;
        for (;;) {
          if (postingAt === postingPage.length) {
            if (postingPage.length === 0) break;
            postingPage = await postings.next();
            postingAt = 0;
            continue;
          }
          const posting = postingPage[postingAt] as PostingRow;
          const postingEntryId = Number(posting[0]);
          if (postingEntryId > id) break;
          if (postingEntryId === id) entryPostings.push(posting);
          postingAt += 1;
        }
        if (id !== expectedId)
          return report({ entryId: expectedId, problem: `entry ${expectedId} is missing` });
        if (id === range.first) firstPrevHash = entry[1];
        if (previousHash !== null && entry[1] !== previousHash) {
          return report({ entryId: id, problem: `entry ${id} does not link to the entry before it` });
        }
        if (hashOf(entry, entryPostings, codes) !== entry[11]) {
          return report({ entryId: id, problem: `entry ${id} does not match its hash` });
        }
        if (!sumsToZero(entryPostings))
          return report({ entryId: id, problem: `entry ${id} does not balance` });
        recount.add(entry, entryPostings);
        previousHash = entry[11];
        expectedId += 1;
      }
    }
  } finally {
    // Closing cannot fail the verification: the transaction ends right after and takes the cursors.
    await entries.close().catch(() => undefined);
    await postings.close().catch(() => undefined);
  }
  return report(null);
}

/**
 * Joins the reports of consecutive ranges as one pass over the whole journal would have gone: the
 * first failure in id order, then the head, then the kept balances against the recount.
 */
export function joinReports(
  head: { lastEntryId: number; lastHash: string },
  reports: readonly RangeReport[],
  accounts: readonly KeptAccount[],
): VerifyResult {
  const fail = (entryId: number | null, entries: number, problem: string): VerifyResult => ({
    ok: false,
    entries,
    headHash: head.lastHash,
    firstBadEntryId: entryId,
    problem,
  });
  const balances = new Map<number, { posted: bigint; pendingDebit: bigint; pendingCredit: bigint }>();
  const balanceOf = (accountId: number) => {
    const existing = balances.get(accountId);
    if (existing) return existing;
    const fresh = { posted: 0n, pendingDebit: 0n, pendingCredit: 0n };
    balances.set(accountId, fresh);
    return fresh;
  };
  const unresolved = new Map<number, [number, number][]>();
  let lastSoundId = 0;
  let lastSoundHash = GENESIS_HASH;
  for (const report of reports) {
    if (report.range.first > report.range.last) continue;
    const startsHere = report.lastSoundId >= report.range.first || report.failure !== null;
    if (startsHere && report.range.first !== lastSoundId + 1) {
      // The range before ended early with no entry after it, yet this range has entries.
      return fail(lastSoundId + 1, lastSoundId, `entry ${lastSoundId + 1} is missing`);
    }
    const missingFirst =
      report.failure?.entryId === report.range.first && report.failure.problem.endsWith('missing');
    if (startsHere && !missingFirst && report.range.first !== 1 && report.firstPrevHash !== lastSoundHash) {
      const id = report.range.first;
      return fail(id, id - 1, `entry ${id} does not link to the entry before it`);
    }
    if (report.failure)
      return fail(report.failure.entryId, report.failure.entryId - 1, report.failure.problem);
    if (report.lastSoundId >= report.range.first) {
      lastSoundId = report.lastSoundId;
      lastSoundHash = report.lastSoundHash as string;
    }
    for (const [accountId, posted] of report.posted) balanceOf(accountId).posted += BigInt(posted);
    for (const pendingId of report.resolvesEarlier) unresolved.delete(pendingId);
    for (const [entryId, pendingPostings] of report.unresolved) unresolved.set(entryId, pendingPostings);
  }
  if (head.lastEntryId !== lastSoundId || head.lastHash !== lastSoundHash) {
    return fail(
      Math.min(head.lastEntryId, lastSoundId) + 1,
      lastSoundId,
      'the journal head does not point at the last entry',
    );
  }
  for (const pendingPostings of unresolved.values()) {
    for (const [accountId, amount] of pendingPostings) {
      if (amount > 0) balanceOf(accountId).pendingDebit += BigInt(amount);
      else balanceOf(accountId).pendingCredit -= BigInt(amount);
    }
  }
  for (const account of accounts) {
    const recounted = balances.get(account.id) ?? { posted: 0n, pendingDebit: 0n, pendingCredit: 0n };
    if (
      account.postedTiyn !== recounted.posted ||
      account.pendingDebitTiyn !== recounted.pendingDebit ||
      account.pendingCreditTiyn !== recounted.pendingCredit
    ) {
      return fail(null, lastSoundId, `the kept balance of account ${account.code} differs from the journal`);
    }
  }
  return { ok: true, entries: lastSoundId, headHash: lastSoundHash, firstBadEntryId: null, problem: null };
}

/** The money of a range as its entries move it: posted per account, pending until posted or voided. */
class Recount {
  /** Posted sums per account: a number part folded into bigint before it could lose a tiyn. */
  private readonly postedParts = new Map<number, number>();
  private readonly posted = new Map<number, bigint>();
  private readonly unresolved = new Map<number, [number, number][]>();
  private readonly resolvesEarlier: number[] = [];

  add(entry: EntryRow, postings: readonly PostingRow[]): void {
    const pendingEntryId = entry[8];
    if (pendingEntryId !== null && !this.unresolved.delete(Number(pendingEntryId))) {
      this.resolvesEarlier.push(Number(pendingEntryId));
    }
    if (entry[3] === 'posted') {
      for (const posting of postings) {
        const accountId = Number(posting[1]);
        const part = (this.postedParts.get(accountId) ?? 0) + Number(posting[2]);
        // One amount is below 2^47 tiyn, so a part kept within ±2^52 is always exact.
        if (part > SAFE_PART || part < -SAFE_PART) {
          this.posted.set(accountId, (this.posted.get(accountId) ?? 0n) + BigInt(part));
          this.postedParts.set(accountId, 0);
        } else this.postedParts.set(accountId, part);
      }
    } else if (entry[3] === 'pending' && postings.length > 0) {
      this.unresolved.set(
        Number(entry[0]),
        postings.map((posting) => [Number(posting[1]), Number(posting[2])]),
      );
    }
  }

  report(): Pick<RangeReport, 'posted' | 'unresolved' | 'resolvesEarlier'> {
    const posted = new Map(this.posted);
    for (const [accountId, part] of this.postedParts) {
      posted.set(accountId, (posted.get(accountId) ?? 0n) + BigInt(part));
    }
    return {
      posted: [...posted].map(([accountId, sum]) => [accountId, sum.toString()]),
      unresolved: [...this.unresolved],
      resolvesEarlier: [...this.resolvesEarlier],
    };
  }
}
const SAFE_PART = 2 ** 52;

/** The hash of an entry recomputed from its row and its postings' rows, as `hashEntry` computes it. */
function hashOf(
  entry: EntryRow,
  postings: readonly PostingRow[],
  codes: ReadonlyMap<number, string>,
): string {
  const canonicalPostings = postings.map(
    (posting): CanonicalPosting => [
      codes.get(Number(posting[1])) as string,
      String(posting[2]),
      nullableNumber(posting[3]),
      nullableNumber(posting[4]),
      nullableNumber(posting[5]),
    ],
  );
  return hashCanonical(
    canonicalForm(
      [
        Number(entry[0]),
        entry[1],
        entry[2],
        entry[3],
        entry[4],
        entry[5],
        entry[6],
        nullableNumber(entry[7]),
        nullableNumber(entry[8]),
        nullableNumber(entry[9]),
        entry[10],
      ],
      canonicalPostings,
    ),
  );
}

function nullableNumber(value: number | null): number | null {
  return value === null ? null : Number(value);
}

/** Whether the postings sum to zero, exactly: in numbers while every partial sum is safe, else in bigint. */
function sumsToZero(postings: readonly PostingRow[]): boolean {
  let sum = 0;
  for (const posting of postings) {
    sum += Number(posting[2]);
    if (sum > Number.MAX_SAFE_INTEGER || sum < -Number.MAX_SAFE_INTEGER) {
      return postings.reduce((total, row) => total + BigInt(row[2]), 0n) === 0n;
    }
  }
  return sum === 0;
}

export interface KeptAccount {
  id: number;
  code: string;
  postedTiyn: bigint;
  pendingDebitTiyn: bigint;
  pendingCreditTiyn: bigint;
}

/** The accounts in code order with the balances the ledger keeps (read as text: they may pass 2^53). */
async function keptAccounts(trx: Knex.Transaction): Promise<KeptAccount[]> {
  const rows: {
    id: number;
    code: string;
    posted_tiyn: string;
    pending_debit_tiyn: string;
    pending_credit_tiyn: string;
  }[] = await trx('accounts')
    .orderBy('code')
    .select(
      'id',
      'code',
      trx.raw('CAST(posted_tiyn AS TEXT) AS posted_tiyn'),
      trx.raw('CAST(pending_debit_tiyn AS TEXT) AS pending_debit_tiyn'),
      trx.raw('CAST(pending_credit_tiyn AS TEXT) AS pending_credit_tiyn'),
    );
  return rows.map((row) => ({
    id: Number(row.id),
    code: row.code,
    postedTiyn: BigInt(row.posted_tiyn),
    pendingDebitTiyn: BigInt(row.pending_debit_tiyn),
    pendingCreditTiyn: BigInt(row.pending_credit_tiyn),
  }));
}
