import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defineRoute, type RouteDefinition, requesterOf } from '../http/route.js';
import type { Services } from '../services.js';
import { StatementImportService } from './statement-import-service.js';
import { type StatementProblem, StatementReader } from './statement-reader.js';

/** The largest statement the API takes in one upload (about 150,000 rows); bigger ones go through the CLI. */
export const MAX_STATEMENT_UPLOAD_BYTES = 20 * 1024 * 1024;
/** Rejected rows listed in the response; the count beyond them is still exact. */
const MAX_LISTED_REJECTIONS = 1000;

/**
 * POST /v1/statements: the same import as `jomart import-statement`, for a bank statement uploaded as
 * `text/csv` (the web console's import page). The upload is written to a private temporary file and
 * read by the same StatementReader, so the CLI and the API cannot disagree on a format.
 */
export function statementRoutes(services: Services): RouteDefinition[] {
  const importer = new StatementImportService(services);
  return [
    defineRoute({
      method: 'post',
      path: '/v1/statements',
      summary: 'Import a bank statement',
      tag: 'Donations',
      access: ['admin', 'staff'],
      bodyType: 'csv',
      responses: {
        200: 'The import summary: rows read, booked, skipped as booked before, rejected rows with line and reason',
        400: 'Empty upload, or not a bank statement at all (no usable header): nothing booked',
        413: `Larger than ${MAX_STATEMENT_UPLOAD_BYTES / 1024 / 1024} MiB: use the CLI`,
        415: 'Not text/csv',
      },
      async handle(context) {
        const directory = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'jomart-statement-'));
        const file = path.join(directory, `${randomUUID()}.csv`);
        try {
          await fs.promises.writeFile(file, context.body as Buffer, { mode: 0o600 });
          const reader = await StatementReader.open(file);
          const rejected: Array<Pick<StatementProblem, 'line' | 'reason'>> = [];
          try {
            const summary = await importer.import(reader, requesterOf(context), {
              rejected: ({ line, reason }) => {
                if (rejected.length < MAX_LISTED_REJECTIONS) rejected.push({ line, reason });
              },
              progress: () => {},
            });
            return {
              status: 200,
              body: {
                rows: summary.rows,
                booked: summary.booked,
                skipped: summary.alreadyBooked,
                rejectedCount: summary.rejected,
                rejected,
                totalKzt: summary.totalBooked.toString(),
              },
            };
          } finally {
            reader.close();
          }
        } finally {
          await fs.promises.rm(directory, { recursive: true, force: true });
        }
      },
    }),
  ];
}
