// Proves the database itself refuses what must never happen, going around the service with raw
// SQL: no edit or deletion of the journal, no unbalanced entry, no second reversal, no fork or broken
// link of the hash chain; and that tampering after the guards are dropped is caught by verify.
import { expect } from 'chai';
import type { Knex } from 'knex';
import { aidEntry, donationEntry } from '../support/ledger-fixtures.js';
import { TEST_DATABASE_KIND, useTestDatabase } from '../support/test-database.js';

/** Runs raw SQL and returns the database's refusal message; fails the test if the SQL succeeded. */
async function refusedSql(knex: Knex, sql: string, bindings: readonly unknown[] = []): Promise<string> {
  try {
    await knex.raw(sql, bindings as Knex.RawBinding[]);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  throw new Error(`the database accepted: ${sql}`);
}

/** Runs `work` in a transaction: the database's refusal message, or 'accepted' if it committed. */
function transactionOutcome(knex: Knex, work: (trx: Knex.Transaction) => Promise<unknown>): Promise<string> {
  return knex.transaction(work).then(
    () => 'accepted',
    (error: Error) => error.message,
  );
}

describe(`database guards (${TEST_DATABASE_KIND})`, () => {
  const testDatabase = useTestDatabase();
  const knex = () => testDatabase.current.database.knex;
  const ledger = () => testDatabase.current.services.ledger;

  async function counts(): Promise<{ entries: number; postings: number }> {
    const [entries] = await knex()('entries').count({ count: '*' });
    const [postings] = await knex()('postings').count({ count: '*' });
    return { entries: Number(entries?.count), postings: Number(postings?.count) };
  }

  /** Inserts postings and then an entry row by hand, the way the store does, with a fresh hash. */
  async function insertRawEntry(
    trx: Knex,
    id: number,
    amountsTiyn: number[],
    prevHash?: string,
  ): Promise<void> {
    const accounts = await trx('accounts').whereIn('code', ['assets:funds:general', 'income:donations']);
    const accountIds = accounts.map((account) => account.id);
    for (const [index, amount] of amountsTiyn.entries()) {
      await trx('postings').insert({ entry_id: id, account_id: accountIds[index % 2], amount_tiyn: amount });
    }
    const head = await trx('journal_head').first();
    await trx('entries').insert({
      id,
      kind: 'donation',
      status: 'posted',
      date: '2026-11-25',
      recorded_at: new Date().toISOString(),
      prev_hash: prevHash ?? head.last_hash,
      hash: String(id).padStart(64, 'f'),
    });
  }

  before(async () => {
    await ledger().record(donationEntry('1000.00'));
    await ledger().record(aidEntry('250.00'));
    await ledger().record(donationEntry('40.00'));
    await ledger().closePeriod('2026-10-31');
  });

  it('entries — UPDATE by raw SQL — refused by the database', async () => {
    const message = await refusedSql(knex(), 'UPDATE entries SET memo = ? WHERE id = ?', ['edited', 1]);
    expect(message).to.match(/append-only/);
    expect((await knex()('entries').where({ id: 1 }).first()).memo).to.equal(null);
  });

  it('entries and postings — DELETE by raw SQL — refused by the database', async () => {
    const before = await counts();
    expect(await refusedSql(knex(), 'DELETE FROM entries WHERE id = 3')).to.match(/append-only/);
    expect(await refusedSql(knex(), 'DELETE FROM postings')).to.match(/append-only/);
    expect(await counts()).to.deep.equal(before);
  });

  it('postings — UPDATE of an amount by raw SQL — refused by the database', async () => {
    const message = await refusedSql(knex(), 'UPDATE postings SET amount_tiyn = amount_tiyn * 2');
    expect(message).to.match(/append-only/);
    const amounts = (await knex()('postings').where({ entry_id: 1 }).orderBy('id')).map((row) =>
      Number(row.amount_tiyn),
    );
    expect(amounts).to.deep.equal([100_000, -100_000]);
  });

  it('closed periods — UPDATE or DELETE by raw SQL — refused by the database', async () => {
    expect(await refusedSql(knex(), 'UPDATE closed_periods SET through = ?', ['2000-01-01'])).to.match(
      /append-only/,
    );
    expect(await refusedSql(knex(), 'DELETE FROM closed_periods')).to.match(/append-only/);
    expect(await ledger().closedThrough()).to.equal('2026-10-31');
  });

  it('entries — an entry whose postings do not sum to zero — refused, nothing stored', async () => {
    const before = await counts();
    const message = await transactionOutcome(knex(), (trx) => insertRawEntry(trx, 4, [100, -99]));
    expect(message).to.match(/unbalanced/);
    expect(await counts()).to.deep.equal(before);
  });

  it('entries — a money entry with a single posting — refused, nothing stored', async () => {
    const before = await counts();
    const outcome = await transactionOutcome(knex(), (trx) => insertRawEntry(trx, 4, [100]));
    expect(outcome).to.match(/unbalanced/);
    expect(await counts()).to.deep.equal(before);
  });

  it('postings — added to an entry that already exists — refused, even when they balance', async () => {
    const before = await counts();
    const outcome = await transactionOutcome(knex(), async (trx) => {
      const account = await trx('accounts').where({ code: 'income:donations' }).first();
      await trx('postings').insert([
        { entry_id: 1, account_id: account.id, amount_tiyn: 500 },
        { entry_id: 1, account_id: account.id, amount_tiyn: -500 },
      ]);
    });
    expect(outcome).to.match(/already exists/);
    expect(await counts()).to.deep.equal(before);
  });

  it('entries — a second reversal of the same entry — refused by a unique key', async () => {
    await ledger().reverse(3, { reason: 'entered twice' });
    const before = await counts();
    const outcome = await transactionOutcome(knex(), async (trx) => {
      const accounts = await trx('accounts').whereIn('code', ['assets:funds:general', 'income:donations']);
      await trx('postings').insert([
        { entry_id: 5, account_id: accounts[0].id, amount_tiyn: 4000 },
        { entry_id: 5, account_id: accounts[1].id, amount_tiyn: -4000 },
      ]);
      await trx('entries').insert({
        id: 5,
        kind: 'reversal',
        status: 'posted',
        date: '2026-11-25',
        recorded_at: new Date().toISOString(),
        reverses_entry_id: 3,
        prev_hash: 'a'.repeat(64),
        hash: 'b'.repeat(64),
      });
    });
    expect(outcome).to.match(/unique/i);
    expect(await counts()).to.deep.equal(before);
  });

  /** Inserts a raw entry inside a transaction: the database's refusal message, or 'accepted'. */
  function rawEntryOutcome(id: number, prevHash?: string): Promise<string> {
    return transactionOutcome(knex(), (trx) => insertRawEntry(trx, id, [700, -700], prevHash));
  }

  it('entries — two entries that follow the same previous hash — refused, the chain cannot fork', async () => {
    const before = await counts();
    const entryFour = await knex()('entries').where({ id: 4 }).first();
    expect(await rawEntryOutcome(5, entryFour.prev_hash)).to.match(/broken chain/);
    expect(await counts()).to.deep.equal(before);
    expect((await ledger().verify()).ok).to.equal(true);
  });

  it('entries — naming a hash that is not the previous entry’s — refused, nothing stored', async () => {
    const before = await counts();
    expect(await rawEntryOutcome(5, 'c'.repeat(64))).to.match(/broken chain/);
    expect(await counts()).to.deep.equal(before);
  });

  it('entries — an id that leaves a gap after the last entry — refused, even naming the head hash', async () => {
    const before = await counts();
    expect(await rawEntryOutcome(6)).to.match(/broken chain/);
    expect(await counts()).to.deep.equal(before);
  });

  it('entries — the next id naming the head hash — accepted: the guard refuses only a broken link', async () => {
    const before = await counts();
    // Inside a transaction that is then undone, so the other tests keep their four entries.
    const outcome = await knex()
      .transaction(async (trx) => {
        await insertRawEntry(trx, 5, [700, -700]);
        const [stored] = await trx('entries').where({ id: 5 }).count({ count: '*' });
        throw new Error(`stored ${Number(stored?.count)}`);
      })
      .catch((error: Error) => error.message);
    expect(outcome).to.equal('stored 1');
    expect(await counts()).to.deep.equal(before);
  });

  it('entries — TRUNCATE (PostgreSQL only; SQLite has no TRUNCATE) — refused by the database', async function () {
    if (TEST_DATABASE_KIND !== 'postgres') this.skip();
    expect(await refusedSql(knex(), 'TRUNCATE postings, entries CASCADE')).to.match(/append-only/);
    expect((await counts()).entries).to.equal(4);
  });

  describe('tampering after the guards are dropped', () => {
    async function dropGuards(table: 'entries' | 'postings'): Promise<void> {
      if (TEST_DATABASE_KIND === 'postgres') {
        await knex().raw(`DROP TRIGGER ${table}_refuse_change ON ${table}`);
      } else {
        await knex().raw(`DROP TRIGGER ${table}_refuse_update`);
        await knex().raw(`DROP TRIGGER ${table}_refuse_delete`);
      }
    }

    it('verify — an untouched journal — ok, head hash is the last entry hash', async () => {
      const result = await ledger().verify();
      const last = await knex()('entries').orderBy('id', 'desc').first();
      expect(result).to.deep.equal({
        ok: true,
        entries: 4,
        headHash: last.hash,
        firstBadEntryId: null,
        problem: null,
      });
    });

    it('verify — both legs of entry 2 changed so it still balances — names entry 2', async () => {
      await dropGuards('postings');
      await knex().raw('UPDATE postings SET amount_tiyn = amount_tiyn / 5 WHERE entry_id = 2');
      const result = await ledger().verify();
      expect(result).to.include({ ok: false, firstBadEntryId: 2 });
      expect(result.problem).to.match(/entry 2 does not match its hash/);
    });

    it('verify — a memo of entry 1 edited as well — names entry 1, the first broken one', async () => {
      await dropGuards('entries');
      await knex().raw('UPDATE entries SET memo = ? WHERE id = 1', ['edited']);
      expect(await ledger().verify()).to.include({ ok: false, firstBadEntryId: 1 });
    });

    it('verify — the last entry deleted — names the missing entry', async () => {
      await knex().raw('UPDATE entries SET memo = NULL WHERE id = 1');
      await knex().raw('UPDATE postings SET amount_tiyn = amount_tiyn * 5 WHERE entry_id = 2');
      expect((await ledger().verify()).ok).to.equal(true);
      await knex().raw('DELETE FROM postings WHERE entry_id = 4');
      await knex().raw('DELETE FROM entries WHERE id = 4');
      const result = await ledger().verify();
      expect(result).to.include({ ok: false, firstBadEntryId: 4 });
      expect(result.problem).to.match(/head/);
    });
  });
});
