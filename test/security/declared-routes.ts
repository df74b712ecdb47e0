import { apiRoutes } from '../../src/app.js';
import type { RouteDefinition } from '../../src/http/route.js';
import type { Services } from '../../src/services.js';

/**
 * The API's routes as `apiRoutes` declares them, read when a test file loads so that every route can
 * be a test of its own: a route added to the app is swept as soon as it is declared. Declaring a
 * route only closes over the services (its handler uses them, and no handler runs here), so a stub
 * that answers every property and call with itself serves; each file that uses this checks the
 * list against apiRoutes on the real services.
 */
export function declaredRoutes(): RouteDefinition[] {
  const stub: object = new Proxy(() => stub, { get: () => stub });
  return apiRoutes(stub as Services);
}

export const routeKey = (route: RouteDefinition): string => `${route.method.toUpperCase()} ${route.path}`;
