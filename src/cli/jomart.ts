#!/usr/bin/env node
import { Command } from 'commander';
import { type Config, loadConfig } from '../config.js';
import { type Database, migrateToLatest, openDatabase } from '../db/database.js';
import { createServices } from '../services.js';

/** Exit codes scripts can rely on. */
const EXIT_FAILED_CHECK = 1;
const EXIT_ERROR = 2;

/** Opens the configured database, runs `work`, and always closes the connection. */
async function withDatabase(work: (database: Database, config: Config) => Promise<number>): Promise<void> {
  const config = loadConfig();
  const database = openDatabase(config);
  try {
    process.exitCode = await work(database, config);
  } finally {
    await database.knex.destroy();
  }
}

const program = new Command()
  .name('jomart')
  .description('Jomart Ledger: the command line for staff and auditors (uses DATABASE_URL or DATA_DIR)')
  .showHelpAfterError();

program
  .command('migrate')
  .description('apply the database migrations that have not run yet')
  .action(() =>
    withDatabase(async (database) => {
      const applied = await migrateToLatest(database);
      console.log(applied.length === 0 ? 'schema is up to date' : `applied: ${applied.join(', ')}`);
      return 0;
    }),
  );

program
  .command('verify')
  .description(
    'recompute the hash chain of the live journal; exit 1 and name the first bad entry if it breaks',
  )
  .option('--json', 'print the result as JSON')
  .action((options: { json?: boolean }) =>
    withDatabase(async (database, config) => {
      await migrateToLatest(database);
      const result = await createServices(database, config).ledger.verify();
      if (options.json) console.log(JSON.stringify(result));
      else if (result.ok) console.log(`journal verified: ${result.entries} entries, head ${result.headHash}`);
      else console.log(`journal BROKEN at entry ${result.firstBadEntryId ?? '-'}: ${result.problem}`);
      return result.ok ? 0 : EXIT_FAILED_CHECK;
    }),
  );

program.parseAsync().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(EXIT_ERROR);
});
