import type { Entry } from '../ledger/ledger-types.js';
import { CSV_BOM, type CsvCell, csvLine } from '../text/csv.js';
import type { ExportHeader, TextExportFormat } from './export-types.js';

/** The columns of the CSV and XLSX exports: the entry's fields repeated on each of its postings. */
export const JOURNAL_COLUMNS = [
  'entry_id',
  'date',
  'status',
  'kind',
  'memo',
  'recorded_at',
  'reverses_entry_id',
  'pending_entry_id',
  'created_by',
  'request_id',
  'account',
  'amount',
  'fund_id',
  'patron_id',
  'recipient_id',
  'prev_hash',
  'hash',
] as const;

/** The first cell of the CSV's last row, which states the entry count and the journal head hash. */
export const CSV_END_MARKER = '#end';

/**
 * One row per posting (a voided entry, which has none, gets one row with empty posting cells), in
 * entry id order. Written with the project's one CSV writer: UTF-8 with BOM, CRLF, formulas
 * neutralised. The last row is `#end, entries=N, journal_entries=J, head_hash=H, from=…, to=…`: it
 * states the journal head, and a file without it was cut short. Amounts are signed tenge
 * (`1500.00` debit, `-1500.00` credit).
 */
export const csvFormat: TextExportFormat = {
  header: () => CSV_BOM + csvLine(JOURNAL_COLUMNS),
  entry: (entry) => journalRows(entry).map(csvLine).join(''),
  trailer: (header, written) => csvLine(padded(trailerCells(header, written))),
};

/** The cells of each row an entry gives, in JOURNAL_COLUMNS order; amounts as decimal text. */
export function journalRows(entry: Entry): CsvCell[][] {
  const entryCells = [
    entry.id,
    entry.date,
    entry.status,
    entry.kind,
    entry.memo,
    entry.recordedAt,
    entry.reversesEntryId,
    entry.pendingEntryId,
    entry.createdBy,
    entry.requestId,
  ];
  const hashes = [entry.prevHash, entry.hash];
  if (entry.postings.length === 0) return [[...entryCells, null, null, null, null, null, ...hashes]];
  return entry.postings.map((posting) => [
    ...entryCells,
    posting.accountCode,
    posting.amount.toString(),
    posting.fundId,
    posting.patronId,
    posting.recipientId,
    ...hashes,
  ]);
}

export function trailerCells(header: ExportHeader, written: number): string[] {
  return [
    CSV_END_MARKER,
    `entries=${written}`,
    `journal_entries=${header.journalEntries}`,
    `head_hash=${header.headHash}`,
    `from=${header.from ?? ''}`,
    `to=${header.to ?? ''}`,
  ];
}

function padded(cells: readonly CsvCell[]): CsvCell[] {
  return [...cells, ...Array<CsvCell>(Math.max(0, JOURNAL_COLUMNS.length - cells.length)).fill(null)];
}
