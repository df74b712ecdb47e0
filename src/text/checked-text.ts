import { ValidationError } from '../errors/validation-error.js';

/** Half of a surrogate pair on its own is not text: it cannot be stored as UTF-8 without changing it. */
const UNPAIRED_SURROGATE = /\p{Cs}/u;
/** Control characters (NUL among them, which PostgreSQL refuses in text) have no place in these fields. */
const CONTROL_CHARACTER = /\p{Cc}/u;
/** What multi-line text (notes, reasons) may hold beyond the printable characters. */
const LINE_BREAKS_AND_TABS = /[\t\n\r]/g;

export type TextLines = 'single-line' | 'multi-line';

/**
 * Text kept exactly as sent but for trimming and Unicode NFC (so the same name typed on two keyboards
 * is stored alike) — Kazakh and Russian letters included; 1..maxLength characters, no control
 * characters but line breaks and tabs in multi-line text, no unpaired surrogates. The one check of
 * free text, used by the request schemas and by services called from elsewhere (the CLI).
 */
export function checkedText(field: string, value: string, maxLength: number, lines: TextLines): string {
  if (UNPAIRED_SURROGATE.test(value)) {
    throw new ValidationError(`${field} holds a broken character (an unpaired surrogate)`, { field });
  }
  const text = value.trim().normalize('NFC');
  const checked = lines === 'multi-line' ? text.replace(LINE_BREAKS_AND_TABS, '') : text;
  if (CONTROL_CHARACTER.test(checked)) {
    throw new ValidationError(`${field} holds a control character`, { field });
  }
  if (text.length === 0 || text.length > maxLength) {
    throw new ValidationError(`${field} must be 1–${maxLength} characters`, { field });
  }
  return text;
}
