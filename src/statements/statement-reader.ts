import fs from 'node:fs';
import { parse } from 'csv-parse';
import iconv from 'iconv-lite';
import { DomainError } from '../errors/domain-error.js';
import { UnreadableStatementError } from '../errors/unreadable-statement-error.js';
import { ValidationError } from '../errors/validation-error.js';
import type { Money } from '../money/money.js';
import { isValidTaxId } from '../people/tax-id.js';
import { checkedText } from '../text/checked-text.js';
import { parseStatementAmount, parseStatementDate } from './statement-fields.js';

/** How much of the file is read to tell its encoding, separator and header. */
export const SNIFF_BYTES = 64 * 1024;
export const MAX_REFERENCE_LENGTH = 100;
export const MAX_PAYER_NAME_LENGTH = 300;
export const MAX_PURPOSE_LENGTH = 1000;
export const MAX_FUND_CODE_LENGTH = 100;
/** A longer line is not a bank statement row; csv-parse stops buffering there. */
export const MAX_RECORD_BYTES = 64 * 1024;

export const REQUIRED_COLUMNS = [
  'date',
  'amount',
  'reference',
  'payer_name',
  'payer_iin_bin',
  'purpose',
] as const;
export const OPTIONAL_COLUMNS = ['fund'] as const;
type Column = (typeof REQUIRED_COLUMNS)[number] | (typeof OPTIONAL_COLUMNS)[number];

export type StatementEncoding = 'utf8' | 'win1251';
export type StatementSeparator = ';' | ',';

/** One row turned into the forms the services take. */
export interface StatementRow {
  line: number;
  date: string;
  amount: Money;
  reference: string;
  payerName: string | null;
  /** A 12-digit number with a valid check digit, or null (an invalid or empty one is dropped). */
  payerTaxId: string | null;
  purpose: string | null;
  fundCode: string | null;
  fields: string[];
}

/** A line that cannot be booked, and why. */
export interface StatementProblem {
  line: number;
  reason: string;
  fields: string[];
}

export type StatementLine =
  | { kind: 'row'; row: StatementRow }
  | { kind: 'problem'; problem: StatementProblem };

/** What the first bytes of the file said about it. */
export interface StatementFormat {
  encoding: StatementEncoding;
  separator: StatementSeparator;
  header: string[];
}

/**
 * A bank statement CSV read as a stream (SPEC §8): its format is told from the first SNIFF_BYTES,
 * then the rows are decoded and parsed as they are read, so a file of any size costs the same memory.
 */
export class StatementReader {
  private readonly stream: fs.ReadStream;

  private constructor(
    readonly path: string,
    readonly format: StatementFormat,
    readonly sizeBytes: number,
  ) {
    this.stream = fs.createReadStream(path);
  }

  /** Opens the file and tells its format; UnreadableStatementError when it is not a statement at all. */
  static async open(path: string): Promise<StatementReader> {
    let sizeBytes: number;
    let sample: Buffer;
    try {
      sizeBytes = (await fs.promises.stat(path)).size;
      sample = await readStart(path);
    } catch (error) {
      throw new UnreadableStatementError(`cannot read ${path}: ${(error as Error).message}`);
    }
    return new StatementReader(path, sniffFormat(sample), sizeBytes);
  }

  get bytesRead(): number {
    return this.stream.bytesRead;
  }

  /** The rows after the header, in file order, each parsed or explained. */
  async *lines(): AsyncGenerator<StatementLine> {
    const problems: StatementProblem[] = [];
    const parser = this.stream.pipe(iconv.decodeStream(iconvName(this.format.encoding))).pipe(
      parse({
        delimiter: this.format.separator,
        info: true,
        relax_quotes: true,
        relax_column_count: true,
        skip_empty_lines: true,
        skip_records_with_error: true,
        max_record_size: MAX_RECORD_BYTES,
        on_skip: (error) => {
          const line = (error as { lines?: number } | undefined)?.lines ?? 0;
          problems.push({ line, reason: `broken CSV: ${error?.message ?? 'unreadable record'}`, fields: [] });
        },
      }),
    );
    const columns = columnIndexes(this.format.header);
    let headerSeen = false;
    for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      yield* drain(problems);
      if (!headerSeen) {
        headerSeen = true;
        continue;
      }
      yield readRow(item.record, item.info.lines, columns, this.format.header.length);
    }
    yield* drain(problems);
  }

  close(): void {
    this.stream.destroy();
  }
}

function* drain(problems: StatementProblem[]): Generator<StatementLine> {
  for (const problem of problems.splice(0)) yield { kind: 'problem', problem };
}

