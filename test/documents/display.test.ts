// Proves that money and dates are written for people the Kazakhstan way — `1 234 567,89 ₸` with
// no-break spaces between groups, a comma before the tiyn, U+2212 for negatives, `25.11.2026` —
// the same in kk, ru and en, exactly at any size: stripping the separators gives back every tiyn.
import { expect } from 'chai';
import fc from 'fast-check';
import {
  DISPLAY_LANGUAGES,
  formatDateForPeople,
  formatTengeForPeople,
  formatTengeNumber,
} from '../../src/money/display.js';
import { Money, parseAmount } from '../../src/money/money.js';

const NBSP = '\u00a0';
/** A tiyn count far beyond 2^53, so a float anywhere in the formatting would show. */
const HUGE_TIYN = 10n ** 24n;

/** Undoes the people's format by string manipulation alone: the test's own reading, not the code's. */
function tiynOfPeopleText(text: string): bigint {
  const digits = text.replace(`${NBSP}₸`, '').replaceAll(NBSP, '').replace(',', '').replace('\u2212', '-');
  return BigInt(digits);
}

const PEOPLE_FORMAT = /^\u2212?[0-9]{1,3}(\u00a0[0-9]{3})*,[0-9]{2}\u00a0₸$/;

describe('display — money and dates for people', () => {
  const examples: [string, string][] = [
    ['1234567.89', `1${NBSP}234${NBSP}567,89${NBSP}₸`],
    ['0.05', `0,05${NBSP}₸`],
    ['0.5', `0,50${NBSP}₸`],
    ['1', `1,00${NBSP}₸`],
    ['999.99', `999,99${NBSP}₸`],
    ['1000', `1${NBSP}000,00${NBSP}₸`],
    ['100000', `100${NBSP}000,00${NBSP}₸`],
    ['1000000000000.00', `1${NBSP}000${NBSP}000${NBSP}000${NBSP}000,00${NBSP}₸`],
  ];
  for (const [amount, expected] of examples) {
    it(`formatTengeForPeople — "${amount}" in kk, ru and en — ${JSON.stringify(expected)}`, () => {
      for (const language of DISPLAY_LANGUAGES) {
        expect(formatTengeForPeople(parseAmount(amount), language), language).to.equal(expected);
      }
    });
  }

  it('formatTengeForPeople — zero — 0,00 ₸ without a sign', () => {
    expect(formatTengeForPeople(Money.ZERO, 'kk')).to.equal(`0,00${NBSP}₸`);
  });

  it('formatTengeForPeople — negative amounts — a U+2212 minus sign in front, never a hyphen', () => {
    expect(formatTengeForPeople(Money.fromTiyn(-123456789n), 'ru')).to.equal(
      `\u22121${NBSP}234${NBSP}567,89${NBSP}₸`,
    );
    expect(formatTengeForPeople(Money.fromTiyn(-5n), 'en')).to.equal(`\u22120,05${NBSP}₸`);
    expect(formatTengeForPeople(Money.fromTiyn(-5n), 'en')).to.not.include('-');
  });

  it('formatTengeNumber — 10^24 tiyn, far beyond 2^53 — every digit exact', () => {
    expect(formatTengeNumber(Money.fromTiyn(HUGE_TIYN + 1n))).to.equal(
      ['10', '000', '000', '000', '000', '000', '000', '000'].join(NBSP).concat(',01'),
    );
  });

  it('formatTengeForPeople — any tiyn in ±10^24 — the shape is right and stripping separators gives the same tiyn', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -HUGE_TIYN, max: HUGE_TIYN }),
        fc.constantFrom(...DISPLAY_LANGUAGES),
        (tiyn, language) => {
          const text = formatTengeForPeople(Money.fromTiyn(tiyn), language);
          expect(text).to.match(PEOPLE_FORMAT);
          expect(tiynOfPeopleText(text)).to.equal(tiyn);
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('formatTengeNumber — any non-negative amount — what Intl.NumberFormat("ru-RU") prints for the exact decimal', () => {
    // Intl formats a decimal string exactly (no float in between): an independent oracle.
    const russian = new Intl.NumberFormat('ru-RU', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    const kazakh = new Intl.NumberFormat('kk-KZ', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: HUGE_TIYN }), (tiyn) => {
        const money = Money.fromTiyn(tiyn);
        const decimal = money.toString() as `${number}`;
        expect(formatTengeNumber(money)).to.equal(russian.format(decimal));
        expect(formatTengeNumber(money)).to.equal(kazakh.format(decimal));
      }),
      { numRuns: 1_000 },
    );
  });

  it('formatTengeForPeople — a sum of many amounts — equals the sum of what each line shows', () => {
    fc.assert(
      fc.property(
        fc.array(fc.bigInt({ min: 1n, max: 100_000_000_000_000n }), { maxLength: 50 }),
        (amounts) => {
          const total = Money.sum(amounts.map((tiyn) => Money.fromTiyn(tiyn)));
          const shownLines = amounts.map((tiyn) =>
            tiynOfPeopleText(formatTengeForPeople(Money.fromTiyn(tiyn), 'kk')),
          );
          expect(tiynOfPeopleText(formatTengeForPeople(total, 'kk'))).to.equal(
            shownLines.reduce((sum, tiyn) => sum + tiyn, 0n),
          );
        },
      ),
    );
  });

  it('formatDateForPeople — business dates — DD.MM.YYYY', () => {
    expect(formatDateForPeople('2026-11-25')).to.equal('25.11.2026');
    expect(formatDateForPeople('2024-02-29')).to.equal('29.02.2024');
    expect(formatDateForPeople('1999-01-05')).to.equal('05.01.1999');
  });

  it('formatDateForPeople — any calendar date — day, month and year read back unchanged', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('1900-01-01T00:00:00Z'),
          max: new Date('9999-12-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        (instant) => {
          const iso = instant.toISOString().slice(0, 10);
          const [day, month, year] = formatDateForPeople(iso).split('.');
          expect(`${year}-${month}-${day}`).to.equal(iso);
        },
      ),
    );
  });

  it('formatDateForPeople — not a calendar date — a programmer error, not a guess', () => {
    for (const bad of ['2026-02-30', '25.11.2026', '2026-1-5', '']) {
      expect(() => formatDateForPeople(bad), bad).to.throw(Error);
    }
  });
});
