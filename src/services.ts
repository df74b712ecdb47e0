import { type Clock, systemClock } from './calendar/business-date.js';
import type { Database } from './db/database.js';
import { FundService } from './funds/fund-service.js';
import { LedgerService } from './ledger/ledger-service.js';

/** Every service, built in one place from one database and one clock. */
export interface Services {
  database: Database;
  clock: Clock;
  ledger: LedgerService;
  funds: FundService;
}

export function createServices(database: Database, clock: Clock = systemClock): Services {
  return {
    database,
    clock,
    ledger: new LedgerService(database, clock),
    funds: new FundService(database.knex, clock),
  };
}
