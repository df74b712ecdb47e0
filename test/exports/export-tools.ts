import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Money } from '../../src/money/money.js';

const run = promisify(execFile);
const TOOL_TIMEOUT_MILLISECONDS = 30_000;
const TOOL_OUTPUT_BYTES = 64 * 1024 * 1024;
const available = new Map<string, boolean>();

/**
 * The auditors' own tools (hledger, ledger, bean-check). Missing on a laptop: the test is skipped
 * with the reason printed. Missing in CI: the test fails, because CI installs them.
 */
export async function requireTool(context: Mocha.Context, command: string): Promise<void> {
  if (!available.has(command)) {
    try {
      await run(command, ['--version'], { timeout: TOOL_TIMEOUT_MILLISECONDS });
      available.set(command, true);
    } catch {
      available.set(command, false);
    }
  }
  if (available.get(command)) return;
  const reason = `${command} is not installed`;
  if (process.env.CI) throw new Error(`${reason} (CI installs it: see .ci/run)`);
  console.log(`      skipped: ${reason}`);
  context.skip();
}

/** Runs a tool; resolves with its output, rejects with its stderr when it exits non-zero. */
export async function runTool(command: string, args: readonly string[]): Promise<string> {
  try {
    const { stdout } = await run(command, [...args], {
      timeout: TOOL_TIMEOUT_MILLISECONDS,
      maxBuffer: TOOL_OUTPUT_BYTES,
      env: { ...process.env, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' },
    });
    return stdout;
  } catch (error) {
    const failed = error as { code?: unknown; stderr?: string; stdout?: string };
    throw new Error(
      `${command} ${args.join(' ')} exited ${failed.code}: ${failed.stderr ?? ''}${failed.stdout ?? ''}`,
    );
  }
}

/** A temporary file holding `content`, removed by the returned function. */
export function temporaryFile(name: string, content: string | Buffer): { file: string; remove: () => void } {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'jomart-export-'));
  const file = path.join(directory, name);
  fs.writeFileSync(file, content);
  return { file, remove: () => fs.rmSync(directory, { recursive: true, force: true }) };
}

/** A tool's amount (`1500.00 KZT`, `-20.5 KZT`, `0`) as tiyn. */
export function amountTiyn(text: string): bigint {
  const match = /^(-?)([0-9,]+)(?:\.([0-9]{1,2}))?(?: KZT)?$/.exec(text.trim());
  if (!match) throw new Error(`not an amount: "${text}"`);
  const tiyn = BigInt((match[2] ?? '').replaceAll(',', '')) * 100n + BigInt((match[3] ?? '').padEnd(2, '0'));
  return match[1] === '-' ? -tiyn : tiyn;
}

/** Rows of hledger's `-O csv` output (quoted cells), without the header and the total row. */
export function hledgerCsvBalances(output: string): Map<string, string> {
  const balances = new Map<string, string>();
  for (const line of output.trim().split('\n').slice(1)) {
    const cells = [...line.matchAll(/"((?:[^"]|"")*)"/g)].map((match) =>
      (match[1] ?? '').replaceAll('""', '"'),
    );
    const [name, amount] = cells;
    if (name === undefined || amount === undefined || name === 'total') continue;
    balances.set(name, Money.fromTiyn(amountTiyn(amount)).toString());
  }
  return balances;
}

/** Rows of `ledger bal --flat --no-total`: `  1500.00 KZT  account`. */
export function ledgerBalances(output: string): Map<string, string> {
  const balances = new Map<string, string>();
  for (const line of output.split('\n')) {
    const match = /^\s*(-?[0-9,.]+ KZT)\s{2,}(\S.*)$/.exec(line);
    if (match?.[1] && match[2]) balances.set(match[2], Money.fromTiyn(amountTiyn(match[1])).toString());
  }
  return balances;
}
