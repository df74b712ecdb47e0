import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { type Router } from 'express';

/**
 * The web console (web/, built by Vite into dist/console/) served by the API's own process at `/`:
 * hashed files under /assets/ cached for a year (their names change when they do), index.html never
 * cached, and index.html for every other GET that is not the API, the docs or the health check, so
 * a console path such as /recipients/12 opens on reload or from a bookmark. Only a request that asks
 * for HTML gets the page (a browser's does): an API client's unknown path still hears a 404 problem.
 * The page runs only the bundle's own files: helmet's Content-Security-Policy (scripts from 'self')
 * needs no exception.
 */
const ASSET_MAX_AGE = '365d';
/** Paths the console never answers: they belong to the API, its docs and the health check. */
const SERVER_PATH_PREFIXES = ['/v1/', '/docs/', '/assets/'];
const SERVER_PATHS = new Set(['/v1', '/docs', '/healthz', '/assets']);

/** The repository root: the nearest folder above this file with a package.json (src/ and dist/src/ alike). */
function repositoryRoot(): string {
  let folder = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(folder, 'package.json'))) {
    const parent = path.dirname(folder);
    if (parent === folder)
      throw new Error('no package.json above src/console: cannot find the console bundle');
    folder = parent;
  }
  return folder;
}

export const DEFAULT_CONSOLE_DIRECTORY = path.join(repositoryRoot(), 'dist', 'console');

/** A console path: not the server's own, and not a file name (a last segment with a dot is a missing file). */
export function isConsolePath(requestPath: string): boolean {
  if (
    SERVER_PATHS.has(requestPath) ||
    SERVER_PATH_PREFIXES.some((prefix) => requestPath.startsWith(prefix))
  ) {
    return false;
  }
  const lastSegment = requestPath.slice(requestPath.lastIndexOf('/') + 1);
  return !lastSegment.includes('.');
}

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Jomart Ledger</title></head>
<body><h1>The web console is not built</h1>
<p>Run <code>npm run build</code> (or <code>npm start</code>, which builds first) and reload this page.
The API answers at <a href="/docs">/docs</a> meanwhile.</p></body></html>`;

export function consoleRouter(directory: string = DEFAULT_CONSOLE_DIRECTORY): Router {
  const router = express.Router();
  const indexFile = path.join(directory, 'index.html');
  router.use(
    '/assets',
    express.static(path.join(directory, 'assets'), {
      index: false,
      immutable: true,
      maxAge: ASSET_MAX_AGE,
      fallthrough: true,
    }),
  );
  router.use((request, response, next) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return next();
    if (!isConsolePath(request.path) || request.accepts(['json', 'html']) !== 'html') return next();
    response.setHeader('Cache-Control', 'no-cache');
    if (!fs.existsSync(indexFile)) {
      response.status(503).type('html').send(NOT_BUILT_PAGE);
      return;
    }
    response.sendFile(indexFile, { dotfiles: 'deny', cacheControl: false }, (error) => {
      if (error) next(error);
    });
  });
  return router;
}
