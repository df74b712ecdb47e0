// Proves the one set of migrations builds the same schema on SQLite and PostgreSQL, seeds the
// chart of accounts, is safe to run again on every start, and survives the duplicate lock row that
// processes starting together can leave.
import { expect } from 'chai';
import { migrateToLatest } from '../../src/db/database.js';
import { useTestDatabase } from '../support/test-database.js';

describe('migrations', () => {
  const testDatabase = useTestDatabase();

  it('latest — run again on a migrated database — applies nothing and changes nothing', async () => {
    const accountsBefore = await testDatabase.current.database.knex('accounts').count({ count: '*' });
    expect(await migrateToLatest(testDatabase.current.database)).to.deep.equal([]);
    const accountsAfter = await testDatabase.current.database.knex('accounts').count({ count: '*' });
    expect(accountsAfter).to.deep.equal(accountsBefore);
  });

  it('latest — two lock rows, as two processes starting together on a fresh database can leave — repaired, not "already locked" forever', async () => {
    const { knex } = testDatabase.current.database;
    await knex('knex_migrations_lock').insert({ is_locked: 0 });
    expect(await knex('knex_migrations_lock').count({ count: '*' }).first()).to.deep.include({ count: 2 });
    expect(await migrateToLatest(testDatabase.current.database)).to.deep.equal([]);
    const rows = await knex('knex_migrations_lock').select('is_locked');
    expect(rows.map((row) => Number(row.is_locked))).to.deep.equal([0]);
  });

  it('schema — the journal tables — have the same columns on every database', async () => {
    const knex = testDatabase.current.database.knex;
    const columns = async (table: string) => Object.keys(await knex(table).columnInfo()).sort();
    expect(await columns('entries')).to.deep.equal(
      [
        'created_by',
        'date',
        'hash',
        'id',
        'kind',
        'memo',
        'pending_entry_id',
        'prev_hash',
        'recorded_at',
        'request_id',
        'reverses_entry_id',
        'status',
      ].sort(),
    );
    expect(await columns('postings')).to.deep.equal(
      ['account_id', 'amount_tiyn', 'entry_id', 'fund_id', 'id', 'patron_id', 'recipient_id'].sort(),
    );
    expect(await columns('journal_head')).to.deep.equal([
      'closed_through',
      'id',
      'last_entry_id',
      'last_hash',
    ]);
  });

  it('seed — the chart of accounts — general fund, donations income and one expense account per aid category', async () => {
    const codes = (await testDatabase.current.database.knex('accounts').orderBy('code')).map(
      (row) => row.code,
    );
    expect(codes).to.deep.equal([
      'assets:funds:general',
      'expenses:aid:cash',
      'expenses:aid:education',
      'expenses:aid:food',
      'expenses:aid:housing',
      'expenses:aid:medical',
      'expenses:aid:other',
      'expenses:aid:utilities',
      'income:donations',
    ]);
  });
});
