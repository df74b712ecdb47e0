// Proves offline verification of an NDJSON export (`jomart verify-export`): an intact export
// verifies with no database; one changed byte in an amount or a memo, a changed hash, a re-hashed
// forgery, a dropped, repeated or reordered line, a cut-off end or a changed header is named by
// its line and entry; what is not an export at all is unreadable — and the command line answers
// exit 0, 1 and 2 for these, and writes exports to files.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { type ExportVerification, linesOf, verifyExport } from '../../src/exports/export-verifier.js';
import { hashEntry } from '../../src/ledger/hash-chain.js';
import { Money } from '../../src/money/money.js';
import { useTestDatabase } from '../support/test-database.js';
import { generateLedger } from './export-fixtures.js';
import { temporaryFile } from './export-tools.js';

const REPOSITORY_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = 'src/cli/jomart.ts';

/** The lines of an export, without line ends. */
async function ndjsonLines(
  services: import('../../src/services.js').Services,
  range = {},
): Promise<string[]> {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  await services.exports.writeLedger({ format: 'ndjson', ...range }, sink);
  return Buffer.concat(chunks).toString('utf8').trimEnd().split('\n');
}

/** The index of the line that holds entry `id`. */
function lineOf(lines: readonly string[], id: number): number {
  const index = lines.findIndex((line) => line.startsWith(`{"type":"entry","id":${id},`));
  if (index === -1) throw new Error(`no line for entry ${id}`);
  return index;
}

/** Changes one byte of `line` at the first occurrence of `marker` + `offset`. */
function changeOneByte(line: string, marker: string, offset: number): string {
  const bytes = Buffer.from(line, 'utf8');
  const at = bytes.indexOf(Buffer.from(marker, 'utf8'));
  if (at === -1) throw new Error(`no ${marker} in the line`);
  const position = at + Buffer.byteLength(marker) + offset;
  bytes[position] = (bytes[position] ?? 0) ^ 0x01;
  return bytes.toString('utf8');
}

function expectBroken(result: ExportVerification, line: number, entryId: number | null, problem: RegExp) {
  expect(result, JSON.stringify(result)).to.include({
    ok: false,
    readable: true,
    firstBadLine: line,
    firstBadEntryId: entryId,
  });
  expect(result.problem).to.match(problem);
}

function runCli(args: readonly string[], environment: Record<string, string> = {}) {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.DATABASE_URL;
  delete env.DATA_DIR;
  Object.assign(env, environment);
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', CLI, ...args],
      { cwd: REPOSITORY_ROOT, env },
      (error, stdout, stderr) => {
        resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr });
      },
    );
  });
}

