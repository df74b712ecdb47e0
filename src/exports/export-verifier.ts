import fs from 'node:fs';
import { z } from 'zod';
import { MAX_POSTINGS_PER_ENTRY } from '../ledger/entry-rules.js';
import { GENESIS_HASH, hashEntry } from '../ledger/hash-chain.js';
import type { Entry, Posting } from '../ledger/ledger-types.js';
import { Money } from '../money/money.js';
import { NDJSON_EXPORT_FORMAT, NDJSON_EXPORT_VERSION } from './export-types.js';

/**
 * Offline verification of an NDJSON export (`jomart verify-export FILE`): no database, one line at
 * a time. Every entry's hash is recomputed with the ledger's own canonical form (`hashEntry`), so
 * an export verifies exactly when the journal it came from did. A whole-journal export must hold
 * entries 1, 2, 3, … each linking to the one before, the last one's hash being the head hash of
 * header and trailer; a from..to export is a selection, so only its entries' own hashes, the links
 * between consecutive ids and its counts can be checked — the result says it is partial.
 */
export interface ExportVerification {
  /** Every check passed (for a partial export: every check a selection allows). */
  ok: boolean;
  /** False when the input could not be read or is not a Jomart ledger export at all. */
  readable: boolean;
  /** A from..to selection rather than the whole journal. */
  partial: boolean;
  from: string | null;
  to: string | null;
  /** Entries checked and found sound, up to the first problem. */
  entries: number;
  /** The journal head hash the export states; null when there is no readable header. */
  headHash: string | null;
  /** Links from an entry to the one before it that were checked. */
  linksChecked: number;
  /** The first line (1-based) that is wrong, and the entry it concerns; null when ok. */
  firstBadLine: number | null;
  firstBadEntryId: number | null;
  /** What is wrong, in a sentence; null when ok. */
  problem: string | null;
}

/** Longer lines are refused before they are parsed: a real entry line is a few kilobytes at most. */
export const MAX_EXPORT_LINE_CHARACTERS = 1024 * 1024;

const hashSchema = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex digits');
const idSchema = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const countSchema = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const dateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

const headerSchema = z.strictObject({
  type: z.literal('header'),
  format: z.literal(NDJSON_EXPORT_FORMAT),
  version: z.literal(NDJSON_EXPORT_VERSION),
  headHash: hashSchema,
  journalEntries: countSchema,
  entries: countSchema,
  from: dateSchema.nullable(),
  to: dateSchema.nullable(),
  accounts: z.array(
    z.strictObject({
      id: idSchema,
      code: z.string(),
      type: z.enum(['asset', 'liability', 'equity', 'income', 'expense']),
    }),
  ),
});

const entrySchema = z.strictObject({
  type: z.literal('entry'),
  id: idSchema,
  prevHash: hashSchema,
  hash: hashSchema,
  kind: z.string(),
  status: z.enum(['posted', 'pending', 'voided']),
  date: z.string(),
  recordedAt: z.string(),
  memo: z.string().nullable(),
  reversesEntryId: idSchema.nullable(),
  pendingEntryId: idSchema.nullable(),
  createdBy: idSchema.nullable(),
  requestId: z.string().nullable(),
  postings: z
    .array(
      z.strictObject({
        accountCode: z.string(),
        amountTiyn: z.string().regex(/^-?[0-9]{1,20}$/, 'must be an integer of tiyn written in digits'),
        amount: z.string(),
        fundId: idSchema.nullable(),
        patronId: idSchema.nullable(),
        recipientId: idSchema.nullable(),
      }),
    )
    .max(MAX_POSTINGS_PER_ENTRY),
});

const trailerSchema = z.strictObject({ type: z.literal('end'), entries: countSchema, headHash: hashSchema });

type ExportHeaderLine = z.output<typeof headerSchema>;
type EntryLine = z.output<typeof entrySchema>;

/** A line that is wrong: where, which entry, and why. */
class BadLine extends Error {
  constructor(
    readonly line: number,
    readonly entryId: number | null,
    message: string,
  ) {
    super(message);
  }
}

/** The input is not something this verifier can read. */
class Unreadable extends Error {}

/** A line longer than the verifier reads. */
export class LineTooLongError extends Error {}

/**
 * Verifies an export given as its lines (without line ends), read lazily: memory stays flat. A
 * source that fails to give its lines makes the input unreadable; a wrong line makes it broken.
 */
export async function verifyExport(
  lines: AsyncIterable<string> | Iterable<string>,
): Promise<ExportVerification> {
  const checker = new ExportChecker();
  const iterator = Symbol.asyncIterator in lines ? lines[Symbol.asyncIterator]() : lines[Symbol.iterator]();
  try {
    for (;;) {
      let next: IteratorResult<string>;
      try {
        next = await iterator.next();
      } catch (error) {
        if (error instanceof LineTooLongError) throw checker.badNextLine(error.message);
        throw new Unreadable(error instanceof Error ? error.message : String(error));
      }
      if (next.done) return checker.finish();
      checker.read(next.value);
    }
  } catch (error) {
    if (error instanceof BadLine || error instanceof Unreadable) return checker.failure(error);
    throw error;
  } finally {
    await iterator.return?.();
  }
}

