import knex from 'knex';

/**
 * Says once, before any test, which database the suite runs on. With DATABASE_URL set, the server
 * must answer: in CI an unreachable server fails the run; on a laptop the suite is skipped with the
 * reason printed. Without DATABASE_URL everything runs on SQLite and PostgreSQL-only tests skip.
 */
export const mochaHooks = {
  async beforeAll(this: Mocha.Context): Promise<void> {
    const url = process.env.DATABASE_URL;
    if (!url) {
      console.log('  database: SQLite (DATABASE_URL is not set; PostgreSQL-only tests are skipped)');
      return;
    }
    const probe = knex({ client: 'pg', connection: url, pool: { min: 0, max: 1 } });
    try {
      await probe.raw('SELECT 1');
      console.log(
        `  database: PostgreSQL at ${new URL(url).host} (each suite creates and drops its own database)`,
      );
    } catch (error) {
      const reason = `PostgreSQL at DATABASE_URL is unreachable: ${error instanceof Error ? error.message : error}`;
      if (process.env.CI) throw new Error(`${reason} (CI must run the PostgreSQL suite)`);
      console.log(`  skipping the whole suite: ${reason}`);
      this.skip();
    } finally {
      await probe.destroy();
    }
  },
};
