import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import type { Services } from '../services.js';

/** Exit codes scripts can rely on. */
export const EXIT_FAILED_CHECK = 1;
export const EXIT_ERROR = 2;

/*
 * The command line loads what a command needs when the command runs, not at start: importing every
 * service, knex and both database drivers cost `jomart --help` ~80 MB and ~0.3 s before it did
 * anything, and that start-up memory stayed under every command's peak (the export's above all).
 * Hence the dynamic imports here and in the commands' actions.
 */

/** Opens the configured database, runs `work`, and always closes the connection. */
export async function withDatabase(
  work: (database: Database, config: Config) => Promise<number>,
): Promise<void> {
  const [{ loadConfig }, { openDatabase }] = await Promise.all([
    import('../config.js'),
    import('../db/database.js'),
  ]);
  const config = loadConfig();
  const database = openDatabase(config);
  try {
    process.exitCode = await work(database, config);
  } finally {
    await database.knex.destroy();
  }
}

/** Applies the migrations that have not run (`migrateToLatest`); their names. */
export async function migrate(database: Database): Promise<string[]> {
  const { migrateToLatest } = await import('../db/database.js');
  return migrateToLatest(database);
}

/** The services over `database`, built the one way the server builds them (`createServices`). */
export async function servicesOver(database: Database, config: Config): Promise<Services> {
  const { createServices } = await import('../services.js');
  return createServices(database, config);
}
