import type { Knex } from 'knex';
import { type Clock, parseBusinessDate, todayInAlmaty } from '../calendar/business-date.js';
import type { Database } from '../db/database.js';
import { GroupCommit } from '../db/group-commit.js';
import { type Page, type PageRequest, pageOf } from '../db/paging.js';
import { AlreadyResolvedError } from '../errors/already-resolved-error.js';
import { AlreadyReversedError } from '../errors/already-reversed-error.js';
import { InsufficientFundsError } from '../errors/insufficient-funds-error.js';
import { NotFoundError } from '../errors/not-found-error.js';
import { NotPendingError } from '../errors/not-pending-error.js';
import { NotReversibleError } from '../errors/not-reversible-error.js';
import { PendingInPeriodError } from '../errors/pending-in-period-error.js';
import { PeriodClosedError } from '../errors/period-closed-error.js';
import { ValidationError } from '../errors/validation-error.js';
import { Money } from '../money/money.js';
import { ChainVerifier } from './chain-verifier.js';
import { assertBalanced, assertEntryText, oppositePostings } from './entry-rules.js';
import { hashEntry } from './hash-chain.js';
import { type BalanceChange, type JournalHead, LedgerStore } from './ledger-store.js';
import type {
  Account,
  Actor,
  Entry,
  EntryOutcome,
  EntryStatus,
  NewEntry,
  PostingInput,
  VerifyResult,
} from './ledger-types.js';

/** An entry about to be appended, before it has an id and a hash. */
interface Draft {
  kind: string;
  status: EntryStatus;
  date: string;
  memo: string | null;
  reversesEntryId: number | null;
  pendingEntryId: number | null;
  postings: PostingInput[];
  /** The pending entry this draft posts or voids: its reservation is released. */
  releases: Entry | null;
  actor: Actor;
}

/**
 * The rules of the journal. Every change appends one entry inside a database transaction that
 * first takes the journal lock (`transaction`), so checks and writes see a journal nobody else is
 * changing: no overdraft slips between a check and its write, and the hash chain never forks.
 */
export class LedgerService {
  private readonly store: LedgerStore;
  /** The head as of the last write in each open transaction that holds the journal lock. */
  private readonly claimedHeads = new WeakMap<Knex.Transaction, JournalHead>();
  private readonly groupCommit: GroupCommit;
  /** The savepoints of units run by the group commit, whose transaction took the lock first thing. */
  private readonly underGroupLock = new WeakSet<Knex.Transaction>();
  /** Each unit's group transaction, and the count of appends outside units when the unit began. */
  private readonly groupOf = new WeakMap<
    Knex.Transaction,
    { group: Knex.Transaction; appendsBefore: number }
  >();
  /**
   * Per group transaction, the head as its units have left it so far: claimed when the group began,
   * moved on by each unit that committed its savepoint, so the next unit need not read it again.
   * Dropped (the next unit reads it) when entries were appended in a savepoint nested in a unit.
   */
  private readonly groupHeads = new WeakMap<Knex.Transaction, JournalHead>();
  /** Appends made in transactions that are not group units (nested savepoints, callers' own). */
  private appendsOutsideUnits = 0;

  constructor(
    private readonly database: Database,
    private readonly clock: Clock,
  ) {
    this.store = new LedgerStore(database.kind);
    this.groupCommit = new GroupCommit(
      database.knex,
      async (group) => {
        this.groupHeads.set(group, await this.store.claimHead(group));
      },
      (unit, group) => {
        const head = this.claimedHeads.get(unit);
        if (head) this.groupHeads.set(group, head);
      },
    );
  }

  /**
   * Runs `work` in a transaction that holds the journal lock from its first statement. Work that
   * arrives while another commit is under way shares the next one (GroupCommit): each in a savepoint
   * of its own, so it succeeds or fails alone, and none is answered before its commit is durable.
   */
  async transaction<T>(work: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
    return this.groupCommit.run(async (savepoint, group) => {
      // The group's transaction already holds the journal lock: this unit reads the head, no write.
      this.underGroupLock.add(savepoint);
      const appendsBefore = this.appendsOutsideUnits;
      this.groupOf.set(savepoint, { group, appendsBefore });
      try {
        return await work(savepoint);
      } finally {
        // A savepoint nested in this unit moved the head where only the database knows it: neither
        // the group's head nor what this unit saw of it may be handed on.
        if (this.appendsOutsideUnits !== appendsBefore) {
          this.groupHeads.delete(group);
          this.claimedHeads.delete(savepoint);
        }
      }
    });
  }

