import type { Knex } from 'knex';
import type { DatabaseKind } from '../db/database.js';
import { Money } from '../money/money.js';
import type { AccountType } from './chart.js';
import type { Account, Entry, EntryOutcome, EntryStatus, Posting } from './ledger-types.js';

/** Where the chain ends now: the last entry's id and hash (0 and the genesis hash when empty). */
export interface JournalHead {
  lastEntryId: number;
  lastHash: string;
  /** Entries dated on or before this day are refused; null while no period is closed. */
  closedThrough: string | null;
}

/** Signed changes to an account's kept balances, in tiyn. */
export interface BalanceChange {
  postedTiyn: bigint;
  pendingDebitTiyn: bigint;
  pendingCreditTiyn: bigint;
}

interface EntryRow {
  id: number;
  kind: string;
  status: EntryStatus;
  date: string;
  recorded_at: string;
  memo: string | null;
  reverses_entry_id: number | null;
  pending_entry_id: number | null;
  created_by: number | null;
  request_id: string | null;
  prev_hash: string;
  hash: string;
}

interface PostingRow {
  entry_id: number;
  account_id: number;
  account_code: string;
  amount_tiyn: number;
  fund_id: number | null;
  patron_id: number | null;
  recipient_id: number | null;
}

interface AccountRow {
  id: number;
  code: string;
  name: string;
  type: AccountType;
  fund_id: number | null;
  no_overdraft: boolean | number;
  posted_tiyn: string;
  pending_debit_tiyn: string;
  pending_credit_tiyn: string;
}

/** Rows per multi-row INSERT: 500 entries × 13 columns stays far below SQLite's 32,766 and PostgreSQL's 65,535 parameters. */
export const ROWS_PER_INSERT = 500;

/** Table access for the journal; knex only, no rules. Every method takes the executor to run on. */
export class LedgerStore {
  constructor(private readonly kind: DatabaseKind) {}

  /**
   * Takes the journal's write lock and reads the head in one statement. Every write to the journal
   * does this first, so writers line up one behind the other — across processes too — and the chain
   * stays one line. The no-op UPDATE row-locks the head on PostgreSQL and, on SQLite, takes the
   * database write lock before any read could pin an older snapshot.
   */
  async claimHead(trx: Knex.Transaction): Promise<JournalHead> {
    const result = await trx.raw(
      'UPDATE journal_head SET last_entry_id = last_entry_id WHERE id = 1 RETURNING last_entry_id, last_hash, closed_through',
    );
    return toHead(this.kind === 'postgres' ? result.rows[0] : result[0]);
  }

  async readHead(db: Knex | Knex.Transaction): Promise<JournalHead> {
    return toHead(await db('journal_head').where({ id: 1 }).first());
  }

  /** Moves the head forward; refuses loudly if it is not where the caller read it. */
  async advanceHead(trx: Knex.Transaction, from: JournalHead, entry: Entry): Promise<void> {
    const updated = await trx('journal_head')
      .where({ id: 1, last_entry_id: from.lastEntryId, last_hash: from.lastHash })
      .update({ last_entry_id: entry.id, last_hash: entry.hash });
    if (updated !== 1) throw new Error(`journal head moved while entry ${entry.id} was written`);
  }

  /** Records who closed the books through which day, and moves the head's closed-through date. */
  async insertClosedPeriod(
    trx: Knex.Transaction,
    through: string,
    closedAt: string,
    closedBy: number | null,
  ) {
    await trx('closed_periods').insert({ through, closed_at: closedAt, closed_by: closedBy });
    await trx('journal_head').where({ id: 1 }).update({ closed_through: through });
  }

  async countUnresolvedPendingThrough(db: Knex | Knex.Transaction, through: string): Promise<number> {
    const row = await db('entries as pending')
      .leftJoin('entries as resolution', 'resolution.pending_entry_id', 'pending.id')
      .where('pending.status', 'pending')
      .whereNull('resolution.id')
      .where('pending.date', '<=', through)
      .count({ count: '*' })
      .first();
    return Number(row?.count ?? 0);
  }

