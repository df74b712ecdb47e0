// Three server processes started at the same moment on one fresh, empty database all come up: one
// of them migrates it and makes the first admin, the others wait for the migration lock and find
// both done. (Before, all but one exited: "table knex_migrations already exists", or "a user with
// this email exists".)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import knex from 'knex';
import { startServerProcess } from '../support/server-process.js';

const PROCESSES = 3;
const SECRET = 'startup-race-secret-that-is-long-enough-0123456789';

describe('start-up race', function () {
  this.timeout(300_000);

  it(`${PROCESSES} servers started at once on a fresh database — all healthy, one first admin`, async () => {
    const serverUrl = process.env.DATABASE_URL;
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'jomart-startup-race-'));
    const name = `jomart_race_${process.pid}_${Date.now()}`;
    let environment: Record<string, string>;
    let databaseUrl: string | undefined;
    if (serverUrl) {
      const admin = knex({ client: 'pg', connection: serverUrl, pool: { min: 0, max: 1 } });
      await admin.raw(`CREATE DATABASE ${name}`).finally(() => admin.destroy());
      const url = new URL(serverUrl);
      url.pathname = `/${name}`;
      databaseUrl = url.toString();
      environment = { DATABASE_URL: databaseUrl };
    } else {
      environment = { DATA_DIR: directory };
    }
    const started = await Promise.allSettled(
      Array.from({ length: PROCESSES }, () =>
        startServerProcess({
          env: {
            ...environment,
            JWT_SECRET: SECRET,
            ADMIN_PASSWORD: 'first-admin-password-1',
            PASSWORD_HASH_COST: '32768',
          },
        }),
      ),
    );
    try {
      const failures = started.flatMap((outcome) =>
        outcome.status === 'rejected' ? [String(outcome.reason)] : [],
      );
      expect(failures, failures.join('\n')).to.deep.equal([]);
      const servers = started.map((outcome) => (outcome as PromiseFulfilledResult<{ url: string }>).value);
      for (const server of servers) {
        const health = await fetch(`${server.url}/healthz`);
        expect(health.status).to.equal(200);
      }
      // The first admin exists once and can log in through any of them.
      for (const server of servers) {
        const login = await fetch(`${server.url}/v1/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: 'admin@jomart.local', password: 'first-admin-password-1' }),
        });
        expect(login.status).to.equal(200);
      }
    } finally {
      await Promise.all(
        started.map((outcome) => (outcome.status === 'fulfilled' ? outcome.value.stop() : Promise.resolve())),
      );
      fs.rmSync(directory, { recursive: true, force: true });
      if (serverUrl) {
        const cleaner = knex({ client: 'pg', connection: serverUrl, pool: { min: 0, max: 1 } });
        await cleaner.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).finally(() => cleaner.destroy());
      }
    }
  });
});
