import type { Database } from '../db/database.js';
import type { LedgerService } from '../ledger/ledger-service.js';

/** Whole-journal exports, streamed. (Being built: see export-routes.ts.) */
export class ExportService {
  constructor(
    readonly database: Database,
    readonly ledger: LedgerService,
  ) {}
}
