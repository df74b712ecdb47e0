import { type CsvCell, csvDocument } from '../text/csv.js';

/**
 * A report as a CSV document (csvDocument: UTF-8 with BOM, CRLF, formulas neutralised): a header row
 * of the JSON field names, one line per row in the JSON's order, and a last line whose first cell is
 * `total` holding the totals under their columns. Amounts are the same text as in the JSON.
 */
export interface CsvColumn<Row, Totals> {
  header: string;
  value(row: Row): CsvCell;
  /** The total under this column, when the report has one. */
  total?(totals: Totals): CsvCell;
}

export const TOTALS_LABEL = 'total';

export function reportCsv<Row, Totals>(
  columns: readonly CsvColumn<Row, Totals>[],
  report: { rows: readonly Row[]; totals: Totals },
): string {
  const lines = report.rows.map((row) => columns.map((column) => column.value(row)));
  const totals = columns.map((column, index) =>
    index === 0 ? TOTALS_LABEL : (column.total?.(report.totals) ?? null),
  );
  return csvDocument(
    columns.map((column) => column.header),
    [...lines, totals],
  );
}

/** A column read from the row and, under the same name, from the totals. */
export function summed<Row, Totals, Key extends keyof Row & keyof Totals>(key: Key): CsvColumn<Row, Totals> {
  return {
    header: String(key),
    value: (row) => row[key] as CsvCell,
    total: (totals) => totals[key] as CsvCell,
  };
}

/** A column read from the row only. */
export function plain<Row, Totals, Key extends keyof Row>(key: Key): CsvColumn<Row, Totals> {
  return { header: String(key), value: (row) => row[key] as CsvCell };
}
