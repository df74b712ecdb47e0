import type { Knex } from 'knex';

/** The most units of work one commit carries; more wait for the next. */
export const MAX_GROUP_SIZE = 128;

interface Waiting {
  work: (trx: Knex.Transaction, group: Knex.Transaction) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/**
 * Group commit: units of write work that arrive while a commit is under way are run together in the
 * next database transaction, each in a savepoint of its own, and share its one durable commit (one
 * fsync of the WAL on SQLite, one WAL flush on PostgreSQL) instead of paying one each.
 *
 * Each unit still succeeds or fails alone: an error rolls back its savepoint and is its own answer,
 * and the others go on. No unit is answered before the commit that holds it is durable; if that
 * commit fails, every unit in it fails with nothing of it written, and may be retried whole.
 * Units run one after another, never interleaved, so each sees everything the ones before it wrote.
 */
export class GroupCommit {
  private waiting: Waiting[] = [];
  private draining = false;

  constructor(
    private readonly knex: Knex,
    /** Runs first in each group's transaction (the ledger takes its journal lock here). */
    private readonly begin: (trx: Knex.Transaction) => Promise<unknown>,
    /** Told of each unit whose savepoint was released: what it wrote is in the group's transaction. */
    private readonly unitDone: (unit: Knex.Transaction, group: Knex.Transaction) => void = () => undefined,
  ) {}

  /** Runs `work` in a savepoint (`trx`) of the next group's transaction (`group`). */
  run<T>(work: (trx: Knex.Transaction, group: Knex.Transaction) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.waiting.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!this.draining) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.waiting.length > 0) {
        // One turn of the event loop first: on SQLite a unit's queries run synchronously under
        // their promises, so without this each request that arrives would run and commit alone
        // before the server even reads the next one. After the turn, every request read meanwhile
        // has queued here and they commit together.
        await new Promise((resolve) => setImmediate(resolve));
        await this.commitNext();
      }
    } finally {
      this.draining = false;
    }
  }

  /**
   * Commits the next group. Its members are taken only once the transaction has its connection and
   * the lock: on SQLite's single connection the requests that were waiting for it (to authenticate,
   * say) get it first and queue up here meanwhile, so they join this group instead of each making
   * one of their own.
   */
  private async commitNext(): Promise<void> {
    let group: Waiting[] = [];
    const outcomes: Outcome[] = [];
    try {
      await this.knex.transaction(async (trx) => {
        await this.begin(trx);
        group = this.waiting.splice(0, MAX_GROUP_SIZE);
        for (const unit of group) {
          try {
            let unitTrx: Knex.Transaction | undefined;
            const value = await trx.transaction((savepoint) => {
              unitTrx = savepoint;
              return unit.work(savepoint, trx);
            });
            this.unitDone(unitTrx as Knex.Transaction, trx);
            outcomes.push({ ok: true, value });
          } catch (error) {
            outcomes.push({ ok: false, error });
          }
        }
      });
    } catch (error) {
      // The transaction or the lock could not be had (another process holds it): the units that were
      // to make the group get the error, and retry or answer it, rather than this loop spinning.
      if (group.length === 0) group = this.waiting.splice(0, MAX_GROUP_SIZE);
      // Nothing of the group was written. A unit refused on its own keeps its own reason.
      group.forEach((unit, index) => {
        const outcome = outcomes[index];
        unit.reject(outcome && !outcome.ok ? outcome.error : error);
      });
      return;
    }
    group.forEach((unit, index) => {
      const outcome = outcomes[index] as Outcome;
      if (outcome.ok) unit.resolve(outcome.value);
      else unit.reject(outcome.error);
    });
  }
}