  /** Records a new posted or pending entry. */
  async record(input: NewEntry, trx?: Knex.Transaction): Promise<Entry> {
    const draft = this.draftOf(input);
    return this.within(trx, (inner) => this.append(inner, draft));
  }

  /**
   * Records many new entries in the caller's transaction, in order, with the same rules as `record`
   * applied to each in turn (each sees the balances the ones before it left), written with a few
   * multi-row statements instead of several statements per entry. All or nothing: the first entry
   * that breaks a rule throws, and the caller's transaction (or savepoint) must be rolled back.
   */
  async recordMany(inputs: readonly NewEntry[], trx: Knex.Transaction): Promise<Entry[]> {
    return this.appendAll(
      trx,
      inputs.map((input) => this.draftOf(input)),
    );
  }

  private draftOf(input: NewEntry): Draft {
    assertEntryText(input.kind, input.memo);
    return {
      kind: input.kind,
      status: input.status,
      date: input.date === undefined ? todayInAlmaty(this.clock) : parseBusinessDate(input.date, 'date'),
      memo: input.memo ?? null,
      reversesEntryId: null,
      pendingEntryId: null,
      postings: input.postings,
      releases: null,
      actor: input,
    };
  }

  /** Writes the opposite of a posted entry, dated today unless told otherwise; once per entry. */
  async reverse(
    entryId: number,
    options: Actor & { reason: string; date?: string },
    trx?: Knex.Transaction,
  ): Promise<Entry> {
    assertEntryText('reversal', options.reason);
    return this.within(trx, async (inner) => {
      const original = await this.requireEntry(inner, entryId);
      if (original.status !== 'posted' || original.reversesEntryId !== null) {
        throw new NotReversibleError(
          `entry ${entryId} is not a posted money movement and cannot be reversed`,
          {
            entryId,
          },
        );
      }
      const reversalId = await this.store.findReference(inner, 'reverses_entry_id', entryId);
      if (reversalId !== null) {
        throw new AlreadyReversedError(`entry ${entryId} was already reversed by entry ${reversalId}`, {
          entryId,
          reversalEntryId: reversalId,
        });
      }
      return this.append(inner, {
        kind: 'reversal',
        status: 'posted',
        date:
          options.date === undefined ? todayInAlmaty(this.clock) : parseBusinessDate(options.date, 'date'),
        memo: options.reason,
        reversesEntryId: entryId,
        pendingEntryId: null,
        postings: oppositePostings(original.postings),
        releases: null,
        actor: options,
      });
    });
  }

  /** Posts a pending entry: a new posted entry with the same postings, dated as the pending one by default. */
  async postPending(pendingEntryId: number, options: Actor & { date?: string }, trx?: Knex.Transaction) {
    return this.within(trx, async (inner) => {
      const pending = await this.requireUnresolvedPending(inner, pendingEntryId);
      return this.append(inner, {
        kind: pending.kind,
        status: 'posted',
        date: options.date === undefined ? pending.date : parseBusinessDate(options.date, 'date'),
        memo: pending.memo,
        reversesEntryId: null,
        pendingEntryId,
        postings: pending.postings,
        releases: pending,
        actor: options,
      });
    });
  }

  /** Voids a pending entry: a record without postings that names it and releases what it reserved. */
  async voidPending(pendingEntryId: number, options: Actor & { reason?: string }, trx?: Knex.Transaction) {
    assertEntryText('void', options.reason);
    return this.within(trx, async (inner) => {
      const pending = await this.requireUnresolvedPending(inner, pendingEntryId);
      return this.append(inner, {
        kind: pending.kind,
        status: 'voided',
        date: todayInAlmaty(this.clock),
        memo: options.reason ?? null,
        reversesEntryId: null,
        pendingEntryId,
        postings: [],
        releases: pending,
        actor: options,
      });
    });
  }

