import type { AccountType } from '../ledger/chart.js';
import type { Entry } from '../ledger/ledger-types.js';

/** The forms the journal is exported in (SPEC §7). */
export const EXPORT_FORMATS = ['csv', 'ndjson', 'xlsx', 'hledger', 'beancount'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The `format` and `version` on the first line of an NDJSON export, which `verify-export` reads. */
export const NDJSON_EXPORT_FORMAT = 'jomart-ledger-export';
export const NDJSON_EXPORT_VERSION = 1;

/** Value dates an export is limited to, both inclusive; null means unbounded on that side. */
export interface ExportRange {
  from: string | null;
  to: string | null;
}

export interface ExportAccount {
  id: number;
  code: string;
  type: AccountType;
}

/**
 * What every export states before its entries, read once at its start in the same snapshot as the
 * entries themselves: the journal head, how many entries follow, and the chart of accounts.
 */
export interface ExportHeader extends ExportRange {
  /** The hash of the journal's last entry (the genesis hash when it is empty). */
  headHash: string;
  /** Entries in the whole journal: the head's entry id. */
  journalEntries: number;
  /** Entries in this export: the whole journal, or those with value dates from..to. */
  entries: number;
  /** The earliest value date among the exported entries; null when there are none. */
  firstDate: string | null;
  accounts: ExportAccount[];
}

/**
 * A text export: pure functions from the header and each entry to text, so the service can stream
 * entries batch by batch and never hold the whole journal.
 */
export interface TextExportFormat {
  header(header: ExportHeader): string;
  entry(entry: Entry): string;
  /** After the last entry; `written` is how many entries were written. */
  trailer(header: ExportHeader, written: number): string;
}

/** Whether an export holds the whole journal or only value dates from..to. */
export function isPartial(range: ExportRange): boolean {
  return range.from !== null || range.to !== null;
}