  async accountsByCode(db: Knex | Knex.Transaction, codes: readonly string[]): Promise<Account[]> {
    const rows: AccountRow[] = await selectAccounts(db).whereIn('code', [...new Set(codes)]);
    return rows.map(toAccount);
  }

  async allAccounts(db: Knex | Knex.Transaction): Promise<Account[]> {
    const rows: AccountRow[] = await selectAccounts(db).orderBy('code');
    return rows.map(toAccount);
  }

  /** Postings first, then the entry: the entry's insert trigger checks that its postings balance. */
  /**
   * Writes entries with their postings: all the postings first, then the entries (whose insert
   * trigger checks that each one's postings balance), in multi-row statements of at most
   * ROWS_PER_INSERT rows, well inside both engines' limits on bound parameters.
   */
  async insertEntries(trx: Knex.Transaction, entries: readonly Entry[]): Promise<void> {
    const postings = entries.flatMap(postingRows);
    for (let start = 0; start < postings.length; start += ROWS_PER_INSERT) {
      await trx('postings').insert(postings.slice(start, start + ROWS_PER_INSERT));
    }
    for (let start = 0; start < entries.length; start += ROWS_PER_INSERT) {
      await trx('entries').insert(entries.slice(start, start + ROWS_PER_INSERT).map(entryRow));
    }
  }

  /** Adds each account's changes to its kept balances, all accounts in one UPDATE. */
  async applyBalanceChanges(
    trx: Knex.Transaction,
    changes: ReadonlyMap<number, BalanceChange>,
  ): Promise<void> {
    if (changes.size === 0) return;
    const ids = [...changes.keys()];
    // column + CASE id WHEN <id> THEN <change> … END; the cast keeps PostgreSQL from reading the
    // changes as 32-bit integers.
    const plus = (column: string, pick: (change: BalanceChange) => bigint) =>
      trx.raw(`?? + CASE ?? ${ids.map(() => 'WHEN ? THEN CAST(? AS BIGINT)').join(' ')} ELSE 0 END`, [
        column,
        'id',
        ...[...changes].flatMap(([id, change]) => [id, pick(change).toString()]),
      ]);
    const updated = await trx('accounts')
      .whereIn('id', ids)
      .update({
        posted_tiyn: plus('posted_tiyn', (change) => change.postedTiyn),
        pending_debit_tiyn: plus('pending_debit_tiyn', (change) => change.pendingDebitTiyn),
        pending_credit_tiyn: plus('pending_credit_tiyn', (change) => change.pendingCreditTiyn),
      });
    if (updated !== ids.length)
      throw new Error(
        `accounts ${ids.join(', ')}: ${ids.length - updated} vanished while their balances changed`,
      );
  }

  async findEntry(db: Knex | Knex.Transaction, id: number): Promise<Entry | null> {
    const [entry] = await this.entriesBetween(db, id, id);
    return entry ?? null;
  }

  /** The entry that reverses `entryId`, or that posts or voids it when it is pending. */
  async findReference(
    db: Knex | Knex.Transaction,
    column: 'reverses_entry_id' | 'pending_entry_id',
    entryId: number,
  ): Promise<number | null> {
    const row = await db('entries').where(column, entryId).select('id').first();
    return row ? Number(row.id) : null;
  }

  /** A page of entries newest first, optionally within value dates, each with its postings. */
  async listNewestFirst(
    db: Knex,
    filter: { beforeId: number | undefined; limit: number; from: string | undefined; to: string | undefined },
  ): Promise<Entry[]> {
    const query = db('entries').orderBy('id', 'desc').limit(filter.limit).select('id');
    if (filter.beforeId !== undefined) query.where('id', '<', filter.beforeId);
    if (filter.from !== undefined) query.where('date', '>=', filter.from);
    if (filter.to !== undefined) query.where('date', '<=', filter.to);
    const ids = (await query).map((row: { id: number }) => Number(row.id));
    return (await this.entriesWithIds(db, ids)).reverse();
  }

