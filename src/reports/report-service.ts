import type { Clock } from '../calendar/business-date.js';
import type { Database } from '../db/database.js';

/** Reports for auditors: sums over the journal's postings. (Being built: see report-routes.ts.) */
export class ReportService {
  constructor(
    readonly database: Database,
    readonly clock: Clock,
  ) {}
}
