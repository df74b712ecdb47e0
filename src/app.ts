import express, { type Express } from 'express';
import { problemHandler, sendProblem } from './http/problem.js';
import type { Services } from './services.js';

export interface AppOptions {
  log: (error: unknown) => void;
}

/**
 * Builds the Express application apart from the listening server, so tests drive it in-process.
 * The HTTP layer only translates: it never computes money and never decides a rule.
 */
export function createApp(services: Services, options: AppOptions): Express {
  const app = express();
  app.disable('x-powered-by');

  app.get('/healthz', async (_request, response) => {
    const head = await services.ledger.journalHead();
    response.json({
      status: 'ok',
      database: services.database.kind,
      journal: { entries: head.lastEntryId, headHash: head.lastHash },
    });
  });

  app.use((request, response) => {
    sendProblem(response, {
      status: 404,
      title: 'Not found',
      detail: `no route for ${request.method} ${request.path}`,
      code: 'NOT_FOUND',
    });
  });
  app.use(problemHandler(options.log));
  return app;
}
