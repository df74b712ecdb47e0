import { stringify } from 'csv-stringify/sync';

/**
 * CSV as spreadsheets read it: RFC 4180 quoting (csv-stringify), UTF-8 with a byte-order mark so
 * Excel shows Cyrillic and Kazakh letters, CRLF line ends, and text that a spreadsheet would run as
 * a formula (`=cmd|…`, `+`, `-`, `@`, tab, CR) neutralised with a leading apostrophe. Amounts are
 * written as plain numbers with a dot and two decimals, which every spreadsheet reads as numbers.
 */
export const CSV_BOM = '\uFEFF';
export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';
const FORMULA_START = /^[=+\-@\t\r]/;
/** A cell that is a number (an amount, an id, a count) is left alone, sign and all. */
const NUMBER_CELL = /^-?[0-9]+(?:\.[0-9]+)?$/;

export type CsvCell = string | number | boolean | null | undefined | { toString(): string };

export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) && !NUMBER_CELL.test(text) ? `'${text}` : text;
}

/** One CSV line (with its CRLF) from cells; null and undefined become empty cells. */
export function csvLine(cells: readonly CsvCell[]): string {
  const texts = cells.map((cell) =>
    cell === null || cell === undefined ? '' : neutraliseFormula(String(cell)),
  );
  return stringify([texts], { record_delimiter: '\r\n' });
}

/** A whole CSV document with BOM and header. */
export function csvDocument(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return CSV_BOM + csvLine(header) + rows.map(csvLine).join('');
}
