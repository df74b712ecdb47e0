import type { Entry } from '../ledger/ledger-types.js';
import { postingTags, singleLine } from './export-text.js';
import type { ExportHeader, TextExportFormat } from './export-types.js';

const COMMODITY = 'KZT';
const INDENT = '    ';

/**
 * A plain-text journal that hledger (1.25+) and ledger (3.3+) both read.
 *
 * - Each **posted** entry is a cleared transaction `YYYY-MM-DD * (id) kind memo`, with a comment
 *   line of tags (`entry`, `status`, `hash`, `prev-hash`, and `reverses` or `posts` when it names
 *   another entry), and postings on our account codes as they are (`assets:funds:general`,
 *   `income:donations`, `expenses:aid:food`), amounts `1500.00 KZT`, each tagged
 *   `; patron:12, recipient:7, fund:3` where those apply — so
 *   `hledger bal expenses --pivot recipient` gives the aid per recipient.
 * - **Pending** and **voided** entries are written as comments, not transactions. A pending entry
 *   moves no money until it is posted, and then the posting entry (which names it) carries the same
 *   postings; were the pending one a `!` transaction, `hledger bal` would count it and, once posted,
 *   count it twice. So `hledger bal` equals the trial balance of posted money.
 * - Memos are put on one line and `;` becomes `,`, so no memo can open a comment or a directive.
 * - The header comment states the journal head hash and the entry count; the last line repeats them.
 */
export const hledgerFormat: TextExportFormat = {
  header: (header) => lines(headerComments(header)),
  entry: (entry) => (entry.status === 'posted' ? transaction(entry) : commentedEntry(entry)),
  trailer: (header, written) =>
    lines([`; end of export: ${written} entries, journal head hash ${header.headHash}`]),
};

function headerComments(header: ExportHeader): string[] {
  return [
    '; Jomart Ledger export: a journal for hledger and ledger',
    `; journal head hash: ${header.headHash}`,
    `; journal entries: ${header.journalEntries}`,
    `; entries in this export: ${header.entries}, value dates ${header.from ?? 'from the first'} to ${header.to ?? 'the last'}`,
    '; posted entries are transactions; pending and voided entries, which move no money, are comments',
    '',
  ];
}

function transaction(entry: Entry): string {
  return lines([
    `${entry.date} * (${entry.id}) ${description(entry)}`,
    `${INDENT}; ${entryTags(entry)}`,
    ...entry.postings.map((posting) => {
      const tags = postingTags(posting).map(([name, id]) => `${name}:${id}`);
      const amount = `${posting.amount.toString()} ${COMMODITY}`;
      return `${INDENT}${posting.accountCode}  ${amount}${tags.length > 0 ? `  ; ${tags.join(', ')}` : ''}`;
    }),
    '',
  ]);
}

/** A pending or voided entry, every line a comment, so the journal lists it but counts nothing. */
function commentedEntry(entry: Entry): string {
  const flag = entry.status === 'pending' ? '!' : 'voided';
  return lines([
    `; ${entry.date} ${flag} (${entry.id}) ${description(entry)}`,
    `; ${INDENT}${entryTags(entry)}`,
    ...entry.postings.map((posting) => {
      const tags = postingTags(posting).map(([name, id]) => `${name}:${id}`);
      return `; ${INDENT}${posting.accountCode}  ${posting.amount.toString()} ${COMMODITY}${tags.length > 0 ? `  (${tags.join(', ')})` : ''}`;
    }),
    '',
  ]);
}

function description(entry: Entry): string {
  const memo = singleLine(entry.memo).replaceAll(';', ',');
  return memo === '' ? entry.kind : `${entry.kind} ${memo}`;
}

function entryTags(entry: Entry): string {
  const tags = [
    `entry:${entry.id}`,
    `status:${entry.status}`,
    `hash:${entry.hash}`,
    `prev-hash:${entry.prevHash}`,
  ];
  if (entry.reversesEntryId !== null) tags.push(`reverses:${entry.reversesEntryId}`);
  if (entry.pendingEntryId !== null)
    tags.push(`${entry.status === 'voided' ? 'voids' : 'posts'}:${entry.pendingEntryId}`);
  return tags.join(', ');
}

function lines(texts: readonly string[]): string {
  return texts.map((text) => `${text}\n`).join('');
}
