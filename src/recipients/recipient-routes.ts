import type { RouteDefinition } from '../http/route.js';
import type { Services } from '../services.js';

export function recipientRoutes(_services: Services): RouteDefinition[] {
  return [];
}
