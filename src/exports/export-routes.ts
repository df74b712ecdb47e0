import { z } from 'zod';
import { defineRoute, type RouteDefinition } from '../http/route.js';
import { dateRangeQuery } from '../http/schemas.js';
import type { Services } from '../services.js';
import { EXPORT_FORMATS } from './export-types.js';

/** GET /v1/exports/ledger: the whole journal (or value dates from..to), streamed as a download. */
export function exportRoutes(services: Services): RouteDefinition[] {
  return [
    defineRoute({
      method: 'get',
      path: '/v1/exports/ledger',
      summary: 'Export the ledger',
      tag: 'exports',
      access: ['admin', 'staff', 'auditor'],
      query: z.strictObject({
        format: z.enum(EXPORT_FORMATS).default('ndjson').meta({
          description:
            'ndjson (verifiable offline with `jomart verify-export`), csv, xlsx, hledger (also read by ledger) or beancount',
        }),
        ...dateRangeQuery,
      }),
      responses: {
        200: 'the journal as a file download, streamed; every format states the journal head hash',
        400: 'unknown format, or a bad date range',
      },
      handle: async ({ query }) => {
        const request = { format: query.format, from: query.from, to: query.to };
        return {
          status: 200,
          contentType: services.exports.media(query.format).contentType,
          filename: services.exports.fileName(request),
          stream: async (sink) => {
            await services.exports.writeLedger(request, sink);
          },
        };
      },
    }),
  ];
}