/** Verifies the NDJSON export in a file, streamed. */
export async function verifyExportFile(path: string): Promise<ExportVerification> {
  return verifyExport(linesOf(fs.createReadStream(path, { encoding: 'utf8' })));
}

/** Splits text chunks into lines (without `\n`); refuses a line longer than `maxLineCharacters`. */
export async function* linesOf(
  chunks: AsyncIterable<string>,
  maxLineCharacters = MAX_EXPORT_LINE_CHARACTERS,
): AsyncGenerator<string> {
  let pending = '';
  for await (const chunk of chunks) {
    pending += chunk;
    let start = 0;
    for (let end = pending.indexOf('\n'); end !== -1; end = pending.indexOf('\n', start)) {
      yield pending.slice(start, end);
      start = end + 1;
    }
    pending = pending.slice(start);
    if (pending.length > maxLineCharacters) {
      throw new LineTooLongError(`a line is longer than ${maxLineCharacters} characters`);
    }
  }
  if (pending.length > 0) yield pending;
}

/** The state of one verification, fed line by line. */
class ExportChecker {
  private lineNumber = 0;
  private header: ExportHeaderLine | null = null;
  private accountIds = new Map<string, number>();
  private ended = false;
  private entries = 0;
  private linksChecked = 0;
  private previousId: number | null = null;
  private previousHash = GENESIS_HASH;

  read(text: string): void {
    this.lineNumber += 1;
    if (this.lineNumber === 1) {
      this.readHeader(text.replace(/^\uFEFF/, ''));
      return;
    }
    if (this.ended) {
      // A blank line at the very end (an editor's final newline) is harmless; anything else is not.
      if (text.trim() === '') return;
      throw this.bad(null, `line ${this.lineNumber} follows the trailer line`);
    }
    const value = this.parse(text);
    const type = (value as { type?: unknown }).type;
    if (type === 'entry') this.readEntry(value);
    else if (type === 'end') this.readTrailer(value);
    else throw this.bad(idIn(value), `line ${this.lineNumber} is neither an entry nor the trailer`);
  }

  finish(): ExportVerification {
    if (!this.header) throw new Unreadable('the input is empty');
    if (!this.ended) {
      throw new BadLine(
        this.lineNumber + 1,
        null,
        'the export ends without its trailer line: it was cut short',
      );
    }
    return this.result(true, null);
  }

  failure(error: BadLine | Unreadable): ExportVerification {
    if (error instanceof BadLine) return this.result(false, error);
    return {
      ...this.result(false, null),
      readable: false,
      problem: `not a readable Jomart ledger export: ${error.message}`,
    };
  }

  badNextLine(message: string): BadLine {
    return new BadLine(this.lineNumber + 1, null, message);
  }