describe('export verification', () => {
  const testDatabase = useTestDatabase();
  let lines: string[];
  /** A posted donation with a Kazakh memo, and a posted aid entry. */
  const KAZAKH_MEMO_ENTRY = 1;
  const AID_ENTRY = 8;

  before(async () => {
    await generateLedger(testDatabase.current.services);
    lines = await ndjsonLines(testDatabase.current.services);
    expect(lines[lineOf(lines, KAZAKH_MEMO_ENTRY)]).to.include('Қайырымдылық');
    expect(lines[lineOf(lines, AID_ENTRY)]).to.include('"kind":"aid","status":"posted"');
  });

  function tampered(id: number, change: (line: string) => string): string[] {
    const copy = [...lines];
    const index = lineOf(copy, id);
    copy[index] = change(copy[index] ?? '');
    return copy;
  }

  it('verifyExport — intact export — ok, every entry and link checked, the head hash stated', async () => {
    const head = await testDatabase.current.services.ledger.journalHead();
    const result = await verifyExport(lines);
    expect(result).to.deep.equal({
      ok: true,
      readable: true,
      partial: false,
      from: null,
      to: null,
      entries: head.lastEntryId,
      headHash: head.lastHash,
      linksChecked: head.lastEntryId,
      firstBadLine: null,
      firstBadEntryId: null,
      problem: null,
    });
  });

  it('verifyExport — one byte of an amount in tiyn changed — names that entry: its hash fails', async () => {
    const result = await verifyExport(
      tampered(AID_ENTRY, (line) => changeOneByte(line, '"amountTiyn":"', 0)),
    );
    expectBroken(result, lineOf(lines, AID_ENTRY) + 1, AID_ENTRY, /entry 8 does not match its hash/);
  });

  it('verifyExport — one byte of the amount in tenge changed — names that entry: it differs from tiyn', async () => {
    const result = await verifyExport(tampered(AID_ENTRY, (line) => changeOneByte(line, '"amount":"', 0)));
    expectBroken(result, lineOf(lines, AID_ENTRY) + 1, AID_ENTRY, /amount .* differs from amountTiyn/);
  });

  it('verifyExport — one byte of a Kazakh memo changed — names that entry', async () => {
    const result = await verifyExport(
      tampered(KAZAKH_MEMO_ENTRY, (line) => changeOneByte(line, '"memo":"', 1)),
    );
    expectBroken(result, 2, KAZAKH_MEMO_ENTRY, /entry 1 does not match its hash/);
  });

  it('verifyExport — a memo changed and the entry re-hashed — the next entry no longer links to it', async () => {
    const forged = tampered(AID_ENTRY, (line) => {
      const entry = JSON.parse(line);
      entry.memo = 'nothing to see';
      const postings = entry.postings.map((posting: { amountTiyn: string }) => ({
        ...posting,
        accountId: 0,
        amount: Money.fromTiyn(posting.amountTiyn),
      }));
      entry.hash = hashEntry({ ...entry, postings });
      return JSON.stringify(entry);
    });
    const result = await verifyExport(forged);
    expectBroken(
      result,
      lineOf(lines, AID_ENTRY + 1) + 1,
      AID_ENTRY + 1,
      /entry 9 does not link to the entry before it/,
    );
  });

  it('verifyExport — an entry line dropped — names the missing entry at the gap', async () => {
    const dropped = lines.filter((_, index) => index !== lineOf(lines, AID_ENTRY));
    const result = await verifyExport(dropped);
    expectBroken(
      result,
      lineOf(lines, AID_ENTRY) + 1,
      AID_ENTRY,
      /entry 8 is missing: line \d+ holds entry 9/,
    );
  });

  it('verifyExport — the last entry dropped — the counts and the head name it', async () => {
    const last = lines.length - 2;
    const dropped = lines.filter((_, index) => index !== last);
    const result = await verifyExport(dropped);
    expectBroken(result, dropped.length, last, /the export holds \d+ entries; the header states/);
  });

  it('verifyExport — two lines swapped or one repeated — out of order', async () => {
    const swapped = [...lines];
    const index = lineOf(lines, AID_ENTRY);
    [swapped[index], swapped[index + 1]] = [swapped[index + 1] ?? '', swapped[index] ?? ''];
    expectBroken(await verifyExport(swapped), index + 1, AID_ENTRY, /entry 8 is missing/);
    const repeated = [...lines.slice(0, index + 1), lines[index] ?? '', ...lines.slice(index + 1)];
    expectBroken(await verifyExport(repeated), index + 2, AID_ENTRY, /out of order or repeated/);
  });

  it('verifyExport — cut off before the trailer — broken, the export was cut short', async () => {
    const result = await verifyExport(lines.slice(0, -3));
    expectBroken(result, lines.length - 2, null, /cut short/);
  });

  it('verifyExport — header head hash or trailer changed — broken at the trailer', async () => {
    const header = JSON.parse(lines[0] ?? '');
    const otherHead = [JSON.stringify({ ...header, headHash: 'f'.repeat(64) }), ...lines.slice(1)];
    expectBroken(await verifyExport(otherHead), lines.length, null, /another head hash than the header/);
    const trailer = JSON.parse(lines.at(-1) ?? '');
    const otherCount = [...lines.slice(0, -1), JSON.stringify({ ...trailer, entries: trailer.entries + 1 })];
    expectBroken(await verifyExport(otherCount), lines.length, null, /the trailer \d+/);
  });

  it('verifyExport — a field added or a line that is not JSON — broken, naming the line', async () => {
    const added = tampered(AID_ENTRY, (line) =>
      line.replace('{"type":"entry",', '{"type":"entry","extra":1,'),
    );
    expectBroken(
      await verifyExport(added),
      lineOf(lines, AID_ENTRY) + 1,
      AID_ENTRY,
      /not a well-formed export line/,
    );
    const garbled = tampered(AID_ENTRY, (line) => line.slice(0, -1));
    expectBroken(await verifyExport(garbled), lineOf(lines, AID_ENTRY) + 1, null, /is not a JSON object/);
  });

  it('verifyExport — empty input, another file, a huge line — unreadable, or broken at the line', async () => {
    expect(await verifyExport([])).to.include({ ok: false, readable: false });
    expect(await verifyExport(['date,amount', '2026-01-01,5'])).to.include({ ok: false, readable: false });
    expect(await verifyExport(['{"format":"jomart-ledger-export","version":2}'])).to.include({
      readable: false,
    });
    async function* chunks() {
      yield `${lines[0]}\n`;
      yield 'x'.repeat(64);
    }
    const result = await verifyExport(linesOf(chunks(), 32));
    expectBroken(result, 2, null, /longer than 32 characters/);
  });

  it('verifyExport — a from..to export — partial; an entry dropped is caught by the counts', async () => {
    const partial = await ndjsonLines(testDatabase.current.services, {
      from: '2026-11-25',
      to: '2026-11-25',
    });
    const result = await verifyExport(partial);
    expect(result, result.problem ?? '').to.include({ ok: true, partial: true, from: '2026-11-25' });
    expect(result.entries).to.equal(partial.length - 2);
    const dropped = await verifyExport(partial.filter((_, index) => index !== 3));
    expect(dropped).to.include({ ok: false });
    expect(dropped.problem).to.match(/the export holds \d+ entries; the header states/);
  });

  describe('command line', () => {
    it('jomart export -o FILE, then verify-export FILE — exit 0 and a summary; stdout the same bytes', async () => {
      const environment = testDatabase.current.environment;
      const file = temporaryFile('placeholder', '');
      try {
        const output = path.join(path.dirname(file.file), 'ledger.ndjson');
        const exported = await runCli(['export', '--format', 'ndjson', '-o', output], environment);
        expect(exported, exported.stderr).to.include({ code: 0 });
        expect(exported.stderr).to.match(/exported \d+ entries as ndjson, journal head [0-9a-f]{64} to /);
        expect(fs.existsSync(`${output}.partial`)).to.equal(false);
        const verified = await runCli(['verify-export', output]);
        expect(verified, verified.stderr).to.include({ code: 0 });
        expect(verified.stdout).to.match(/^export intact: \d+ entries, journal head [0-9a-f]{64}\n$/);
        const toStdout = await runCli(['export', '--format', 'ndjson'], environment);
        expect(toStdout.stdout).to.equal(fs.readFileSync(output, 'utf8'));
      } finally {
        file.remove();
      }
    });

    it('jomart verify-export — tampered, missing — exit 1 naming the entry, exit 2', async () => {
      const broken = temporaryFile(
        'broken.ndjson',
        `${tampered(AID_ENTRY, (line) => changeOneByte(line, '"amountTiyn":"', 0)).join('\n')}\n`,
      );
      try {
        const tamperedRun = await runCli(['verify-export', broken.file]);
        expect(tamperedRun.code).to.equal(1);
        expect(tamperedRun.stdout).to.match(
          /^export BROKEN at line \d+ \(entry 8\): entry 8 does not match its hash/,
        );
        const missing = await runCli(['verify-export', '--json', `${broken.file}.missing`]);
        expect(missing.code).to.equal(2);
        expect(JSON.parse(missing.stdout)).to.include({ ok: false, readable: false });
      } finally {
        broken.remove();
      }
    });
  });
});
