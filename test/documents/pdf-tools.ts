import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Reads the PDFs the server makes with poppler (pdftotext, pdftoppm, pdfinfo), as a person's viewer
 * would: what text a reader finds, how many pages, and a PNG to look at. Without poppler the
 * tests that need it are skipped with the reason printed — except in CI, where they must run.
 */
const POPPLER_DIRECTORY = '/usr/bin';
const TOOLS = ['pdftotext', 'pdftoppm', 'pdfinfo'] as const;
type Tool = (typeof TOOLS)[number];

/** Where tests leave PNGs for a person to look at: the repository's test-artifacts/ (git-ignored). */
export const ARTIFACTS_DIRECTORY = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));

function toolPath(tool: Tool): string | null {
  const candidates = [path.join(POPPLER_DIRECTORY, tool), ...pathCandidates(tool)];
  return candidates.find((candidate) => fs.existsSync(candidate)) ?? null;
}

function pathCandidates(tool: Tool): string[] {
  return (process.env.PATH ?? '').split(path.delimiter).map((directory) => path.join(directory, tool));
}

const missing = TOOLS.filter((tool) => toolPath(tool) === null);

/** Skips the current test when poppler is missing (saying why); fails instead under CI. */
export function requirePoppler(context: Mocha.Context): void {
  if (missing.length === 0) return;
  const reason = `poppler-utils is not installed (missing ${missing.join(', ')})`;
  if (process.env.CI) throw new Error(`${reason}: CI must check the rendered PDFs`);
  console.log(`      skipped: ${reason}`);
  context.skip();
}

function withPdfFile<T>(pdf: Buffer, work: (file: string, directory: string) => T): T {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'jomart-pdf-'));
  try {
    const file = path.join(directory, 'document.pdf');
    fs.writeFileSync(file, pdf);
    return work(file, directory);
  } finally {
    fs.rmSync(directory, { recursive: true, force: true });
  }
}

function run(tool: Tool, args: string[]): string {
  return execFileSync(toolPath(tool) as string, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

/**
 * The text of the PDF in reading order, with every kind of space (the no-break spaces between
 * digit groups included) written as a plain space, so assertions need not care which one it was.
 */
export function pdfText(pdf: Buffer): string {
  const text = withPdfFile(pdf, (file) => run('pdftotext', ['-enc', 'UTF-8', file, '-']));
  return text.normalize('NFC').replace(/[\u00a0\u202f\u2007\u2009]/g, ' ');
}

/** The text of the PDF laid out as on the page, one table row to a line. */
export function pdfLayoutText(pdf: Buffer): string {
  const text = withPdfFile(pdf, (file) => run('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-']));
  return text.normalize('NFC').replace(/[\u00a0\u202f\u2007\u2009]/g, ' ');
}

export function pdfPageCount(pdf: Buffer): number {
  const info = withPdfFile(pdf, (file) => run('pdfinfo', [file]));
  const match = /^Pages:\s+(\d+)$/m.exec(info);
  if (!match) throw new Error(`pdfinfo printed no page count:\n${info}`);
  return Number(match[1]);
}

/** Renders page 1 at 50 dpi with pdftoppm, saves it as test-artifacts/<name>.png and returns its bytes. */
export function renderFirstPage(pdf: Buffer, name: string): Buffer {
  return withPdfFile(pdf, (file, directory) => {
    const prefix = path.join(directory, 'page');
    run('pdftoppm', ['-png', '-r', '50', '-f', '1', '-l', '1', '-singlefile', file, prefix]);
    const png = fs.readFileSync(`${prefix}.png`);
    fs.mkdirSync(ARTIFACTS_DIRECTORY, { recursive: true });
    fs.writeFileSync(path.join(ARTIFACTS_DIRECTORY, `${name}.png`), png);
    return png;
  });
}