  /** Refuses entries dated on or before `through` from now on. Only forward, only with no pending left. */
  async closePeriod(through: string, actor: Actor = {}): Promise<{ closedThrough: string }> {
    parseBusinessDate(through, 'through');
    return this.transaction(async (trx) => {
      const { closedThrough } = await this.claimHead(trx);
      if (closedThrough !== null && through <= closedThrough) {
        throw new ValidationError(`the books are already closed through ${closedThrough}`, {
          field: 'through',
          closedThrough,
        });
      }
      if (through >= todayInAlmaty(this.clock)) {
        throw new ValidationError('a period can be closed only through a day that has ended', {
          field: 'through',
        });
      }
      const pendingCount = await this.store.countUnresolvedPendingThrough(trx, through);
      if (pendingCount > 0) {
        throw new PendingInPeriodError(`${pendingCount} pending entries are dated on or before ${through}`, {
          pendingCount,
        });
      }
      await this.store.insertClosedPeriod(trx, through, this.clock.now().toISOString(), actor.userId ?? null);
      this.claimedHeads.set(trx, { ...(await this.claimHead(trx)), closedThrough: through });
      return { closedThrough: through };
    });
  }

  async journalHead(): Promise<JournalHead> {
    return this.store.readHead(this.database.knex);
  }

  async closedThrough(): Promise<string | null> {
    return (await this.journalHead()).closedThrough;
  }

  async getEntry(entryId: number): Promise<Entry> {
    return this.requireEntry(this.database.knex, entryId);
  }

  async listEntries(
    filter: PageRequest & { from: string | undefined; to: string | undefined },
  ): Promise<Page<Entry>> {
    const rows = await this.store.listNewestFirst(this.database.knex, { ...filter, limit: filter.limit + 1 });
    return pageOf(rows, filter, (entry) => entry.id);
  }

  /** What became of each entry (see EntryOutcome), read in the caller's transaction when given. */
  async outcomes(entryIds: readonly number[], db?: Knex): Promise<Map<number, EntryOutcome>> {
    return this.store.outcomes(db ?? this.database.knex, entryIds);
  }

  /** Records that each made an entry, with what became of that entry (status, posting, reversal). */
  async withOutcomes<T extends { entryId: number }>(
    records: readonly T[],
    db?: Knex,
  ): Promise<(T & EntryOutcome)[]> {
    const outcomes = await this.outcomes(
      records.map((record) => record.entryId),
      db,
    );
    return records.map((record) => {
      const outcome = outcomes.get(record.entryId);
      if (!outcome) throw new Error(`entry ${record.entryId} of a record is missing from the journal`);
      return { ...record, ...outcome };
    });
  }

  /** The kept balances of one account, read in the caller's transaction when given. */
  async accountBalance(code: string, trx?: Knex.Transaction): Promise<Account> {
    const [account] = await this.store.accountsByCode(trx ?? this.database.knex, [code]);
    if (!account) throw new NotFoundError(`account ${code} does not exist`, { accountCode: code });
    return account;
  }

  async accounts(): Promise<Account[]> {
    return this.store.allAccounts(this.database.knex);
  }

  async accountByCode(code: string): Promise<Account> {
    const [account] = await this.store.accountsByCode(this.database.knex, [code]);
    if (!account) throw new NotFoundError(`account ${code} does not exist`, { accountCode: code });
    return account;
  }

  /**
   * Recomputes the hash chain from the first entry in one streaming pass (ChainVerifier) and names
   * the first entry that does not match: a changed field, a missing or extra entry, a broken link,
   * an unbalanced entry, or a head that does not point at the last entry. Then compares the kept
   * balances with the journal.
   */
  async verify(): Promise<VerifyResult> {
    // One consistent snapshot: entries appended while verify runs are neither seen nor half-seen.
    const options = this.database.kind === 'postgres' ? { isolationLevel: 'repeatable read' as const } : {};
    return this.database.knex.transaction((trx) => this.verifyWithin(trx), options);
  }

  private async verifyWithin(trx: Knex.Transaction): Promise<VerifyResult> {
    return new ChainVerifier(this.database.kind).verify(trx);
  }

  private within<T>(
    trx: Knex.Transaction | undefined,
    work: (trx: Knex.Transaction) => Promise<T>,
  ): Promise<T> {
    return trx ? work(trx) : this.transaction(work);
  }

  private async requireEntry(db: Knex | Knex.Transaction, entryId: number): Promise<Entry> {
    const entry =
      Number.isSafeInteger(entryId) && entryId > 0 ? await this.store.findEntry(db, entryId) : null;
    if (!entry) throw new NotFoundError(`entry ${entryId} does not exist`, { entryId });
    return entry;
  }