  private readHeader(text: string): void {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new Unreadable('the first line is not JSON');
    }
    const claimed = value as { format?: unknown; version?: unknown } | null;
    if (claimed?.format !== NDJSON_EXPORT_FORMAT || claimed.version !== NDJSON_EXPORT_VERSION) {
      throw new Unreadable(
        `the first line is not a ${NDJSON_EXPORT_FORMAT} version ${NDJSON_EXPORT_VERSION} header`,
      );
    }
    const header = this.shaped(headerSchema, value, null);
    this.header = header;
    for (const account of header.accounts) this.accountIds.set(account.code, account.id);
  }

  private readEntry(value: unknown): void {
    const line = this.shaped(entrySchema, value, idIn(value));
    const header = this.requireHeader();
    this.checkSequence(line, header);
    const entry = this.toEntry(line);
    if (hashEntry(entry) !== line.hash) throw this.bad(line.id, `entry ${line.id} does not match its hash`);
    this.checkTengeAmounts(line, entry);
    if (!Money.sum(entry.postings.map((posting) => posting.amount)).isZero()) {
      throw this.bad(line.id, `entry ${line.id} does not balance`);
    }
    this.entries += 1;
    this.previousId = line.id;
    this.previousHash = line.hash;
  }

  /** Ids in order (and, for the whole journal, without gaps); each entry linked to the one before. */
  private checkSequence(line: EntryLine, header: ExportHeaderLine): void {
    const whole = header.from === null && header.to === null;
    const expectedId = (this.previousId ?? 0) + 1;
    if (whole && line.id > expectedId) {
      throw new BadLine(
        this.lineNumber,
        expectedId,
        `entry ${expectedId} is missing: line ${this.lineNumber} holds entry ${line.id}`,
      );
    }
    if (line.id < expectedId) {
      throw this.bad(line.id, `entry ${line.id} is out of order or repeated after entry ${this.previousId}`);
    }
    // In a selection, an entry whose predecessor is not in it cannot be linked (previousHash is the
    // genesis hash until the first entry, which is right for entry 1).
    if (line.id !== expectedId) return;
    if (line.prevHash !== this.previousHash) {
      throw this.bad(line.id, `entry ${line.id} does not link to the entry before it`);
    }
    this.linksChecked += 1;
  }

  /** The entry as the ledger hashed it: amounts in tiyn, accounts by code. */
  private toEntry(line: EntryLine): Omit<Entry, 'hash'> {
    const postings = line.postings.map(({ amount: _tenge, amountTiyn, ...posting }): Posting => {
      const accountId = this.accountIds.get(posting.accountCode);
      if (accountId === undefined) {
        throw this.bad(
          line.id,
          `entry ${line.id} posts to ${posting.accountCode}, which the header does not list`,
        );
      }
      return { ...posting, accountId, amount: Money.fromTiyn(amountTiyn) };
    });
    const { type: _type, hash: _hash, ...content } = line;
    return { ...content, postings };
  }

  /** The amounts in tenge, which the hash does not cover, must say what the hashed tiyn say. */
  private checkTengeAmounts(line: EntryLine, entry: Omit<Entry, 'hash'>): void {
    line.postings.forEach((posting, index) => {
      if (posting.amount !== entry.postings[index]?.amount.toString()) {
        throw this.bad(
          line.id,
          `entry ${line.id}, posting ${index + 1}: amount ${posting.amount} differs from amountTiyn ${posting.amountTiyn}`,
        );
      }
    });
  }

  private readTrailer(value: unknown): void {
    const trailer = this.shaped(trailerSchema, value, null);
    const header = this.requireHeader();
    this.ended = true;
    if (trailer.headHash !== header.headHash) {
      throw this.bad(null, 'the trailer states another head hash than the header');
    }
    if (trailer.entries !== this.entries || header.entries !== this.entries) {
      const whole = header.from === null && header.to === null;
      const firstMissing = whole && header.entries > this.entries ? (this.previousId ?? 0) + 1 : null;
      throw this.bad(
        firstMissing,
        `the export holds ${this.entries} entries; the header states ${header.entries}, the trailer ${trailer.entries}`,
      );
    }
    if (header.from !== null || header.to !== null) return;
    if (header.journalEntries !== this.entries || header.headHash !== this.previousHash) {
      throw this.bad(
        null,
        'the last entry is not the journal head the export states: entries are missing at its end',
      );
    }
  }

  private parse(text: string): unknown {
    try {
      const value: unknown = JSON.parse(text);
      if (typeof value === 'object' && value !== null) return value;
    } catch {
      // Reported below with the line number.
    }
    throw this.bad(null, `line ${this.lineNumber} is not a JSON object`);
  }

  private shaped<T>(schema: z.ZodType<T>, value: unknown, entryId: number | null): T {
    const result = schema.safeParse(value);
    if (result.success) return result.data;
    const issue = result.error.issues[0];
    const where = issue?.path.join('.') || 'line';
    throw this.bad(
      entryId,
      `line ${this.lineNumber} is not a well-formed export line: ${where} ${issue?.message ?? ''}`.trim(),
    );
  }

  private requireHeader(): ExportHeaderLine {
    if (!this.header) throw new Error('the header is read before any other line');
    return this.header;
  }

  private bad(entryId: number | null, message: string): BadLine {
    return new BadLine(this.lineNumber, entryId, message);
  }

  private result(ok: boolean, bad: BadLine | null): ExportVerification {
    const header = this.header;
    return {
      ok,
      readable: true,
      partial: header !== null && (header.from !== null || header.to !== null),
      from: header?.from ?? null,
      to: header?.to ?? null,
      entries: this.entries,
      headHash: header?.headHash ?? null,
      linksChecked: this.linksChecked,
      firstBadLine: bad?.line ?? null,
      firstBadEntryId: bad?.entryId ?? null,
      problem: bad?.message ?? null,
    };
  }
}

function idIn(value: unknown): number | null {
  const id = (value as { id?: unknown } | null)?.id;
  return typeof id === 'number' && Number.isSafeInteger(id) ? id : null;
}

/** One sentence for people: what was verified, or where it broke. */
export function describeVerification(result: ExportVerification): string {
  if (!result.readable) return result.problem ?? 'not a readable Jomart ledger export';
  if (!result.ok) {
    const entry = result.firstBadEntryId === null ? '' : ` (entry ${result.firstBadEntryId})`;
    return `export BROKEN at line ${result.firstBadLine}${entry}: ${result.problem}`;
  }
  if (!result.partial) return `export intact: ${result.entries} entries, journal head ${result.headHash}`;
  return (
    `partial export (value dates ${result.from ?? 'from the first'} to ${result.to ?? 'the last'}) intact: ` +
    `${result.entries} entries each match their hash, ${result.linksChecked} links between consecutive ids hold; ` +
    `a selection cannot show that the rest of the journal (head ${result.headHash}) is intact`
  );
}
