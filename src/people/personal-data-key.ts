import type { Knex } from 'knex';

/**
 * The key of the IIN/BIN hashes: PERSONAL_DATA_KEY from the environment when given (so a copy of
 * the database alone cannot test guesses), else the key generated into the database at migration.
 */
export class PersonalDataKey {
  private cached: string | undefined;

  constructor(
    private readonly db: Knex,
    private readonly configured: string | undefined,
  ) {}

  /** The key; read on `db` when given (inside a transaction: SQLite has one connection to wait for). */
  async value(db: Knex = this.db): Promise<string> {
    if (this.configured) return this.configured;
    if (this.cached) return this.cached;
    const row = await db('settings').where({ name: 'personal_data_key' }).first('value');
    if (!row) throw new Error('settings.personal_data_key is missing: the database was not migrated');
    this.cached = row.value as string;
    return this.cached;
  }
}
