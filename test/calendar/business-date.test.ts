// Proves that business dates are Almaty calendar days (UTC+5) and that only real YYYY-MM-DD dates pass.
import { expect } from 'chai';
import fc from 'fast-check';
import { isBusinessDate, parseBusinessDate, todayInAlmaty } from '../../src/calendar/business-date.js';
import { ValidationError } from '../../src/errors/validation-error.js';

/** A clock stopped at one instant. */
function clockAt(isoInstant: string) {
  return { now: () => new Date(isoInstant) };
}

describe('business date', () => {
  describe('todayInAlmaty', () => {
    const instants: Array<[string, string, string]> = [
      ['18:59Z, just before Almaty midnight', '2026-11-25T18:59:00.000Z', '2026-11-25'],
      ['18:59:59.999Z, the last millisecond of the Almaty day', '2026-11-25T18:59:59.999Z', '2026-11-25'],
      ['19:00Z, Almaty midnight', '2026-11-25T19:00:00.000Z', '2026-11-26'],
      ['19:30Z, already past Almaty midnight', '2026-11-25T19:30:00.000Z', '2026-11-26'],
      ['00:00Z, 05:00 in Almaty', '2026-11-25T00:00:00.000Z', '2026-11-25'],
      ['23:59Z, 04:59 the next day in Almaty', '2026-11-25T23:59:00.000Z', '2026-11-26'],
      ['19:00Z on 31 December, new year in Almaty', '2026-12-31T19:00:00.000Z', '2027-01-01'],
      ['19:00Z on 28 February of a common year', '2026-02-28T19:00:00.000Z', '2026-03-01'],
      ['19:00Z on 28 February of a leap year', '2028-02-28T19:00:00.000Z', '2028-02-29'],
      ['an instant written with an offset (+05:00)', '2026-11-26T00:00:00.000+05:00', '2026-11-26'],
    ];
    for (const [scenario, instant, expected] of instants) {
      it(`todayInAlmaty — ${scenario} — ${expected}`, () => {
        expect(todayInAlmaty(clockAt(instant))).to.equal(expected);
      });
    }

    it('todayInAlmaty — any instant — the UTC date of the instant five hours later, a valid date', () => {
      fc.assert(
        fc.property(
          fc.date({
            min: new Date('2024-03-01T00:00:00Z'),
            max: new Date('2200-01-01T00:00:00Z'),
            noInvalidDate: true,
          }),
          (instant) => {
            const today = todayInAlmaty({ now: () => instant });
            const shifted = new Date(instant.getTime() + 5 * 60 * 60 * 1000);
            const pad = (value: number) => String(value).padStart(2, '0');
            const [year, month, day] = [
              shifted.getUTCFullYear(),
              shifted.getUTCMonth() + 1,
              shifted.getUTCDate(),
            ];
            const expected = `${year}-${pad(month)}-${pad(day)}`;
            expect(today).to.equal(expected);
            expect(isBusinessDate(today)).to.equal(true);
          },
        ),
      );
    });
  });

  describe('isBusinessDate', () => {
    const validDates: Array<[string, string]> = [
      ['an ordinary date', '2026-11-25'],
      ['29 February of a leap year', '2028-02-29'],
      ['29 February of a year divisible by 400', '2000-02-29'],
      ['31 December', '2026-12-31'],
      ['1 January', '2027-01-01'],
      ['30 April', '2026-04-30'],
      ['the first accepted year', '1900-01-01'],
      ['the last four-digit year', '9999-12-31'],
    ];
    for (const [scenario, text] of validDates) {
      it(`isBusinessDate — ${scenario} "${text}" — true`, () => {
        expect(isBusinessDate(text)).to.equal(true);
      });
    }

    const invalidDates: Array<[string, unknown]> = [
      ['29 February of a common year', '2026-02-29'],
      ['29 February of a century year not divisible by 400', '2100-02-29'],
      ['29 February 1900, not a leap year', '1900-02-29'],
      ['30 February', '2026-02-30'],
      ['31 April', '2026-04-31'],
      ['month 13', '2026-13-01'],
      ['month 00', '2026-00-10'],
      ['day 00', '2026-01-00'],
      ['day 32', '2026-01-32'],
      ['a year before 1900', '1899-12-31'],
      ['year 0000', '0000-01-01'],
      ['one-digit month and day', '2026-1-5'],
      ['a two-digit year', '26-01-05'],
      ['a five-digit year', '20260-01-05'],
      ['slashes', '2026/01/05'],
      ['dots', '05.01.2026'],
      ['no separators', '20260105'],
      ['a time attached', '2026-01-05T00:00:00Z'],
      ['a leading space', ' 2026-01-05'],
      ['a trailing space', '2026-01-05 '],
      ['a trailing newline', '2026-01-05\n'],
      ['Arabic-Indic digits', '٢٠٢٦-٠١-٠٥'],
      ['full-width digits', '２０２６-０１-０５'],
      ['the empty string', ''],
      ['a word', 'today'],
      ['a number', 20_260_105],
      ['a Date object', new Date('2026-01-05T00:00:00Z')],
      ['null', null],
      ['undefined', undefined],
      ['an object', { date: '2026-01-05' }],
      ['an array', ['2026-01-05']],
      ['a boolean', true],
    ];
    for (const [scenario, value] of invalidDates) {
      it(`isBusinessDate — ${scenario} — false`, () => {
        expect(isBusinessDate(value)).to.equal(false);
      });
    }

    it('isBusinessDate — any real date from 1900 to 9999 written YYYY-MM-DD — true', () => {
      fc.assert(
        fc.property(
          fc.date({
            min: new Date('1900-01-01T00:00:00Z'),
            max: new Date('9999-12-31T23:59:59Z'),
            noInvalidDate: true,
          }),
          (instant) => {
            expect(isBusinessDate(instant.toISOString().slice(0, 10))).to.equal(true);
          },
        ),
      );
    });

    it('isBusinessDate — the last day of any month — true, every later day number false', () => {
      fc.assert(
        fc.property(fc.integer({ min: 1900, max: 9999 }), fc.integer({ min: 1, max: 12 }), (year, month) => {
          const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
          const pad = (value: number) => String(value).padStart(2, '0');
          expect(isBusinessDate(`${year}-${pad(month)}-${pad(daysInMonth)}`)).to.equal(true);
          for (let day = daysInMonth + 1; day <= 99; day += 1) {
            expect(isBusinessDate(`${year}-${pad(month)}-${pad(day)}`)).to.equal(false);
          }
        }),
      );
    });
  });

  describe('parseBusinessDate', () => {
    it('parseBusinessDate — a valid date — the same text back', () => {
      expect(parseBusinessDate('2028-02-29', 'date')).to.equal('2028-02-29');
    });

    const refused: Array<[string, unknown]> = [
      ['30 February', '2026-02-30'],
      ['29 February of a common year', '2026-02-29'],
      ['month 13', '2026-13-01'],
      ['a wrong format', '25.11.2026'],
      ['a number', 20_261_125],
      ['null', null],
      ['undefined', undefined],
    ];
    for (const [scenario, value] of refused) {
      it(`parseBusinessDate — ${scenario} — VALIDATION_FAILED naming the field`, () => {
        expect(() => parseBusinessDate(value, 'valueDate')).to.throw(ValidationError);
        try {
          parseBusinessDate(value, 'valueDate');
        } catch (error) {
          expect((error as ValidationError).code).to.equal('VALIDATION_FAILED');
          expect((error as ValidationError).details.field).to.equal('valueDate');
          expect((error as ValidationError).message).to.contain('valueDate');
        }
      });
    }
  });
});
