import { PassThrough, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Entry } from '../ledger/ledger-types.js';
import { type CsvCell, neutraliseFormula } from '../text/csv.js';
import { JOURNAL_COLUMNS, journalRows } from './export-csv.js';
import { type ExportHeader, NDJSON_EXPORT_FORMAT, NDJSON_EXPORT_VERSION } from './export-types.js';

export const XLSX_JOURNAL_SHEET = 'Journal';
export const XLSX_EXPORT_SHEET = 'Export';
const AMOUNT_COLUMN = JOURNAL_COLUMNS.indexOf('amount');
const AMOUNT_FORMAT = '#,##0.00';
/** Columns that hold ids: written as numbers so a spreadsheet sorts and filters them as numbers. */
const ID_COLUMNS = new Set(
  (
    [
      'entry_id',
      'reverses_entry_id',
      'pending_entry_id',
      'created_by',
      'fund_id',
      'patron_id',
      'recipient_id',
    ] as const
  ).map((name) => JOURNAL_COLUMNS.indexOf(name)),
);

/**
 * The journal as an Excel workbook, written with exceljs's streaming writer: the sheet `Journal`
 * has the CSV's columns, one row per posting, amounts and ids as numbers, every text cell
 * neutralised against formulas; the sheet `Export` states the journal head hash and entry counts.
 * Rows are committed batch by batch and the writer waits for the sink to drain between batches, so
 * memory stays about one batch deep. Resolves with the number of entries written.
 */
export async function writeXlsx(
  header: ExportHeader,
  batches: AsyncIterable<Entry[]>,
  sink: Writable,
  endSink: boolean,
): Promise<number> {
  const zipped = new PassThrough();
  const delivery = pipeline(zipped, sink, { end: endSink });
  // The rejection is awaited below; this keeps it from counting as unhandled in the meantime.
  delivery.catch(() => undefined);
  // Loaded on first use: exceljs is large, and most processes (the CLI, most API requests) never need it.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: zipped, useStyles: true });
  const journal = workbook.addWorksheet(XLSX_JOURNAL_SHEET);
  journal.getColumn(AMOUNT_COLUMN + 1).numFmt = AMOUNT_FORMAT;
  journal.addRow([...JOURNAL_COLUMNS]).commit();
  let written = 0;
  for await (const batch of batches) {
    for (const entry of batch) {
      for (const row of journalRows(entry)) journal.addRow(row.map(spreadsheetCell)).commit();
    }
    written += batch.length;
    await Promise.race([roomIn(zipped), delivery]);
  }
  journal.commit();
  const about = workbook.addWorksheet(XLSX_EXPORT_SHEET);
  for (const row of exportFacts(header, written)) about.addRow(row).commit();
  about.commit();
  await Promise.all([workbook.commit(), delivery]);
  return written;
}

function spreadsheetCell(cell: CsvCell, column: number): string | number | null {
  if (cell === null || cell === undefined) return null;
  if (column === AMOUNT_COLUMN || ID_COLUMNS.has(column)) return Number(cell);
  return neutraliseFormula(String(cell));
}

function exportFacts(header: ExportHeader, written: number): (string | number)[][] {
  return [
    ['format', NDJSON_EXPORT_FORMAT],
    ['version', NDJSON_EXPORT_VERSION],
    ['head_hash', header.headHash],
    ['journal_entries', header.journalEntries],
    ['entries', written],
    ['from', header.from ?? ''],
    ['to', header.to ?? ''],
  ];
}

/** Resolves when the stream can take more; rejects when it was closed (the reader went away). */
function roomIn(stream: Writable): Promise<void> {
  if (stream.destroyed) return Promise.reject(new Error('the export stream closed before the export ended'));
  if (!stream.writableNeedDrain) return new Promise((resolve) => setImmediate(resolve));
  return new Promise((resolve, reject) => {
    const settle = (error?: Error) => {
      stream.off('drain', onDrain);
      stream.off('close', onClose);
      if (error) reject(error);
      else resolve();
    };
    const onDrain = () => settle();
    const onClose = () => settle(new Error('the export stream closed before the export ended'));
    stream.on('drain', onDrain);
    stream.on('close', onClose);
  });
}
