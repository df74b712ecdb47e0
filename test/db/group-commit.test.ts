// Proves group commit: concurrent units of journal work share commits, yet each succeeds or fails
// alone, none is answered before its commit, a failed commit writes nothing of its group, and the
// rules still hold across a group (a fund is never overdrawn by units that each fit on their own).
import { expect } from 'chai';
import type { Knex } from 'knex';
import { GroupCommit } from '../../src/db/group-commit.js';
import { ValidationError } from '../../src/errors/validation-error.js';
import { Money } from '../../src/money/money.js';
import { aidEntry, donationEntry } from '../support/ledger-fixtures.js';
import { useTestDatabase } from '../support/test-database.js';

/** Counts the commits the database is asked for while `work` runs. */
async function countingCommits<T>(
  knex: Knex,
  work: () => Promise<T>,
): Promise<{ result: T; commits: number }> {
  let commits = 0;
  const listener = (query: { sql?: string }) => {
    if (/^\s*commit\b/i.test(query.sql ?? '')) commits += 1;
  };
  knex.on('query', listener);
  try {
    return { result: await work(), commits };
  } finally {
    knex.removeListener('query', listener);
  }
}

describe('group commit', () => {
  const testDatabase = useTestDatabase();
  const ledger = () => testDatabase.current.services.ledger;

  it('60 concurrent units, every third refused — the others all written once, in far fewer commits', async () => {
    const before = await ledger().journalHead();
    const { result, commits } = await countingCommits(testDatabase.current.database.knex, () =>
      Promise.allSettled(
        Array.from({ length: 60 }, (_, index) =>
          ledger().transaction(async (trx) => {
            const entry = await ledger().record(donationEntry('10.00'), trx);
            if (index % 3 === 2) throw new ValidationError(`unit ${index} refused after writing`);
            return entry.id;
          }),
        ),
      ),
    );
    const written = result.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
    const refused = result.filter((outcome) => outcome.status === 'rejected');
    expect(written).to.have.length(40);
    expect(refused).to.have.length(20);
    for (const outcome of refused)
      expect((outcome as PromiseRejectedResult).reason).to.be.instanceOf(ValidationError);
    const after = await ledger().journalHead();
    expect(after.lastEntryId - before.lastEntryId).to.equal(40);
    // Ids are gapless and each answered id is a real entry: a refused unit left no trace.
    expect([...written].sort((a, b) => a - b)).to.deep.equal(
      Array.from({ length: 40 }, (_, index) => before.lastEntryId + 1 + index),
    );
    expect(commits, 'units waiting for a commit share the next one').to.be.at.most(10);
    expect((await ledger().verify()).ok).to.equal(true);
  });

  it('units started from 20 separate event-loop callbacks — they still share commits', async () => {
    // As requests do: each arrives in an I/O callback of its own. On SQLite a unit's queries run
    // synchronously under their promises, so a group taken at once would hold just the first.
    const before = await ledger().journalHead();
    const { result, commits } = await countingCommits(testDatabase.current.database.knex, () =>
      Promise.all(
        Array.from(
          { length: 20 },
          () =>
            new Promise<number>((resolve, reject) =>
              setImmediate(() =>
                ledger()
                  .transaction((trx) => ledger().record(donationEntry('5.00'), trx))
                  .then((entry) => resolve(entry.id), reject),
              ),
            ),
        ),
      ),
    );
    expect(result).to.have.length(20);
    expect((await ledger().journalHead()).lastEntryId - before.lastEntryId).to.equal(20);
    expect(commits, 'units from separate callbacks share commits').to.be.at.most(3);
  });

  it('units appending in their own savepoint, in savepoints nested inside (before or after their own), or failing, mixed in groups — one unbroken chain', async () => {
    // Units reuse the head the unit before them left instead of reading it; a nested savepoint's
    // appends (the statement import books that way) and a unit undone must not leave it stale.
    const before = await ledger().journalHead();
    const kinds = Array.from({ length: 40 }, (_, index) => index % 4);
    const outcomes = await Promise.allSettled(
      kinds.map((kind) =>
        ledger().transaction(async (trx) => {
          if (kind === 0) return (await ledger().record(donationEntry('1.00'), trx)).id;
          if (kind === 1) {
            const nested = await trx.transaction((inner) => ledger().record(donationEntry('2.00'), inner));
            return (await ledger().record(donationEntry('3.00'), trx)).id > nested.id ? nested.id : -1;
          }
          if (kind === 2) {
            await trx.transaction((inner) => ledger().record(donationEntry('4.00'), inner));
            throw new ValidationError('undone after a nested append');
          }
          const own = await ledger().record(donationEntry('5.00'), trx);
          await trx.transaction((inner) => ledger().record(donationEntry('6.00'), inner));
          return own.id;
        }),
      ),
    );
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).to.have.length(30);
    expect(outcomes.some((outcome) => outcome.status === 'fulfilled' && outcome.value === -1)).to.equal(
      false,
    );
    // Ten units of one entry, twenty of two; the ten undone left nothing.
    expect((await ledger().journalHead()).lastEntryId - before.lastEntryId).to.equal(50);
    expect((await ledger().verify()).ok).to.equal(true);
  });

  it('aid from one fund by 40 concurrent units — never overdrawn: exactly what the fund holds is paid', async () => {
    const { funds } = testDatabase.current.services;
    const fund = await funds.create({ code: 'group-winter', name: 'Winter', restricted: true });
    await ledger().record(donationEntry('1000.00', { fundCode: fund.code, fundId: fund.id }));
    const outcomes = await Promise.allSettled(
      Array.from({ length: 40 }, () =>
        ledger().transaction((trx) =>
          ledger().record(aidEntry('30.00', { fundCode: fund.code, fundId: fund.id }), trx),
        ),
      ),
    );
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).to.have.length(33);
    const after = await funds.get(fund.id);
    expect(after.available.toString()).to.equal('10.00');
    expect(Money.sum((await ledger().accounts()).map((account) => account.posted)).isZero()).to.equal(true);
  });

  it('a group transaction that fails — every unit of its group fails, nothing of it is written; the next group goes on', async () => {
    const { knex } = testDatabase.current.database;
    let breakNextGroup = true;
    const failing = new GroupCommit(knex, async (trx) => {
      if (!breakNextGroup) return;
      breakNextGroup = false;
      // The first group's transaction breaks before it can commit.
      await trx.raw('SELECT * FROM no_such_table_for_the_test');
    });
    const before = await ledger().journalHead();
    // Asked for in the same turn of the event loop: one group.
    const settled = await Promise.allSettled(
      [1, 2, 3].map(() => failing.run((trx) => ledger().record(donationEntry('2.00'), trx))),
    );
    expect(settled.map((outcome) => outcome.status)).to.deep.equal(['rejected', 'rejected', 'rejected']);
    expect((await ledger().journalHead()).lastEntryId).to.equal(before.lastEntryId);
    await failing.run((trx) => ledger().record(donationEntry('1.00'), trx));
    expect((await ledger().journalHead()).lastEntryId).to.equal(before.lastEntryId + 1);
    await failing.run((trx) => ledger().record(donationEntry('3.00'), trx));
    expect((await ledger().journalHead()).lastEntryId).to.equal(before.lastEntryId + 2);
    expect((await ledger().verify()).ok).to.equal(true);
  });
});
