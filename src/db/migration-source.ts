import type { Knex } from 'knex';
import * as ledgerCore from '../../db/migrations/20261125100000_ledger_core.js';
import * as peopleAndApi from '../../db/migrations/20261125110000_people_and_api.js';
import * as loginThrottleByAddress from '../../db/migrations/20261125120000_login_throttle_by_address.js';
import * as reportTotals from '../../db/migrations/20261125130000_report_totals.js';
import * as chainLinkGuard from '../../db/migrations/20261207100000_chain_link_guard.js';

/**
 * The migrations, listed in order and imported statically, so the same list runs from the
 * TypeScript sources under tsx and from the compiled JavaScript under node.
 * A migration is never edited once it has landed: add a new one to the end.
 */
const MIGRATIONS: Array<readonly [string, Knex.Migration]> = [
  ['20261125100000_ledger_core', ledgerCore],
  ['20261125110000_people_and_api', peopleAndApi],
  ['20261125120000_login_throttle_by_address', loginThrottleByAddress],
  ['20261125130000_report_totals', reportTotals],
  ['20261207100000_chain_link_guard', chainLinkGuard],
];

export const migrationSource: Knex.MigrationSource<readonly [string, Knex.Migration]> = {
  getMigrations: async () => MIGRATIONS,
  getMigrationName: ([name]) => name,
  getMigration: async ([, migration]) => migration,
};
