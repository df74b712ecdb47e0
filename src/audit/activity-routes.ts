import { z } from 'zod';
import { pageRequest } from '../db/paging.js';
import { ValidationError } from '../errors/validation-error.js';
import { defineRoute, type RouteDefinition } from '../http/route.js';
import { dateRangeQuery, idSchema, pageQuery } from '../http/schemas.js';
import type { Services } from '../services.js';
import { CSV_CONTENT_TYPE } from '../text/csv.js';
import { ActivityService } from './activity-service.js';

const activityQuery = z.strictObject({
  ...pageQuery,
  ...dateRangeQuery,
  userId: idSchema.optional().meta({ description: 'only entries made by this user id' }),
  format: z
    .enum(['json', 'csv'], { error: 'format must be json or csv' })
    .default('json')
    .meta({ description: 'json (default, paged), or csv: every matching entry, UTF-8 with BOM' }),
});

/** Who did what: the audit listing of every journal entry with its user and request id. */
export function activityRoutes(services: Services): RouteDefinition[] {
  const activity = new ActivityService(services.database.knex);
  return [
    defineRoute({
      method: 'get',
      path: '/v1/audit/activity',
      summary: 'List who made each journal entry',
      tag: 'audit',
      access: ['admin', 'staff', 'auditor'],
      query: activityQuery,
      responses: {
        200: 'a page of entries, newest first: entry id, date, kind, status, amount, user (id, email, role), request id; or all of them as CSV',
      },
      handle: async ({ query }) => {
        if (query.from !== undefined && query.to !== undefined && query.from > query.to) {
          throw new ValidationError(`from (${query.from}) is after to (${query.to})`, { field: 'from' });
        }
        const filter = { from: query.from, to: query.to, userId: query.userId };
        if (query.format === 'csv') {
          if (query.cursor !== undefined) {
            throw new ValidationError('a CSV listing holds every matching entry: it takes no cursor', {
              field: 'cursor',
            });
          }
          return {
            status: 200,
            contentType: CSV_CONTENT_TYPE,
            filename: 'activity.csv',
            stream: (sink) => activity.writeCsv(filter, sink),
          };
        }
        return { status: 200, body: await activity.list(filter, pageRequest(query)) };
      },
    }),
  ];
}