  /** The outcome of each entry: pending, posted (and by which entry), voided, reversed. */
  async outcomes(db: Knex, entryIds: readonly number[]): Promise<Map<number, EntryOutcome>> {
    const outcomes = new Map<number, EntryOutcome>();
    if (entryIds.length === 0) return outcomes;
    const rows: {
      id: number;
      status: EntryStatus;
      resolution_id: number | null;
      resolution_status: EntryStatus | null;
    }[] = await db('entries as entry')
      .leftJoin('entries as resolution', 'resolution.pending_entry_id', 'entry.id')
      .whereIn('entry.id', [...entryIds])
      .select(
        'entry.id',
        'entry.status',
        'resolution.id as resolution_id',
        'resolution.status as resolution_status',
      );
    for (const row of rows) {
      const postedEntryId =
        row.status === 'posted'
          ? Number(row.id)
          : row.resolution_status === 'posted'
            ? Number(row.resolution_id)
            : null;
      const status =
        postedEntryId !== null ? 'posted' : row.resolution_status === 'voided' ? 'voided' : 'pending';
      outcomes.set(Number(row.id), { status, postedEntryId, reversedByEntryId: null });
    }
    const postedIds = [...outcomes.values()].flatMap((outcome) =>
      outcome.postedEntryId === null ? [] : [outcome.postedEntryId],
    );
    if (postedIds.length === 0) return outcomes;
    const reversals: { id: number; reverses_entry_id: number }[] = await db('entries')
      .whereIn('reverses_entry_id', postedIds)
      .select('id', 'reverses_entry_id');
    const reversalOf = new Map(reversals.map((row) => [Number(row.reverses_entry_id), Number(row.id)]));
    for (const outcome of outcomes.values()) {
      if (outcome.postedEntryId !== null)
        outcome.reversedByEntryId = reversalOf.get(outcome.postedEntryId) ?? null;
    }
    return outcomes;
  }

  /** Entries with ids firstId..lastId inclusive, in id order, each with its postings in order. */
  async entriesBetween(db: Knex | Knex.Transaction, firstId: number, lastId: number): Promise<Entry[]> {
    return this.entriesWhere(db, (builder, column) => builder.whereBetween(column, [firstId, lastId]));
  }

  /** The entries with these ids, in id order, each with its postings in order. */
  async entriesWithIds(db: Knex, ids: readonly number[]): Promise<Entry[]> {
    return this.entriesWhere(db, (builder, column) => builder.whereIn(column, [...ids]));
  }

  /** Entries whose ids `pick` chooses (given the id column to filter), in id order, with their postings. */
  private async entriesWhere(
    db: Knex,
    pick: (builder: Knex.QueryBuilder, column: string) => Knex.QueryBuilder,
  ): Promise<Entry[]> {
    const entryRows: EntryRow[] = await pick(db('entries'), 'id').orderBy('id');
    if (entryRows.length === 0) return [];
    const postingRows: PostingRow[] = await pick(db('postings'), 'postings.entry_id')
      .join('accounts', 'accounts.id', 'postings.account_id')
      .orderBy('postings.entry_id')
      .orderBy('postings.id')
      .select(
        'postings.entry_id',
        'postings.account_id',
        'accounts.code as account_code',
        'postings.amount_tiyn',
        'postings.fund_id',
        'postings.patron_id',
        'postings.recipient_id',
      );
    const postingsByEntry = new Map<number, Posting[]>();
    for (const row of postingRows) {
      const entryId = Number(row.entry_id);
      const postings = postingsByEntry.get(entryId) ?? [];
      postings.push(toPosting(row));
      postingsByEntry.set(entryId, postings);
    }
    return entryRows.map((row) => toEntry(row, postingsByEntry.get(Number(row.id)) ?? []));
  }
}

