// Server processes for the HTTP benchmarks: each server under test runs as a child process of its
// own, from the compiled `dist/` with plain `node` — the way `npm start` runs it in production, with
// no TypeScript loader in the process — so the load generator in the bench process never shares an
// event loop (or a transpiler's start-up) with the server it measures.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export const REPOSITORY_ROOT = path.join(import.meta.dirname, '..');
const SOURCE_FOLDERS = ['src', 'db', 'scripts'];
/** What the HTTP benchmarks start: the ledger server and the bare baseline. */
export const SERVER_SCRIPTS = ['dist/src/server.js', 'dist/scripts/bench-http-baseline.js'];
const READY_TIMEOUT_MILLISECONDS = 60_000;
const STOP_TIMEOUT_MILLISECONDS = 10_000;
const OUTPUT_TAIL_CHARACTERS = 4_000;
/** Linux's clock ticks per second for /proc/<pid>/stat times (USER_HZ, 100 on every common build). */
const CLOCK_TICKS_PER_SECOND = 100;

/** Runs `npm run build` when any TypeScript file has no compiled twin in dist/ or is newer than it. */
export function ensureBuilt(): void {
  const started = Date.now();
  const stale = SOURCE_FOLDERS.flatMap((folder) => typeScriptFiles(path.join(REPOSITORY_ROOT, folder))).find(
    (file) => {
      const compiled = path
        .join(REPOSITORY_ROOT, 'dist', path.relative(REPOSITORY_ROOT, file))
        .replace(/\.ts$/, '.js');
      return !fs.existsSync(compiled) || fs.statSync(compiled).mtimeMs < fs.statSync(file).mtimeMs;
    },
  );
  if (stale === undefined) return;
  console.log(`dist/ is older than ${path.relative(REPOSITORY_ROOT, stale)}: npm run build`);
  const build = spawnSync('npm', ['run', 'build'], { cwd: REPOSITORY_ROOT, stdio: 'inherit' });
  if (build.status === 0) return;
  // tsc emits JavaScript even when a type check fails (somewhere else, say in a test being
  // written); the bench goes on when the servers it runs were emitted, and says so.
  const emitted = SERVER_SCRIPTS.every(
    (script) =>
      fs.existsSync(path.join(REPOSITORY_ROOT, script)) &&
      fs.statSync(path.join(REPOSITORY_ROOT, script)).mtimeMs >= started,
  );
  if (!emitted) throw new Error(`npm run build failed (exit ${build.status})`);
  console.log('npm run build reported errors (above), but emitted the servers: the bench goes on');
}

function typeScriptFiles(folder: string): string[] {
  if (!fs.existsSync(folder)) return [];
  return fs
    .readdirSync(folder, { withFileTypes: true, recursive: true })
    .flatMap((item) =>
      item.isFile() && item.name.endsWith('.ts') && !item.name.endsWith('.d.ts')
        ? [path.join(item.parentPath, item.name)]
        : [],
    );
}

/** A port nobody listens on right now (the kernel's choice), for a child process to take. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });
}

export interface ServerProcess {
  label: string;
  /** http://127.0.0.1:<port> */
  url: string;
  pid: number;
  /** CPU seconds (user + system) the process has used so far; NaN where /proc is not there. */
  cpuSeconds(): number;
  /** What the process printed last, for error messages. */
  outputTail(): string;
  stop(): Promise<void>;
}

/**
 * Starts `node [nodeArguments] <script>` (a path relative to the repository root) with exactly
 * `environment` plus PATH and a free PORT, and resolves once GET /healthz answers 200.
 */
export async function startServer(
  label: string,
  script: string,
  environment: Record<string, string>,
  nodeArguments: readonly string[] = [],
): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [...nodeArguments, script], {
    cwd: REPOSITORY_ROOT,
    env: { PATH: process.env.PATH ?? '', ...environment, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let tail = '';
  const collect = (chunk: Buffer) => {
    tail = (tail + chunk.toString()).slice(-OUTPUT_TAIL_CHARACTERS);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const server: ServerProcess = {
    label,
    url: `http://127.0.0.1:${port}`,
    pid: child.pid as number,
    cpuSeconds: () => processCpuSeconds(child.pid as number),
    outputTail: () => tail,
    stop: () => stopProcess(child, exited),
  };
  await waitUntilHealthy(server, exited);
  return server;
}

async function waitUntilHealthy(server: ServerProcess, exited: Promise<number | null>): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MILLISECONDS;
  let exitCode: number | null | undefined;
  void exited.then((code) => {
    exitCode = code;
  });
  while (Date.now() < deadline) {
    if (exitCode !== undefined) {
      throw new Error(`${server.label} exited with ${exitCode} before it was ready:\n${server.outputTail()}`);
    }
    try {
      const response = await fetch(`${server.url}/healthz`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await server.stop();
  throw new Error(
    `${server.label} was not ready in ${READY_TIMEOUT_MILLISECONDS} ms:\n${server.outputTail()}`,
  );
}

async function stopProcess(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MILLISECONDS);
  await exited;
  clearTimeout(timer);
}

function processCpuSeconds(pid: number): number {
  try {
    // Fields after the command name (which may hold spaces, hence the last ')'): utime is the 12th, stime the 13th.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
}
