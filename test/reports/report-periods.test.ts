// Proves that a report window is split exactly: the whole months read from the kept totals and the
// edge days read from the postings cover every day of the window once and no day outside it, for
// any window (open on either side or both) over years with and without 29 February.
import { expect } from 'chai';
import fc from 'fast-check';
import { lastDayOf, nextMonth, planPeriods, previousMonth } from '../../src/reports/report-periods.js';
import type { DateWindow } from '../../src/reports/report-types.js';

const FIRST_DAY_MILLISECONDS = Date.UTC(2027, 0, 1);
const DAYS = 3 * 365 + 1;
const dayOf = (offset: number) =>
  new Date(FIRST_DAY_MILLISECONDS + offset * 86_400_000).toISOString().slice(0, 10);
const EVERY_DAY = Array.from({ length: DAYS }, (_, offset) => dayOf(offset));

/** Every day of the test's years that the plan reads, counting a day read twice twice. */
function daysRead(window: DateWindow, byMonth: boolean): string[] {
  const plan = planPeriods(window, byMonth);
  const kept = plan.kept;
  const fromKept = EVERY_DAY.filter((day) => {
    if (kept === null) return false;
    if (kept === 'all-time') return true;
    const month = day.slice(0, 7);
    return (
      (kept.firstMonth === null || month >= kept.firstMonth) &&
      (kept.lastMonth === null || month <= kept.lastMonth)
    );
  });
  const fromEdges = plan.edges.flatMap((edge) =>
    EVERY_DAY.filter(
      (day) => (edge.from === undefined || day >= edge.from) && (edge.to === undefined || day <= edge.to),
    ),
  );
  return [...fromKept, ...fromEdges].sort();
}

describe('report periods', () => {
  it('planPeriods — any window, grouped by month or not — reads each day of the window once and nothing else', () => {
    fc.assert(
      fc.property(
        fc.option(fc.nat(DAYS - 1), { nil: undefined }),
        fc.option(fc.nat(DAYS - 1), { nil: undefined }),
        fc.boolean(),
        (first, last, byMonth) => {
          const window: DateWindow = {
            ...(first === undefined ? {} : { from: dayOf(first) }),
            ...(last === undefined ? {} : { to: dayOf(last) }),
          };
          const expected = EVERY_DAY.filter(
            (day) =>
              (window.from === undefined || day >= window.from) &&
              (window.to === undefined || day <= window.to),
          );
          expect(daysRead(window, byMonth)).to.deep.equal(expected);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('planPeriods — no window — the all-time rows, or every month when grouped by month; no edges', () => {
    expect(planPeriods({}, false)).to.deep.equal({ kept: 'all-time', edges: [] });
    expect(planPeriods({}, true)).to.deep.equal({ kept: { firstMonth: null, lastMonth: null }, edges: [] });
  });

  it('planPeriods — one whole month — that month from the totals, no edges', () => {
    expect(planPeriods({ from: '2026-06-01', to: '2026-06-30' }, false)).to.deep.equal({
      kept: { firstMonth: '2026-06', lastMonth: '2026-06' },
      edges: [],
    });
  });

  it('planPeriods — 10 June to 20 August — July from the totals, the edge days from the postings', () => {
    expect(planPeriods({ from: '2026-06-10', to: '2026-08-20' }, false)).to.deep.equal({
      kept: { firstMonth: '2026-07', lastMonth: '2026-07' },
      edges: [
        { from: '2026-06-10', to: '2026-06-30' },
        { from: '2026-08-01', to: '2026-08-20' },
      ],
    });
  });

  it('planPeriods — within one month — all from the postings', () => {
    expect(planPeriods({ from: '2026-06-02', to: '2026-06-30' }, false)).to.deep.equal({
      kept: null,
      edges: [{ from: '2026-06-02', to: '2026-06-30' }],
    });
  });

  it('lastDayOf, nextMonth, previousMonth — February of leap and common years, year ends', () => {
    expect([
      lastDayOf('2028-02'),
      lastDayOf('2027-02'),
      lastDayOf('2100-02'),
      lastDayOf('2000-02'),
    ]).to.deep.equal(['2028-02-29', '2027-02-28', '2100-02-28', '2000-02-29']);
    expect([nextMonth('2026-12'), previousMonth('2027-01'), nextMonth('2026-09')]).to.deep.equal([
      '2027-01',
      '2026-12',
      '2026-10',
    ]);
  });
});