  private async requireUnresolvedPending(trx: Knex.Transaction, entryId: number): Promise<Entry> {
    const pending = await this.requireEntry(trx, entryId);
    if (pending.status !== 'pending') {
      throw new NotPendingError(`entry ${entryId} is not pending`, { entryId });
    }
    const resolutionId = await this.store.findReference(trx, 'pending_entry_id', entryId);
    if (resolutionId !== null) {
      throw new AlreadyResolvedError(
        `pending entry ${entryId} was already resolved by entry ${resolutionId}`,
        {
          entryId,
          resolutionEntryId: resolutionId,
        },
      );
    }
    return pending;
  }

  private async append(trx: Knex.Transaction, draft: Draft): Promise<Entry> {
    return (await this.appendAll(trx, [draft]))[0] as Entry;
  }

  /**
   * The one place entries are written: check each in turn against the balances the ones before it
   * left, hash each onto the chain, then write them all, apply the summed balance changes and move
   * the head once.
   */
  private async appendAll(trx: Knex.Transaction, drafts: readonly Draft[]): Promise<Entry[]> {
    if (drafts.length === 0) return [];
    const startHead = await this.claimHead(trx);
    let head = startHead;
    let accounts = await this.resolveAccounts(trx, drafts);
    const total = new Map<number, BalanceChange>();
    const entries: Entry[] = [];
    for (const draft of drafts) {
      assertPeriodOpen(head, draft.date);
      if (draft.status !== 'voided') assertBalanced(draft.postings);
      const changes = balanceChanges(draft, accounts);
      assertNoOverdraft(accounts, changes);
      const entry = this.seal(draft, head, accounts);
      entries.push(entry);
      head = { ...head, lastEntryId: entry.id, lastHash: entry.hash };
      if (drafts.length > 1) accounts = withChanges(accounts, changes);
      addChanges(total, changes);
    }
    await this.store.insertEntries(trx, entries);
    await this.store.applyBalanceChanges(trx, total);
    await this.store.advanceHead(trx, startHead, entries[entries.length - 1] as Entry);
    this.claimedHeads.set(trx, head);
    if (!this.underGroupLock.has(trx)) this.appendsOutsideUnits += 1;
    return entries;
  }

  /** The head, read once per transaction under the journal lock, then kept current by `append`. */
  private async claimHead(trx: Knex.Transaction): Promise<JournalHead> {
    const known = this.claimedHeads.get(trx);
    if (known) return known;
    // A unit takes the head its group kept, unless entries were appended in a nested savepoint since
    // the unit began: then only the database knows where the head is.
    const unit = this.groupOf.get(trx);
    const kept =
      unit && unit.appendsBefore === this.appendsOutsideUnits ? this.groupHeads.get(unit.group) : undefined;
    const head = this.underGroupLock.has(trx)
      ? (kept ?? (await this.store.readHead(trx)))
      : await this.store.claimHead(trx);
    this.claimedHeads.set(trx, head);
    return head;
  }

  private async resolveAccounts(
    trx: Knex.Transaction,
    drafts: readonly Draft[],
  ): Promise<Map<string, Account>> {
    const codes = [
      ...new Set(
        drafts.flatMap((draft) =>
          [...draft.postings, ...(draft.releases?.postings ?? [])].map((posting) => posting.accountCode),
        ),
      ),
    ];
    const accounts = new Map(
      (await this.store.accountsByCode(trx, codes)).map((account) => [account.code, account]),
    );
    for (const code of codes) {
      if (!accounts.has(code))
        throw new NotFoundError(`account ${code} does not exist`, { accountCode: code });
    }
    return accounts;
  }

  private seal(draft: Draft, head: JournalHead, accounts: Map<string, Account>): Entry {
    const content = {
      id: head.lastEntryId + 1,
      kind: draft.kind,
      status: draft.status,
      date: draft.date,
      recordedAt: this.clock.now().toISOString(),
      memo: draft.memo,
      reversesEntryId: draft.reversesEntryId,
      pendingEntryId: draft.pendingEntryId,
      createdBy: draft.actor.userId ?? null,
      requestId: draft.actor.requestId ?? null,
      prevHash: head.lastHash,
      postings: draft.postings.map((posting) => {
        const account = accounts.get(posting.accountCode) as Account;
        const fundId = posting.fundId ?? account.fundId;
        if (account.fundId !== null && fundId !== account.fundId) {
          throw new Error(`a posting on ${account.code} must name fund ${account.fundId}, not ${fundId}`);
        }
        return {
          accountId: account.id,
          accountCode: account.code,
          amount: posting.amount,
          fundId,
          patronId: posting.patronId ?? null,
          recipientId: posting.recipientId ?? null,
        };
      }),
    };
    return { ...content, hash: hashEntry(content) };
  }
}

