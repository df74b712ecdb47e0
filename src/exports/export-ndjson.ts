import type { Entry } from '../ledger/ledger-types.js';
import {
  type ExportHeader,
  NDJSON_EXPORT_FORMAT,
  NDJSON_EXPORT_VERSION,
  type TextExportFormat,
} from './export-types.js';

/**
 * NDJSON, the export an auditor verifies offline (`jomart verify-export`). One JSON object per line:
 *
 * 1. a header `{type:'header', format:'jomart-ledger-export', version:1, headHash, journalEntries,
 *    entries, from, to, accounts:[{id, code, type}]}`;
 * 2. one `{type:'entry', …}` per entry in id order, with every field its hash covers (see
 *    `canonicalEntry`: amounts as integer tiyn in strings) and, for people, `amount` in tenge;
 * 3. a trailer `{type:'end', entries, headHash}`: an export without it was cut short.
 */
export const ndjsonFormat: TextExportFormat = {
  header: (header) => line(headerLine(header)),
  entry: (entry) => line(entryLine(entry)),
  trailer: (header, written) => line({ type: 'end', entries: written, headHash: header.headHash }),
};

export function headerLine(header: ExportHeader) {
  return {
    type: 'header',
    format: NDJSON_EXPORT_FORMAT,
    version: NDJSON_EXPORT_VERSION,
    headHash: header.headHash,
    journalEntries: header.journalEntries,
    entries: header.entries,
    from: header.from,
    to: header.to,
    accounts: header.accounts.map((account) => ({ id: account.id, code: account.code, type: account.type })),
  };
}

export function entryLine(entry: Entry) {
  return {
    type: 'entry',
    id: entry.id,
    prevHash: entry.prevHash,
    hash: entry.hash,
    kind: entry.kind,
    status: entry.status,
    date: entry.date,
    recordedAt: entry.recordedAt,
    memo: entry.memo,
    reversesEntryId: entry.reversesEntryId,
    pendingEntryId: entry.pendingEntryId,
    createdBy: entry.createdBy,
    requestId: entry.requestId,
    postings: entry.postings.map((posting) => ({
      accountCode: posting.accountCode,
      amountTiyn: posting.amount.tiyn.toString(),
      amount: posting.amount.toString(),
      fundId: posting.fundId,
      patronId: posting.patronId,
      recipientId: posting.recipientId,
    })),
  };
}

function line(value: unknown): string {
  return `${JSON.stringify(value)}\n`;
}
