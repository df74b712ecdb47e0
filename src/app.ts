import { isUtf8 } from 'node:buffer';
import express, { type Express } from 'express';
import helmet from 'helmet';
import type { Logger } from 'pino';
import { aidRoutes } from './aid/aid-routes.js';
import { activityRoutes } from './audit/activity-routes.js';
import { consoleRouter } from './console/console-routes.js';
import { documentRoutes } from './documents/document-routes.js';
import { donationRoutes } from './donations/donation-routes.js';
import { exportRoutes } from './exports/export-routes.js';
import { fundRoutes } from './funds/fund-routes.js';
import { docsRouter } from './http/docs-page.js';
import { mountRoutes } from './http/mount-routes.js';
import { openApiDocument } from './http/openapi.js';
import { problemHandler, sendProblem } from './http/problem.js';
import { requestLog } from './http/request-log.js';
import type { RouteDefinition } from './http/route.js';
import { ledgerRoutes } from './ledger/ledger-routes.js';
import { patronRoutes } from './patrons/patron-routes.js';
import { recipientRoutes } from './recipients/recipient-routes.js';
import { reportRoutes } from './reports/report-routes.js';
import type { Services } from './services.js';
import { MAX_STATEMENT_UPLOAD_BYTES, statementRoutes } from './statements/statement-routes.js';
import { loginThrottleByAddress } from './users/login-address-throttle.js';
import { userRoutes } from './users/user-routes.js';

/** No request body the API accepts comes near this; bigger ones are refused before parsing. */
export const MAX_BODY_BYTES = 64 * 1024;
export const API_VERSION = '0.2.0';

/** Every API route, in the order the docs list them. */
export function apiRoutes(services: Services): RouteDefinition[] {
  return [
    ...userRoutes(services),
    ...patronRoutes(services),
    ...recipientRoutes(services),
    ...fundRoutes(services),
    ...donationRoutes(services),
    ...statementRoutes(services),
    ...aidRoutes(services),
    ...ledgerRoutes(services),
    ...activityRoutes(services),
    ...reportRoutes(services),
    ...exportRoutes(services),
    ...documentRoutes(services),
  ];
}

/**
 * Builds the Express application apart from the listening server, so tests drive it in-process.
 * The HTTP layer only translates: it never computes money and never decides a rule.
 */
export function createApp(services: Services, logger: Logger): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  // Without upgrade-insecure-requests: on plain http at a host other than localhost (a LAN address)
  // it made browsers fetch the console's and the docs' own scripts over https, leaving a blank page.
  app.use(helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } }));
  app.use(requestLog(logger));
  app.use((request, response, next) => {
    response.locals.requestId = request.id;
    next();
  });
  app.use(
    express.json({
      limit: MAX_BODY_BYTES,
      strict: true,
      // Bytes that are not UTF-8 would otherwise be decoded into U+FFFD and stored: refuse them.
      verify: (_request, _response, bytes) => {
        if (!isUtf8(bytes)) {
          throw Object.assign(new Error('the body is not valid UTF-8'), {
            status: 400,
            type: 'entity.parse.failed',
          });
        }
      },
    }),
  );
  // The one upload: a bank statement as text/csv, on its own path and with its own, larger limit.
  app.post('/v1/statements', express.raw({ type: 'text/csv', limit: MAX_STATEMENT_UPLOAD_BYTES }));

  app.get('/healthz', async (_request, response) => {
    const head = await services.ledger.journalHead();
    response.json({
      status: 'ok',
      database: services.database.kind,
      journal: { entries: head.lastEntryId, headHash: head.lastHash },
    });
  });

  const routes = apiRoutes(services);
  const document = openApiDocument(routes, API_VERSION);
  app.get('/v1/openapi.json', (_request, response) => {
    response.json(document);
  });
  app.use(docsRouter());
  const router = express.Router();
  mountRoutes(router, routes, {
    authenticate: (token) => services.users.authenticate(token),
    inJournalTransaction: (work) => services.ledger.transaction(work),
    clock: services.clock,
  });
  app.post(
    '/v1/auth/login',
    loginThrottleByAddress(services.users, (error) => logger.error({ err: error })),
  );
  app.use(router);
  app.use(consoleRouter());

  app.use((request, response) => {
    sendProblem(response, {
      status: 404,
      title: 'Not found',
      detail: `no route for ${request.method} ${request.path}`,
      code: 'NOT_FOUND',
    });
  });
  app.use(problemHandler((error) => logger.error({ err: error }, 'request failed')));
  return app;
}
