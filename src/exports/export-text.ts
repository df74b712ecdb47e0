import type { Posting } from '../ledger/ledger-types.js';

/** Line ends, tabs, control and format characters that would break a line-based journal. */
const LINE_BREAKING = /[\p{Cc}\p{Zl}\p{Zp}]/gu;
const WHITESPACE_RUN = /\s+/g;

/**
 * Free text (a memo, a reason) on one line of a plain-text journal: line breaks and control
 * characters become spaces and runs of spaces one space, so the text can never end its line,
 * start a directive or (two spaces) split a field.
 */
export function singleLine(text: string | null): string {
  if (text === null) return '';
  return text.replace(LINE_BREAKING, ' ').replace(WHITESPACE_RUN, ' ').trim();
}

/** The people and fund a posting concerns, as `name:id` tags in the order patron, recipient, fund. */
export function postingTags(posting: Posting): [name: string, id: number][] {
  const tags: [string, number | null][] = [
    ['patron', posting.patronId],
    ['recipient', posting.recipientId],
    ['fund', posting.fundId],
  ];
  return tags.filter((tag): tag is [string, number] => tag[1] !== null);
}
