import { AidService } from './aid/aid-service.js';
import { TokenIssuer } from './auth/token.js';
import { type Clock, systemClock } from './calendar/business-date.js';
import type { Config } from './config.js';
import type { Database } from './db/database.js';
import { DocumentService } from './documents/document-service.js';
import { DonationService } from './donations/donation-service.js';
import { ExportService } from './exports/export-service.js';
import { FundService } from './funds/fund-service.js';
import { LedgerService } from './ledger/ledger-service.js';
import { PatronService } from './patrons/patron-service.js';
import { PersonalDataKey } from './people/personal-data-key.js';
import { RecipientService } from './recipients/recipient-service.js';
import { ReportService } from './reports/report-service.js';
import { UserService } from './users/user-service.js';

/** The settings services need; the rest of Config is the server's business. */
export type ServiceSettings = Pick<
  Config,
  'jwtSecret' | 'tokenTtlSeconds' | 'passwordHashCost' | 'aidApprovalThreshold' | 'personalDataKey'
>;

/** Every service, built in one place from one database, one set of settings and one clock. */
export interface Services {
  database: Database;
  clock: Clock;
  settings: ServiceSettings;
  ledger: LedgerService;
  funds: FundService;
  patrons: PatronService;
  personalDataKey: PersonalDataKey;
  recipients: RecipientService;
  users: UserService;
  donations: DonationService;
  aid: AidService;
  reports: ReportService;
  exports: ExportService;
  documents: DocumentService;
}

export function createServices(
  database: Database,
  settings: ServiceSettings,
  clock: Clock = systemClock,
): Services {
  const ledger = new LedgerService(database, clock);
  const funds = new FundService(database.knex, clock);
  const personalDataKey = new PersonalDataKey(database.knex, settings.personalDataKey);
  const patrons = new PatronService(database.knex, clock, personalDataKey);
  const recipients = new RecipientService(database.knex, clock, personalDataKey);
  const tokens = new TokenIssuer(settings.jwtSecret, settings.tokenTtlSeconds);
  const users = new UserService(database.knex, clock, tokens, patrons, settings.passwordHashCost);
  const donations = new DonationService(database.knex, clock, ledger, funds, patrons);
  const aid = new AidService(database.knex, clock, ledger, funds, recipients, settings.aidApprovalThreshold);
  const reports = new ReportService(database, clock);
  const exports = new ExportService(database, ledger);
  const documents = new DocumentService(database, clock, donations, patrons, reports);
  return {
    database,
    clock,
    settings,
    ledger,
    funds,
    patrons,
    personalDataKey,
    recipients,
    users,
    donations,
    aid,
    reports,
    exports,
    documents,
  };
}
