import type { RouteDefinition } from '../http/route.js';
import type { Services } from '../services.js';

/** GET /v1/donations/:id/receipt, /v1/patrons/:id/statement, /v1/patrons/:id/impact. */
export function documentRoutes(_services: Services): RouteDefinition[] {
  return [];
}
