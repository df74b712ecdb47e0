import { createRequire } from 'node:module';
import express, { type Router } from 'express';

/**
 * Browsable API docs at /docs: Swagger UI from the swagger-ui-dist package, served by this process
 * (no page needs the internet), reading /v1/openapi.json.
 */
const require = createRequire(import.meta.url);
const swaggerUiDirectory: string = require('swagger-ui-dist').getAbsoluteFSPath();

const PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Jomart Ledger API</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/start.js"></script></body>
</html>`;

const START_SCRIPT = `window.ui = SwaggerUIBundle({ url: '/v1/openapi.json', dom_id: '#swagger-ui' });`;

export function docsRouter(): Router {
  const router = express.Router();
  router.get('/docs', (_request, response) => {
    response.type('html').send(PAGE);
  });
  router.get('/docs/start.js', (_request, response) => {
    response.type('application/javascript').send(START_SCRIPT);
  });
  router.use('/docs/assets', express.static(swaggerUiDirectory, { index: false }));
  return router;
}
