import type { RouteDefinition } from '../http/route.js';
import type { Services } from '../services.js';

/** GET /v1/exports/ledger. */
export function exportRoutes(_services: Services): RouteDefinition[] {
  return [];
}
