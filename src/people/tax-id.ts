import { createHmac } from 'node:crypto';

/**
 * IIN (individual identification number) and BIN (business identification number) of Kazakhstan:
 * 12 digits whose last is a check digit. Weights 1..11 over the first 11 digits, mod 11; if that
 * gives 10, weights 3,4,…,11,1,2; if again 10 the number is invalid. Validity is the format and the
 * check digit only: a date part that looks odd is not a reason to refuse (SPEC §5).
 */
const TAX_ID_PATTERN = /^[0-9]{12}$/;
const FIRST_WEIGHTS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const SECOND_WEIGHTS = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2];

function weightedRemainder(digits: number[], weights: number[]): number {
  return weights.reduce((sum, weight, index) => sum + weight * (digits[index] as number), 0) % 11;
}

/** The check digit for the first 11 digits, or null when no check digit exists for them. */
export function taxIdCheckDigit(first11: string): number | null {
  const digits = [...first11].map(Number);
  let remainder = weightedRemainder(digits, FIRST_WEIGHTS);
  if (remainder === 10) remainder = weightedRemainder(digits, SECOND_WEIGHTS);
  return remainder === 10 ? null : remainder;
}

export function isValidTaxId(text: unknown): text is string {
  if (typeof text !== 'string' || !TAX_ID_PATTERN.test(text)) return false;
  return taxIdCheckDigit(text.slice(0, 11)) === Number(text[11]);
}

/** `********1234`: what every role but staff and admin sees of an IIN. */
export function maskTaxId(taxId: string | null): string | null {
  return taxId === null ? null : `********${taxId.slice(-4)}`;
}

/** A keyed hash of an IIN/BIN: recognises the same person again without keeping the number. */
export function taxIdHash(taxId: string, key: string): string {
  return createHmac('sha256', key).update(taxId, 'utf8').digest('hex');
}
