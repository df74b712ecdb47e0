import { isValidTaxId, taxIdCheckDigit } from '../../src/people/tax-id';
import { parseAmountInput, parseDateInput } from './format';
import type { FieldMessage } from './forms';
import type { Translate } from './i18n/language';

/**
 * Checks made as a person types or before a form is sent, in their language. The IIN/BIN check
 * digit is the server's own code (src/people/tax-id.ts), so the console and the API cannot disagree.
 */
export { isValidTaxId };

/** Live feedback on an IIN/BIN being typed: nothing while empty, the count while short, then the check digit. */
export function taxIdFeedback(text: string, t: Translate): { tone: 'ok' | 'error'; text: string } | null {
  const value = text.trim();
  if (value === '') return null;
  if (!/^[0-9]*$/.test(value)) return { tone: 'error', text: t('check.iinDigits') };
  if (value.length < 12) return { tone: 'error', text: t('check.iinLength', { count: value.length }) };
  if (value.length > 12) return { tone: 'error', text: t('check.iinLength', { count: value.length }) };
  if (taxIdCheckDigit(value.slice(0, 11)) === null)
    return { tone: 'error', text: t('check.iinNoCheckDigit') };
  return isValidTaxId(value)
    ? { tone: 'ok', text: t('check.iinValid') }
    : { tone: 'error', text: t('check.iinCheckDigit') };
}

export function checkRequired(
  errors: Record<string, FieldMessage>,
  values: Record<string, string | boolean>,
  names: string[],
  t: Translate,
) {
  for (const name of names) {
    if (String(values[name] ?? '').trim() === '') errors[name] = { text: t('check.required') };
  }
}

export function checkAmount(errors: Record<string, FieldMessage>, name: string, text: string, t: Translate) {
  if (errors[name]) return;
  if (parseAmountInput(text) === null) errors[name] = { text: t('check.amount') };
}

export function checkOptionalDate(
  errors: Record<string, FieldMessage>,
  name: string,
  text: string,
  t: Translate,
) {
  if (text.trim() !== '' && parseDateInput(text) === null) errors[name] = { text: t('check.date') };
}

export function checkTaxId(errors: Record<string, FieldMessage>, name: string, text: string, t: Translate) {
  if (errors[name]) return;
  const feedback = taxIdFeedback(text, t);
  if (feedback?.tone === 'error') errors[name] = { text: feedback.text };
}
