import type { Clock } from '../calendar/business-date.js';
import type { Database } from '../db/database.js';
import type { DonationService } from '../donations/donation-service.js';
import type { PatronService } from '../patrons/patron-service.js';
import type { ReportService } from '../reports/report-service.js';

/** Patron documents: receipts, yearly statements, impact. (Being built: see document-routes.ts.) */
export class DocumentService {
  constructor(
    readonly database: Database,
    readonly clock: Clock,
    readonly donations: DonationService,
    readonly patrons: PatronService,
    readonly reports: ReportService,
  ) {}
}
