import type { RouteDefinition } from '../http/route.js';
import type { Services } from '../services.js';

/** GET /v1/reports/* and GET /v1/public/summary. */
export function reportRoutes(_services: Services): RouteDefinition[] {
  return [];
}
