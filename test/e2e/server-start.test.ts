// Proves the real server process starts on an empty SQLite directory with a first admin and a
// one-time password printed once, and refuses to start in production without a JWT secret.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';

interface Run {
  code: number | null;
  output: string;
}

/** Starts src/server.ts, waits until it listens (or exits), then stops it. */
function runServer(environment: Record<string, string>, stopWhen: RegExp): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', PASSWORD_HASH_COST: '1024', ...environment },
    });
    let output = '';
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      if (stopWhen.test(output)) child.kill('SIGTERM');
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, output }));
  });
}

describe('server start', () => {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'jomart-start-'));
  after(() => fs.rmSync(directory, { recursive: true, force: true }));

  it('first start — empty SQLite directory — migrates, creates the admin and prints a one-time password', async () => {
    const run = await runServer({ DATA_DIR: directory, PORT: '0' }, /listening/);
    expect(run.output).to.match(/First admin created: admin@jomart\.local/);
    expect(run.output).to.match(/One-time password:\s+\S{20,}/);
    expect(fs.existsSync(path.join(directory, 'jomart.db'))).to.equal(true);
  });

  it('second start — the admin exists — no new password is printed', async () => {
    const run = await runServer({ DATA_DIR: directory, PORT: '0' }, /listening/);
    expect(run.output).to.match(/listening/);
    expect(run.output).not.to.match(/One-time password/);
  });

  it('production — without JWT_SECRET — refuses to start, saying why', async () => {
    const run = await runServer({ DATA_DIR: directory, PORT: '0', NODE_ENV: 'production' }, /listening/);
    expect(run.code).to.equal(1);
    expect(run.output).to.match(/JWT_SECRET must be set when NODE_ENV=production/);
    expect(run.output).not.to.match(/listening/);
  });
});
