import type { Entry } from '../ledger/ledger-types.js';
import { postingTags, singleLine } from './export-text.js';
import type { ExportHeader, TextExportFormat } from './export-types.js';

const COMMODITY = 'KZT';
/** Opens every account when the export holds no entry, so the file still checks. */
const EMPTY_EXPORT_OPEN_DATE = '1970-01-01';
const BEANCOUNT_ROOTS: Readonly<Record<string, string>> = {
  assets: 'Assets',
  liabilities: 'Liabilities',
  equity: 'Equity',
  income: 'Income',
  expenses: 'Expenses',
};
/** A component as our chart writes it: lowercase ASCII letters, digits and dashes. */
const PLAIN_COMPONENT = /^[a-z0-9][a-z0-9-]*$/;

/**
 * A Beancount (2.3) ledger that passes `bean-check`.
 *
 * - Account names: Beancount wants each component to start with a capital letter or a digit, so
 *   each of ours has its first letter capitalised (`assets:funds:winter-2026` →
 *   `Assets:Funds:Winter-2026`). Our components are lowercase, so this keeps names apart; anything
 *   else is written `XQ` + the hex of its UTF-8 bytes, a form the first rule never produces.
 * - Every account of the chart is opened, with the KZT constraint, on the export's first value date.
 * - Posted entries are `*` transactions with metadata `entry-id`, `status`, `hash`, `prev-hash`
 *   (and `reverses` or `posts`), each posting with `patron`, `recipient`, `fund` metadata where they
 *   apply; pending and voided entries are comments, as in the hledger export, so balances are
 *   posted money.
 */
export const beancountFormat: TextExportFormat = {
  header: (header) => lines(headerDirectives(header)),
  entry: (entry) => (entry.status === 'posted' ? transaction(entry) : commentedEntry(entry)),
  trailer: (header, written) =>
    lines([`; end of export: ${written} entries, journal head hash ${header.headHash}`]),
};

export function beancountAccountName(code: string): string {
  const [root = '', ...rest] = code.split(':');
  const beancountRoot = BEANCOUNT_ROOTS[root];
  if (!beancountRoot) throw new Error(`account ${code} is not under one of the five top-level accounts`);
  return [beancountRoot, ...rest.map(beancountComponent)].join(':');
}

function beancountComponent(component: string): string {
  if (PLAIN_COMPONENT.test(component)) return component.charAt(0).toUpperCase() + component.slice(1);
  return `XQ${Buffer.from(component, 'utf8').toString('hex').toUpperCase()}`;
}

function headerDirectives(header: ExportHeader): string[] {
  const openDate = header.firstDate ?? EMPTY_EXPORT_OPEN_DATE;
  return [
    '; Jomart Ledger export for Beancount',
    `; journal head hash: ${header.headHash}`,
    `; journal entries: ${header.journalEntries}`,
    `; entries in this export: ${header.entries}, value dates ${header.from ?? 'from the first'} to ${header.to ?? 'the last'}`,
    '; posted entries are transactions; pending and voided entries, which move no money, are comments',
    'option "title" "Jomart Ledger"',
    `option "operating_currency" "${COMMODITY}"`,
    '',
    ...header.accounts.map(
      (account) => `${openDate} open ${beancountAccountName(account.code)} ${COMMODITY}`,
    ),
    '',
  ];
}

function transaction(entry: Entry): string {
  return lines([
    `${entry.date} * ${quoted(entry.kind)} ${quoted(singleLine(entry.memo))}`,
    ...entryMetadata(entry).map(([key, value]) => `  ${key}: ${quoted(value)}`),
    ...entry.postings.flatMap((posting) => [
      `  ${beancountAccountName(posting.accountCode)}  ${posting.amount.toString()} ${COMMODITY}`,
      ...postingTags(posting).map(([name, id]) => `    ${name}: ${quoted(String(id))}`),
    ]),
    '',
  ]);
}

/** A pending or voided entry, every line a comment. */
function commentedEntry(entry: Entry): string {
  const flag = entry.status === 'pending' ? '!' : 'voided';
  return lines([
    `; ${entry.date} ${flag} ${quoted(entry.kind)} ${quoted(singleLine(entry.memo))}`,
    ...entryMetadata(entry).map(([key, value]) => `;   ${key}: ${quoted(value)}`),
    ...entry.postings.map(
      (posting) =>
        `;   ${beancountAccountName(posting.accountCode)}  ${posting.amount.toString()} ${COMMODITY}`,
    ),
    '',
  ]);
}

function entryMetadata(entry: Entry): [key: string, value: string][] {
  const metadata: [string, string][] = [
    ['entry-id', String(entry.id)],
    ['status', entry.status],
    ['hash', entry.hash],
    ['prev-hash', entry.prevHash],
  ];
  if (entry.reversesEntryId !== null) metadata.push(['reverses', String(entry.reversesEntryId)]);
  if (entry.pendingEntryId !== null)
    metadata.push([entry.status === 'voided' ? 'voids' : 'posts', String(entry.pendingEntryId)]);
  return metadata;
}

/** A Beancount string: backslashes and double quotes escaped; the text is already one line. */
function quoted(text: string): string {
  return `"${text.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
}

function lines(texts: readonly string[]): string {
  return texts.map((text) => `${text}\n`).join('');
}
