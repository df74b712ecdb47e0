/**
 * The real server as a separate OS process, for tests and scripts that must stop it the hard way
 * (crash drills) or run several at once (concurrency, HTTP benchmarks). `startServerProcess` picks a
 * free port, runs the server (the current build in dist/, else src/server.ts through tsx), and
 * resolves once GET /healthz answers 200. The process gets only the environment it is given plus
 * PATH, so it can never reach a database the caller did not name; it is killed if the caller exits.
 *
 *   const server = await startServerProcess({ env: { DATA_DIR: directory, JWT_SECRET: secret } });
 *   await fetch(`${server.url}/healthz`);
 *   await server.kill();                        // SIGKILL: no shutdown code runs
 *   const again = await server.restart();       // same port and environment, a new process
 *   await again.stop();                         // SIGTERM, then SIGKILL if it lingers
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

export const REPOSITORY_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SOURCE_ENTRY = 'src/server.ts';
const BUILT_ENTRY = 'dist/src/server.js';

/** How long a server may take from spawn to a healthy /healthz before start gives up. */
export const DEFAULT_READY_TIMEOUT_MILLISECONDS = 90_000;
/** How long `stop` waits after SIGTERM before it sends SIGKILL. */
const STOP_GRACE_MILLISECONDS = 5_000;
const HEALTH_POLL_INTERVAL_MILLISECONDS = 50;
const HEALTH_REQUEST_TIMEOUT_MILLISECONDS = 2_000;
/** The tail of the server's stdout and stderr kept for error messages. */
const OUTPUT_TAIL_CHARACTERS = 1_000_000;
/** How much of that a start failure quotes. */
const OUTPUT_IN_ERROR_CHARACTERS = 5_000;

/** Server processes still running: killed if this process exits first (mocha --exit after a failure). */
const liveChildren = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of liveChildren) child.kill('SIGKILL');
});

export interface ServerProcessOptions {
  /** The server's environment (DATA_DIR or DATABASE_URL, JWT_SECRET, ADMIN_EMAIL, …); PATH is added. */
  env: Record<string, string>;
  /** A fixed port; by default a free one is picked. */
  port?: number;
  /**
   * Which server to run: `source` is src/server.ts through tsx; `built` is dist/src/server.js (after
   * `npm run build`); `auto` (the default) takes the build when every source file is older than its
   * compiled file — as in CI, which builds first — and the source otherwise. The build starts faster.
   */
  entry?: 'auto' | 'source' | 'built';
  readyTimeoutMilliseconds?: number;
}

export interface ServerProcess {
  /** `http://127.0.0.1:<port>`, without a trailing slash. */
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  /** SIGKILL, and resolves once the process is gone. Idempotent. */
  kill(): Promise<void>;
  /** SIGTERM (the server's own shutdown), SIGKILL after a grace period; resolves once it is gone. */
  stop(): Promise<void>;
  /** A new process on the same port with the same environment; this one must be gone first. */
  restart(): Promise<ServerProcess>;
  /** True until the process has exited. */
  readonly running: boolean;
  /** The last part of what the process printed, for diagnostics. */
  output(): string;
}

