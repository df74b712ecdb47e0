import type { DateWindow } from './report-types.js';

/**
 * How a window of value dates is read: whole months from the kept totals (`report_totals`), and the
 * days at its edges that do not fill a month from the postings themselves. Pure date arithmetic on
 * `YYYY-MM-DD` and `YYYY-MM` strings, which sort as the dates they name.
 */
export interface PeriodPlan {
  /**
   * Which kept rows to read: `all-time` (the rows summed over every month), a range of months (`null`
   * for no bound on that side), or none.
   */
  kept: 'all-time' | { firstMonth: string | null; lastMonth: string | null } | null;
  /** Windows of value dates to read from the postings, each inside one month, never overlapping `kept`. */
  edges: DateWindow[];
}

/**
 * The plan for `window`. Without a window the all-time rows answer at once, unless the caller groups
 * by month (`byMonth`), which only the monthly rows can tell.
 */
export function planPeriods(window: DateWindow, byMonth: boolean): PeriodPlan {
  const { from, to } = window;
  if (from === undefined && to === undefined) {
    return { kept: byMonth ? { firstMonth: null, lastMonth: null } : 'all-time', edges: [] };
  }
  const firstMonth = from === undefined ? null : isFirstDay(from) ? monthOf(from) : nextMonth(monthOf(from));
  const lastMonth = to === undefined ? null : isLastDay(to) ? monthOf(to) : previousMonth(monthOf(to));
  if (firstMonth !== null && lastMonth !== null && firstMonth > lastMonth) {
    // Not one whole month inside the window (it lies within a month or two): all from the postings.
    return { kept: null, edges: [{ from, to }] };
  }
  const edges: DateWindow[] = [];
  if (from !== undefined && !isFirstDay(from)) edges.push({ from, to: lastDayOf(monthOf(from)) });
  if (to !== undefined && !isLastDay(to)) edges.push({ from: firstDayOf(monthOf(to)), to });
  return { kept: { firstMonth, lastMonth }, edges };
}

export function monthOf(date: string): string {
  return date.slice(0, 7);
}

export function firstDayOf(month: string): string {
  return `${month}-01`;
}

export function lastDayOf(month: string): string {
  const [year, monthNumber] = splitMonth(month);
  // Day 0 of the next month is the last day of this one.
  const day = new Date(Date.UTC(year, monthNumber, 0)).getUTCDate();
  return `${month}-${String(day).padStart(2, '0')}`;
}

export function isFirstDay(date: string): boolean {
  return date.endsWith('-01');
}

export function isLastDay(date: string): boolean {
  return date === lastDayOf(monthOf(date));
}

export function nextMonth(month: string): string {
  const [year, monthNumber] = splitMonth(month);
  return monthNumber === 12 ? formatMonth(year + 1, 1) : formatMonth(year, monthNumber + 1);
}

export function previousMonth(month: string): string {
  const [year, monthNumber] = splitMonth(month);
  return monthNumber === 1 ? formatMonth(year - 1, 12) : formatMonth(year, monthNumber - 1);
}

function splitMonth(month: string): [number, number] {
  const year = Number(month.slice(0, 4));
  const monthNumber = Number(month.slice(5, 7));
  if (!/^\d{4}-\d{2}$/.test(month) || monthNumber < 1 || monthNumber > 12) {
    throw new Error(`not a month: ${month}`);
  }
  return [year, monthNumber];
}

function formatMonth(year: number, monthNumber: number): string {
  return `${String(year).padStart(4, '0')}-${String(monthNumber).padStart(2, '0')}`;
}
