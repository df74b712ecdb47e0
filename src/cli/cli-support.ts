import { type Config, loadConfig } from '../config.js';
import { type Database, openDatabase } from '../db/database.js';

/** Exit codes scripts can rely on. */
export const EXIT_FAILED_CHECK = 1;
export const EXIT_ERROR = 2;

/** Opens the configured database, runs `work`, and always closes the connection. */
export async function withDatabase(
  work: (database: Database, config: Config) => Promise<number>,
): Promise<void> {
  const config = loadConfig();
  const database = openDatabase(config);
  try {
    process.exitCode = await work(database, config);
  } finally {
    await database.knex.destroy();
  }
}
