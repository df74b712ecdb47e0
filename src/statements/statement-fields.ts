import { parseBusinessDate } from '../calendar/business-date.js';
import { InvalidAmountError } from '../errors/invalid-amount-error.js';
import { ValidationError } from '../errors/validation-error.js';
import { type Money, parseAmount } from '../money/money.js';

/**
 * The fields of a bank statement row as Kazakh banks print them (SPEC §8), turned into the forms the
 * services take. Pure functions: no I/O, no floats; every refusal is a DomainError with a reason.
 */

/** Spaces a bank may put between groups of thousands: space, no-break space, narrow no-break space. */
const THOUSANDS_SPACES = /[ \u00A0\u202F]/g;
/** Digits in groups of three after the first, optionally with a decimal part. */
const GROUPED_AMOUNT = /^[0-9]{1,3}(?:[ \u00A0\u202F][0-9]{3})+(?:[.,][0-9]+)?$/;
const PLAIN_AMOUNT = /^[0-9]+(?:[.,][0-9]+)?$/;
const MAX_FRACTION_DIGITS = 2;
const DAY_FIRST_DATE = /^([0-9]{2})\.([0-9]{2})\.([0-9]{4})$/;

/**
 * `1 234 567,89`, `1500.5`, `1500` → Money. Refused: both `,` and `.` (ambiguous: `1.234,56` or
 * `1,234.56`), more than two fraction digits (`12.345` may be twelve thousand), signs, zero, letters,
 * spaces anywhere but between groups of three digits.
 */
export function parseStatementAmount(text: string): Money {
  const trimmed = text.trim();
  if (trimmed.length === 0) throw new InvalidAmountError('the amount is empty');
  if (trimmed.includes(',') && trimmed.includes('.')) {
    throw new InvalidAmountError(`the amount "${trimmed}" has both "," and "." and is ambiguous`);
  }
  if (/^[+-]/.test(trimmed)) {
    throw new InvalidAmountError(`the amount "${trimmed}" has a sign; only incoming transfers are booked`);
  }
  if (!PLAIN_AMOUNT.test(trimmed) && !GROUPED_AMOUNT.test(trimmed)) {
    throw new InvalidAmountError(
      `the amount "${trimmed}" is not digits with an optional "," or "." decimal part (spaces only between thousands)`,
    );
  }
  const decimal = trimmed.replace(THOUSANDS_SPACES, '').replace(',', '.');
  const fraction = decimal.split('.')[1];
  if (fraction !== undefined && fraction.length > MAX_FRACTION_DIGITS) {
    throw new InvalidAmountError(
      `the amount "${trimmed}" has ${fraction.length} digits after the separator: thousands or decimals is ambiguous`,
    );
  }
  return parseAmount(decimal);
}

/** `25.11.2026` or `2026-11-25` → `2026-11-25`; a date that does not exist is refused. */
export function parseStatementDate(text: string): string {
  const trimmed = text.trim();
  const dayFirst = DAY_FIRST_DATE.exec(trimmed);
  const iso = dayFirst ? `${dayFirst[3]}-${dayFirst[2]}-${dayFirst[1]}` : trimmed;
  try {
    return parseBusinessDate(iso, 'date');
  } catch (error) {
    if (error instanceof ValidationError) {
      throw new ValidationError(`the date "${trimmed}" is not a calendar date DD.MM.YYYY or YYYY-MM-DD`, {
        field: 'date',
      });
    }
    throw error;
  }
}

/**
 * Legal forms that mark a payer as an organisation (Russian, Kazakh, English), as whole words.
 * A bank prints the same 12 digits for an IIN and a BIN and the digits alone cannot tell them apart,
 * so the payer's name decides: a name carrying one of these marks is an organisation and its number
 * a BIN; any other name is a person and its number an IIN. An individual entrepreneur (ИП / ЖК) is
 * booked as an organisation because that is how banks and donors present them.
 */
const ORGANISATION_FORMS = [
  'тоо',
  'ао',
  'зао',
  'оао',
  'пао',
  'ип',
  'оо',
  'оф',
  'кф',
  'чф',
  'гу',
  'кгу',
  'ргп',
  'гкп',
  'кгп',
  'пк',
  'учреждение',
  'товарищество',
  'общество',
  'объединение',
  'ассоциация',
  'корпорация',
  'компания',
  'банк',
  'жшс',
  'ақ',
  'жк',
  'қб',
  'серіктестігі',
  'серіктестік',
  'бірлестігі',
  'мекемесі',
  'қоры',
  'қор',
  'llp',
  'llc',
  'ltd',
  'jsc',
  'inc',
  'plc',
  'gmbh',
  'foundation',
  'fund',
  'company',
  'corporation',
  'association',
  'bank',
];
const ORGANISATION_WORDS = new Set(ORGANISATION_FORMS);
/** Words that mark an organisation wherever they appear in a longer word (благотворительный фонд, фондом). */
const ORGANISATION_STEMS = /фонд/u;

export function looksLikeOrganisation(payerName: string): boolean {
  const lower = payerName.normalize('NFC').toLowerCase();
  if (ORGANISATION_STEMS.test(lower)) return true;
  return lower.split(/[^\p{L}\p{N}]+/u).some((word) => ORGANISATION_WORDS.has(word));
}
