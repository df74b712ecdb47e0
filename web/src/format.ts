/**
 * Money and dates for people, the Kazakhstan way, in every language (as src/money/display.ts prints
 * them on receipts): `1 234 567,89 ₸` with no-break spaces, dates `25.11.2026`. The API keeps its wire
 * form (`"1234567.89"`, `"2026-11-25"`); amounts stay strings here and are never held in a float,
 * except as chart heights, which only draw.
 */
const GROUP_SEPARATOR = '\u00a0';
const MINUS_SIGN = '\u2212';
const TENGE_SIGN = '\u20b8';
const WIRE_AMOUNT_PATTERN = /^(-?)([0-9]+)(?:\.([0-9]{1,2}))?$/;
const BUSINESS_DATE_PATTERN = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;
const PEOPLE_DATE_PATTERN = /^([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})$/;

function groupDigits(digits: string): string {
  const firstGroupLength = digits.length % 3 || 3;
  const groups = [digits.slice(0, firstGroupLength)];
  for (let start = firstGroupLength; start < digits.length; start += 3)
    groups.push(digits.slice(start, start + 3));
  return groups.join(GROUP_SEPARATOR);
}

/** "1234567.89" → "1 234 567,89" (no ₸); anything that is not a wire amount is shown as it came. */
export function formatTengeNumber(amount: string): string {
  const match = WIRE_AMOUNT_PATTERN.exec(amount);
  if (!match) return amount;
  const [, sign, whole = '0', fraction = ''] = match;
  const tenge = whole.replace(/^0+(?=[0-9])/, '');
  const negative = sign === '-' && /[1-9]/.test(whole + fraction);
  return `${negative ? MINUS_SIGN : ''}${groupDigits(tenge)},${fraction.padEnd(2, '0')}`;
}

/** "1234567.89" → "1 234 567,89 ₸". */
export function formatTenge(amount: string | null | undefined): string {
  if (amount === null || amount === undefined) return '—';
  return `${formatTengeNumber(amount)}${GROUP_SEPARATOR}${TENGE_SIGN}`;
}

/** A whole tenge figure for chart axes: 1 250 000 ₸. */
export function formatWholeTenge(value: number): string {
  const negative = value < 0;
  return `${negative ? MINUS_SIGN : ''}${groupDigits(Math.round(Math.abs(value)).toString())}${GROUP_SEPARATOR}${TENGE_SIGN}`;
}

/** "2026-11-25" → "25.11.2026"; a timestamp is shown by its date in Almaty. */
export function formatDate(date: string | null | undefined): string {
  if (!date) return '—';
  const match = BUSINESS_DATE_PATTERN.exec(date.slice(0, 10));
  if (!match) return date;
  if (date.length > 10) return formatDate(almatyDate(new Date(date)));
  return `${match[3]}.${match[2]}.${match[1]}`;
}

/** Almaty is UTC+5 all year: the business day of an instant. */
export function almatyDate(instant: Date): string {
  return new Date(instant.getTime() + 5 * 3600 * 1000).toISOString().slice(0, 10);
}

export function todayInAlmaty(): string {
  return almatyDate(new Date());
}

/** Counts with thin groups: 35 000. */
export function formatCount(count: number): string {
  return groupDigits(Math.trunc(Math.abs(count)).toString()).replace(/^/, count < 0 ? MINUS_SIGN : '');
}

/**
 * What a person typed as an amount → the wire form, or null when it is not one. Accepts the
 * Kazakhstan way (`1 234 567,89`, no-break spaces too) and the plain one (`1234567.89`); a number
 * with both `,` and `.` is ambiguous and refused, as the bank-statement reader refuses it.
 */
export function parseAmountInput(text: string): string | null {
  const compact = text.replace(/[\s\u00a0\u202f]/g, '').replace(/₸$/, '');
  if (compact.includes(',') && compact.includes('.')) return null;
  const normalised = compact.replace(',', '.');
  if (!/^[0-9]+(\.[0-9]{1,2})?$/.test(normalised)) return null;
  if (!/[1-9]/.test(normalised)) return null;
  const [whole = '0', fraction = ''] = normalised.split('.');
  return `${whole.replace(/^0+(?=[0-9])/, '')}.${fraction.padEnd(2, '0')}`;
}

/** What a person typed as a date (`25.11.2026` or `2026-11-25`) → `2026-11-25`, or null. */
export function parseDateInput(text: string): string | null {
  const trimmed = text.trim();
  let year: number;
  let month: number;
  let day: number;
  const people = PEOPLE_DATE_PATTERN.exec(trimmed);
  const wire = BUSINESS_DATE_PATTERN.exec(trimmed);
  if (people) [day, month, year] = [Number(people[1]), Number(people[2]), Number(people[3])];
  else if (wire) [year, month, day] = [Number(wire[1]), Number(wire[2]), Number(wire[3])];
  else return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day)
    return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Tiyn of a wire amount as a bigint, for exact sorting and sums. */
export function amountTiyn(amount: string): bigint {
  const match = WIRE_AMOUNT_PATTERN.exec(amount);
  if (!match) return 0n;
  const [, sign, whole = '0', fraction = ''] = match;
  const tiyn = BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0') || '0');
  return sign === '-' ? -tiyn : tiyn;
}

/** A wire amount as a float, for chart heights only. */
export function amountForChart(amount: string): number {
  return Number(amountTiyn(amount)) / 100;
}

/** A decimal typed the Kazakhstan way (`1 234,5678`) in the API's plain form (`1234.5678`), unchecked. */
export function normaliseDecimalInput(text: string): string {
  return text.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.');
}