/** Starts a server process and resolves once it answers GET /healthz with 200. */
export async function startServerProcess(options: ServerProcessOptions): Promise<ServerProcess> {
  const port = options.port ?? (await freePort());
  const built = options.entry === 'built' || (options.entry !== 'source' && buildIsCurrent());
  if (built && !fs.existsSync(path.join(REPOSITORY_ROOT, BUILT_ENTRY))) {
    throw new Error(`${BUILT_ENTRY} does not exist: run npm run build first`);
  }
  const args = built ? [BUILT_ENTRY] : ['--import', 'tsx', SOURCE_ENTRY];
  const child = spawn(process.execPath, args, {
    cwd: REPOSITORY_ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      LOG_LEVEL: 'warn',
      PASSWORD_HASH_COST: '1024',
      ...options.env,
      PORT: String(port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const chunks: string[] = [];
  let keptCharacters = 0;
  const collect = (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    chunks.push(text);
    keptCharacters += text.length;
    while (keptCharacters > OUTPUT_TAIL_CHARACTERS && chunks.length > 1) {
      keptCharacters -= (chunks.shift() as string).length;
    }
  };
  const tail = () => chunks.join('');
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  liveChildren.add(child);
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      liveChildren.delete(child);
      resolve();
    });
    child.once('error', (error) => {
      collect(Buffer.from(`\nspawn failed: ${error.message}\n`));
      resolve();
    });
  });
  const url = `http://127.0.0.1:${port}`;
  const isRunning = () => child.exitCode === null && child.signalCode === null;
  const handle: ServerProcess = {
    url,
    port,
    pid: child.pid ?? -1,
    get running() {
      return isRunning();
    },
    output: tail,
    kill: async () => {
      if (isRunning()) child.kill('SIGKILL');
      await exited;
    },
    stop: async () => {
      if (isRunning()) child.kill('SIGTERM');
      const timer = setTimeout(() => {
        if (isRunning()) child.kill('SIGKILL');
      }, STOP_GRACE_MILLISECONDS);
      await exited;
      clearTimeout(timer);
    },
    restart: async () => {
      if (isRunning()) throw new Error(`server ${child.pid} is still running: kill or stop it first`);
      return startServerProcess({ ...options, port });
    },
  };
  try {
    await waitUntilHealthy(url, child, exited, options.readyTimeoutMilliseconds);
  } catch (error) {
    await handle.kill();
    throw new Error(
      `${error instanceof Error ? error.message : String(error)}\n--- server output ---\n${tail().slice(-OUTPUT_IN_ERROR_CHARACTERS)}`,
    );
  }
  return handle;
}

async function waitUntilHealthy(
  url: string,
  child: ChildProcess,
  exited: Promise<void>,
  timeoutMilliseconds = DEFAULT_READY_TIMEOUT_MILLISECONDS,
): Promise<void> {
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  const deadline = Date.now() + timeoutMilliseconds;
  while (Date.now() < deadline) {
    if (gone)
      throw new Error(
        `the server exited (code ${child.exitCode}, signal ${child.signalCode}) before it was healthy`,
      );
    try {
      const response = await fetch(`${url}/healthz`, {
        signal: AbortSignal.timeout(HEALTH_REQUEST_TIMEOUT_MILLISECONDS),
      });
      await response.arrayBuffer();
      if (response.status === 200) return;
    } catch {
      // Not listening yet: keep polling until the deadline.
    }
    await sleep(HEALTH_POLL_INTERVAL_MILLISECONDS);
  }
  throw new Error(`the server did not answer /healthz within ${timeoutMilliseconds} ms`);
}

/** The folders whose TypeScript the server runs; the build is current when it is newer than all of it. */
const SERVER_SOURCE_FOLDERS = ['src', 'db'];

/** True when dist/ holds a compiled file, newer than its source, for every server source file. */
export function buildIsCurrent(): boolean {
  const pending = SERVER_SOURCE_FOLDERS.map((folder) => path.join(REPOSITORY_ROOT, folder));
  while (pending.length > 0) {
    const folder = pending.pop() as string;
    for (const item of fs.readdirSync(folder, { withFileTypes: true })) {
      const source = path.join(folder, item.name);
      if (item.isDirectory()) {
        pending.push(source);
        continue;
      }
      if (!item.name.endsWith('.ts') || item.name.endsWith('.d.ts')) continue;
      const compiled = path
        .join(REPOSITORY_ROOT, 'dist', path.relative(REPOSITORY_ROOT, source))
        .replace(/\.ts$/, '.js');
      const compiledStat = fs.statSync(compiled, { throwIfNoEntry: false });
      if (!compiledStat || compiledStat.mtimeMs < fs.statSync(source).mtimeMs) return false;
    }
  }
  return true;
}

/** A port nobody listens on right now: bound on 0, read back, released. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => (port > 0 ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}