function assertPeriodOpen(head: JournalHead, date: string): void {
  if (head.closedThrough !== null && date <= head.closedThrough) {
    throw new PeriodClosedError(
      `the books are closed through ${head.closedThrough}; ${date} is in a closed period`,
      {
        closedThrough: head.closedThrough,
        date,
      },
    );
  }
}

/** How an entry changes each account's kept balances: its own postings, minus what it releases. */
function balanceChanges(draft: Draft, accounts: Map<string, Account>): Map<number, BalanceChange> {
  const changes = new Map<number, BalanceChange>();
  const changeOf = (code: string): BalanceChange => {
    const accountId = (accounts.get(code) as Account).id;
    const existing = changes.get(accountId);
    if (existing) return existing;
    const fresh = { postedTiyn: 0n, pendingDebitTiyn: 0n, pendingCreditTiyn: 0n };
    changes.set(accountId, fresh);
    return fresh;
  };
  const addPending = (posting: PostingInput, sign: bigint) => {
    const change = changeOf(posting.accountCode);
    if (posting.amount.isPositive()) change.pendingDebitTiyn += sign * posting.amount.tiyn;
    else change.pendingCreditTiyn -= sign * posting.amount.tiyn;
  };
  for (const posting of draft.releases?.postings ?? []) addPending(posting, -1n);
  for (const posting of draft.postings) {
    if (draft.status === 'pending') addPending(posting, 1n);
    else changeOf(posting.accountCode).postedTiyn += posting.amount.tiyn;
  }
  return changes;
}

/** Adds one entry's balance changes to a running total. */
function addChanges(total: Map<number, BalanceChange>, changes: ReadonlyMap<number, BalanceChange>): void {
  for (const [accountId, change] of changes) {
    const sum = total.get(accountId) ?? { postedTiyn: 0n, pendingDebitTiyn: 0n, pendingCreditTiyn: 0n };
    sum.postedTiyn += change.postedTiyn;
    sum.pendingDebitTiyn += change.pendingDebitTiyn;
    sum.pendingCreditTiyn += change.pendingCreditTiyn;
    total.set(accountId, sum);
  }
}

/** The accounts as they stand after an entry's changes: what the next entry of a batch is checked against. */
function withChanges(
  accounts: ReadonlyMap<string, Account>,
  changes: ReadonlyMap<number, BalanceChange>,
): Map<string, Account> {
  const next = new Map(accounts);
  for (const [code, account] of accounts) {
    const change = changes.get(account.id);
    if (!change) continue;
    next.set(code, {
      ...account,
      posted: Money.fromTiyn(account.posted.tiyn + change.postedTiyn),
      pendingDebit: Money.fromTiyn(account.pendingDebit.tiyn + change.pendingDebitTiyn),
      pendingCredit: Money.fromTiyn(account.pendingCredit.tiyn + change.pendingCreditTiyn),
    });
  }
  return next;
}

/** A fund account's available balance is posted minus pending money out; it may never fall below zero. */
function assertNoOverdraft(accounts: Map<string, Account>, changes: Map<number, BalanceChange>): void {
  for (const account of accounts.values()) {
    const change = changes.get(account.id);
    if (!account.noOverdraft || !change) continue;
    const availableBefore = account.posted.tiyn - account.pendingCredit.tiyn;
    const availableAfter = availableBefore + change.postedTiyn - change.pendingCreditTiyn;
    if (availableAfter < 0n && availableAfter < availableBefore) {
      throw new InsufficientFundsError(
        `fund ${account.fundId} holds ${Money.fromTiyn(availableBefore).toString()} available; this needs ${Money.fromTiyn(availableBefore - availableAfter).toString()}`,
        { fundId: account.fundId, available: Money.fromTiyn(availableBefore).toString() },
      );
    }
  }
}