async function readStart(path: string): Promise<Buffer> {
  const handle = await fs.promises.open(path, 'r');
  try {
    const buffer = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function iconvName(encoding: StatementEncoding): string {
  return encoding === 'utf8' ? 'utf8' : 'win1251';
}

/** Encoding, separator and header from the first bytes; refuses what is not a CSV statement. */
export function sniffFormat(sample: Buffer): StatementFormat {
  if (sample.length === 0) throw new UnreadableStatementError('the file is empty');
  if (sample.includes(0))
    throw new UnreadableStatementError('the file holds NUL bytes: it is not a CSV text');
  const encoding = detectEncoding(sample);
  const text = iconv.decode(sample, iconvName(encoding));
  const headerLine = (text.split(/\r?\n/, 1)[0] ?? '').replace(/^\uFEFF/, '');
  const separator = detectSeparator(headerLine);
  const header = headerLine.split(separator).map(normalizeColumnName);
  const missing = REQUIRED_COLUMNS.filter((column) => !header.includes(column));
  if (missing.length > 0) {
    throw new UnreadableStatementError(
      `the header row lacks the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} ` +
        `(needs ${REQUIRED_COLUMNS.join(', ')}, separated by ";" or ",")`,
    );
  }
  return { encoding, separator, header };
}

/** UTF-8 when the sample has a BOM or decodes as UTF-8; otherwise the bytes are Windows-1251. */
export function detectEncoding(sample: Buffer): StatementEncoding {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return 'utf8';
  return isUtf8(withoutCutCharacter(sample)) ? 'utf8' : 'win1251';
}

function isUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** A sample ends wherever SNIFF_BYTES fell: drop a multi-byte character cut in half there. */
function withoutCutCharacter(sample: Buffer): Buffer {
  if (sample.length < SNIFF_BYTES) return sample;
  for (let back = 1; back <= 3 && back <= sample.length; back += 1) {
    const byte = sample[sample.length - back] as number;
    if ((byte & 0xc0) === 0xc0) return sample.subarray(0, sample.length - back);
    if ((byte & 0x80) === 0) return sample;
  }
  return sample;
}

/** The separator that splits the header into more columns; `;` when neither appears. */
export function detectSeparator(headerLine: string): StatementSeparator {
  const semicolons = headerLine.split(';').length;
  const commas = headerLine.split(',').length;
  return commas > semicolons ? ',' : ';';
}

function normalizeColumnName(name: string): string {
  return name
    .trim()
    .replace(/^"(.*)"$/, '$1')
    .trim()
    .toLowerCase();
}

function columnIndexes(header: string[]): Map<Column, number> {
  const indexes = new Map<Column, number>();
  for (const column of [...REQUIRED_COLUMNS, ...OPTIONAL_COLUMNS]) {
    const index = header.indexOf(column);
    if (index >= 0) indexes.set(column, index);
  }
  return indexes;
}

/** One record → a row, or the first reason it cannot be booked. */
export function readRow(
  fields: string[],
  line: number,
  columns: Map<Column, number>,
  headerLength: number,
): StatementLine {
  if (fields.length !== headerLength) {
    return problem(line, `the row has ${fields.length} fields, the header has ${headerLength}`, fields);
  }
  const field = (column: Column): string => {
    const index = columns.get(column);
    return index === undefined ? '' : (fields[index] ?? '').trim();
  };
  if (fields.some((value) => value.includes('\uFFFD'))) {
    return problem(line, 'the row holds bytes that are not valid UTF-8', fields);
  }
  try {
    const reference = field('reference');
    if (reference.length === 0) throw new ValidationError('the reference is empty', { field: 'reference' });
    const date = field('date');
    if (date.length === 0) throw new ValidationError('the date is empty', { field: 'date' });
    const taxId = field('payer_iin_bin').replace(/\s/g, '');
    return {
      kind: 'row',
      row: {
        line,
        date: parseStatementDate(date),
        amount: parseStatementAmount(field('amount')),
        reference: checkedText('reference', reference, MAX_REFERENCE_LENGTH, 'single-line'),
        payerName: optionalText('payer_name', field('payer_name'), MAX_PAYER_NAME_LENGTH),
        payerTaxId: isValidTaxId(taxId) ? taxId : null,
        purpose: optionalText('purpose', field('purpose'), MAX_PURPOSE_LENGTH, 'multi-line'),
        fundCode: optionalText('fund', field('fund'), MAX_FUND_CODE_LENGTH),
        fields,
      },
    };
  } catch (error) {
    if (error instanceof DomainError) return problem(line, error.message, fields);
    throw error;
  }
}

function optionalText(
  name: string,
  value: string,
  maxLength: number,
  lines: 'single-line' | 'multi-line' = 'single-line',
): string | null {
  return value.length === 0 ? null : checkedText(name, value, maxLength, lines);
}

function problem(line: number, reason: string, fields: string[]): StatementLine {
  return { kind: 'problem', problem: { line, reason, fields } };
}
