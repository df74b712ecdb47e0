import { ValidationError } from '../errors/validation-error.js';

/**
 * Value dates of entries are business days in Asia/Almaty. Kazakhstan keeps one zone, UTC+5,
 * with no daylight saving since 2024-03-01, so "today" is the UTC instant shifted by five hours.
 */
const ALMATY_OFFSET_MILLISECONDS = 5 * 60 * 60 * 1000;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The source of the current instant; tests pass a fixed one. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export function todayInAlmaty(clock: Clock): string {
  return new Date(clock.now().getTime() + ALMATY_OFFSET_MILLISECONDS).toISOString().slice(0, 10);
}

/** True for a real calendar date written YYYY-MM-DD (so 2026-02-30 is false). */
export function isBusinessDate(text: unknown): text is string {
  if (typeof text !== 'string') return false;
  const match = DATE_PATTERN.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1900 || year > 9999) return false;
  const calendarDate = new Date(Date.UTC(year, month - 1, day));
  return calendarDate.getUTCMonth() === month - 1 && calendarDate.getUTCDate() === day;
}

/** Returns the date if valid, refuses it with VALIDATION_FAILED naming the field otherwise. */
export function parseBusinessDate(text: unknown, field: string): string {
  if (!isBusinessDate(text)) {
    throw new ValidationError(`${field} must be a calendar date written YYYY-MM-DD`, { field });
  }
  return text;
}
