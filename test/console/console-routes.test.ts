import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import express from 'express';
import request from 'supertest';
import { consoleRouter, isConsolePath } from '../../src/console/console-routes.js';

/**
 * Proves how the server hands out the console: index.html (never cached) for a browser's console
 * paths, hashed assets cached for a year, and nothing of the API, the docs or the health check
 * answered by the console — an API client's unknown path still gets the API's 404.
 */
const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

function bundleIn(directory: string) {
  fs.mkdirSync(path.join(directory, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(directory, 'index.html'), '<!doctype html><div id="app"></div>');
  fs.writeFileSync(path.join(directory, 'assets', 'index-abc123.js'), 'console.log(1)');
}

function appWith(directory: string) {
  const app = express();
  app.use(consoleRouter(directory));
  app.use((_request, response) => {
    response.status(404).json({ code: 'NOT_FOUND' });
  });
  return app;
}

describe('console routes', () => {
  let directory: string;
  beforeEach(() => {
    directory = fs.mkdtempSync(path.join(os.tmpdir(), 'jomart-console-'));
  });
  afterEach(() => {
    fs.rmSync(directory, { recursive: true, force: true });
  });

  it('GET a console path from a browser — index.html, not cached', async () => {
    bundleIn(directory);
    for (const pathname of ['/', '/recipients/12', '/reports/trial-balance', '/my']) {
      const response = await request(appWith(directory))
        .get(pathname)
        .set('Accept', BROWSER_ACCEPT)
        .expect(200);
      expect(response.headers['content-type']).to.match(/^text\/html/);
      expect(response.headers['cache-control']).to.equal('no-cache');
      expect(response.text).to.contain('id="app"');
    }
  });

  it('GET a hashed asset — the file, cached for a year as immutable', async () => {
    bundleIn(directory);
    const response = await request(appWith(directory)).get('/assets/index-abc123.js').expect(200);
    expect(response.headers['cache-control']).to.equal('public, max-age=31536000, immutable');
  });

  it('GET an API, docs, health or missing-file path, or without asking for HTML — not the console', async () => {
    bundleIn(directory);
    const app = appWith(directory);
    for (const pathname of ['/v1/nope', '/v1', '/docs/x', '/healthz', '/assets/missing.js', '/favicon.ico']) {
      await request(app).get(pathname).set('Accept', BROWSER_ACCEPT).expect(404);
    }
    await request(app).get('/no-such-route').expect(404);
    await request(app).post('/recipients').set('Accept', BROWSER_ACCEPT).expect(404);
  });

  it('GET / before the bundle is built — 503 naming the build command', async () => {
    const response = await request(appWith(directory)).get('/').set('Accept', BROWSER_ACCEPT).expect(503);
    expect(response.text).to.contain('npm run build');
  });

  it('isConsolePath — console paths yes; server paths and file names no', () => {
    expect(['/', '/aid', '/patrons/3', '/reports/regions'].map(isConsolePath)).to.deep.equal([
      true,
      true,
      true,
      true,
    ]);
    expect(
      ['/v1/funds', '/docs', '/healthz', '/assets/a.js', '/robots.txt'].map(isConsolePath),
    ).to.deep.equal([false, false, false, false, false]);
  });
});
