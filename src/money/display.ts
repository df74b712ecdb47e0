import { isBusinessDate } from '../calendar/business-date.js';
import type { Money } from './money.js';

/**
 * Money and dates written for people (receipts, statements), not for machines: the API keeps its
 * wire form (`"1234567.89"`, `"2026-11-25"`); documents print `1 234 567,89 ₸` and `25.11.2026`.
 *
 * One format in every language. Kazakh and Russian write amounts the Kazakhstan way: groups of
 * three digits split by a space, a comma before the tiyn, the tenge sign after the number. English
 * documents use the same form rather than `KZT 1,234,567.89`: a receipt is issued in Kazakhstan, its
 * copies in three languages should read the same, and "1,234" must never be mistaken for one tenge
 * and 234 tiyn by a reader used to the comma as the decimal mark.
 *
 * The group separator is U+00A0 NO-BREAK SPACE (as CLDR's kk and ru locales have it, so it matches
 * what `Intl.NumberFormat('ru')` prints): an amount never breaks across lines, every font has the
 * character, and text extracted from a PDF shows it as a space. The sign before ₸ is joined by the
 * same no-break space. A negative amount starts with U+2212 MINUS SIGN, not a hyphen.
 *
 * Integer arithmetic on the bigint tiyn only: no float ever holds an amount.
 */
export type DisplayLanguage = 'kk' | 'ru' | 'en';

export const DISPLAY_LANGUAGES = ['kk', 'ru', 'en'] as const satisfies readonly DisplayLanguage[];

/** U+00A0 NO-BREAK SPACE: between groups of digits, and between the number and ₸. */
export const GROUP_SEPARATOR = '\u00a0';
export const DECIMAL_SEPARATOR = ',';
/** U+2212 MINUS SIGN. */
export const MINUS_SIGN = '\u2212';
/** U+20B8 TENGE SIGN. */
export const TENGE_SIGN = '\u20b8';

const TIYN_PER_TENGE = 100n;
const DIGITS_PER_GROUP = 3;

/** `1 234 567,89 ₸` (no-break spaces), `−0,05 ₸` — the same in kk, ru and en (see above). */
export function formatTengeForPeople(money: Money, _language: DisplayLanguage): string {
  return `${formatTengeNumber(money)}${GROUP_SEPARATOR}${TENGE_SIGN}`;
}

/** The number alone, without ₸: `1 234 567,89`. */
export function formatTengeNumber(money: Money): string {
  const negative = money.tiyn < 0n;
  const magnitude = negative ? -money.tiyn : money.tiyn;
  const tenge = (magnitude / TIYN_PER_TENGE).toString();
  const tiyn = (magnitude % TIYN_PER_TENGE).toString().padStart(2, '0');
  return `${negative ? MINUS_SIGN : ''}${groupDigits(tenge)}${DECIMAL_SEPARATOR}${tiyn}`;
}

/** A business date `2026-11-25` as people in Kazakhstan write it: `25.11.2026`. */
export function formatDateForPeople(date: string): string {
  if (!isBusinessDate(date)) throw new Error(`not a business date: "${date}"`);
  const [year, month, day] = date.split('-');
  return `${day}.${month}.${year}`;
}

/** "1234567" -> "1 234 567": groups of three from the right, by string slicing alone. */
function groupDigits(digits: string): string {
  const firstGroupLength = digits.length % DIGITS_PER_GROUP || DIGITS_PER_GROUP;
  const groups = [digits.slice(0, firstGroupLength)];
  for (let start = firstGroupLength; start < digits.length; start += DIGITS_PER_GROUP) {
    groups.push(digits.slice(start, start + DIGITS_PER_GROUP));
  }
  return groups.join(GROUP_SEPARATOR);
}
