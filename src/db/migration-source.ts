import type { Knex } from 'knex';
import * as ledgerCore from '../../db/migrations/20261125100000_ledger_core.js';

/**
 * The migrations, listed in order and imported statically, so the same list runs from the
 * TypeScript sources under tsx and from the compiled JavaScript under node.
 * A migration is never edited once it has landed: add a new one to the end.
 */
const MIGRATIONS: Array<readonly [string, Knex.Migration]> = [['20261125100000_ledger_core', ledgerCore]];

export const migrationSource: Knex.MigrationSource<readonly [string, Knex.Migration]> = {
  getMigrations: async () => MIGRATIONS,
  getMigrationName: ([name]) => name,
  getMigration: async ([, migration]) => migration,
};