/**
 * Kept balances are read as text: a balance can outgrow 2^53 tiyn (a single amount cannot), and
 * neither driver would hand it back exactly as a number.
 */
export function balanceAsText(db: Knex, column: string): Knex.Raw {
  return db.raw('CAST(?? AS TEXT) AS ??', [column, column.split('.').pop() as string]);
}

function selectAccounts(db: Knex) {
  return db('accounts').select(
    'id',
    'code',
    'name',
    'type',
    'fund_id',
    'no_overdraft',
    balanceAsText(db, 'posted_tiyn'),
    balanceAsText(db, 'pending_debit_tiyn'),
    balanceAsText(db, 'pending_credit_tiyn'),
  );
}

/** The postings of an entry as `postings` rows. */
export function postingRows(entry: Entry): Record<string, unknown>[] {
  return entry.postings.map((posting) => ({
    entry_id: entry.id,
    account_id: posting.accountId,
    amount_tiyn: toStoredTiyn(posting.amount),
    fund_id: posting.fundId,
    patron_id: posting.patronId,
    recipient_id: posting.recipientId,
  }));
}

/** An entry as its `entries` row. */
export function entryRow(entry: Entry): Record<string, unknown> {
  return {
    id: entry.id,
    kind: entry.kind,
    status: entry.status,
    date: entry.date,
    recorded_at: entry.recordedAt,
    memo: entry.memo,
    reverses_entry_id: entry.reversesEntryId,
    pending_entry_id: entry.pendingEntryId,
    created_by: entry.createdBy,
    request_id: entry.requestId,
    prev_hash: entry.prevHash,
    hash: entry.hash,
  };
}

function toHead(
  row: { last_entry_id: number; last_hash: string; closed_through: string | null } | undefined,
): JournalHead {
  if (!row) throw new Error('journal_head row is missing: the database was not migrated');
  return {
    lastEntryId: Number(row.last_entry_id),
    lastHash: row.last_hash,
    closedThrough: row.closed_through,
  };
}

/** Amounts go to the database as numbers: every single amount is far inside the safe range. */
function toStoredTiyn(amount: Money): number {
  const tiyn = Number(amount.tiyn);
  if (!Number.isSafeInteger(tiyn))
    throw new Error(`amount ${amount.toString()} is beyond what one posting holds`);
  return tiyn;
}

function toAccount(row: AccountRow): Account {
  return {
    id: Number(row.id),
    code: row.code,
    name: row.name,
    type: row.type,
    fundId: row.fund_id === null ? null : Number(row.fund_id),
    noOverdraft: Boolean(row.no_overdraft),
    posted: Money.fromTiyn(row.posted_tiyn),
    pendingDebit: Money.fromTiyn(row.pending_debit_tiyn),
    pendingCredit: Money.fromTiyn(row.pending_credit_tiyn),
  };
}

function toPosting(row: PostingRow): Posting {
  return {
    accountId: Number(row.account_id),
    accountCode: row.account_code,
    amount: Money.fromTiyn(row.amount_tiyn),
    fundId: row.fund_id === null ? null : Number(row.fund_id),
    patronId: row.patron_id === null ? null : Number(row.patron_id),
    recipientId: row.recipient_id === null ? null : Number(row.recipient_id),
  };
}

function toEntry(row: EntryRow, postings: Posting[]): Entry {
  const optionalId = (value: number | null) => (value === null ? null : Number(value));
  return {
    id: Number(row.id),
    kind: row.kind,
    status: row.status,
    date: row.date,
    recordedAt: row.recorded_at,
    memo: row.memo,
    reversesEntryId: optionalId(row.reverses_entry_id),
    pendingEntryId: optionalId(row.pending_entry_id),
    createdBy: optionalId(row.created_by),
    requestId: row.request_id,
    prevHash: row.prev_hash,
    hash: row.hash,
    postings,
  };
}
