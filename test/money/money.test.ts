// Proves that amounts are parsed only from the exact SPEC §2 string form, are never rounded, and that
// Money arithmetic, sums and formatting keep every tiyn at any size.
import { expect } from 'chai';
import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { DomainError } from '../../src/errors/domain-error.js';
import { InvalidAmountError } from '../../src/errors/invalid-amount-error.js';
import { MAX_ENTRY_AMOUNT, Money, parseAmount } from '../../src/money/money.js';

const MAX_TIYN = 100_000_000_000_000n;

/** An exact decimal type for expected values, independent of the one inside money.ts. */
const ReferenceDecimal = Decimal.clone({ precision: 1_000, rounding: Decimal.ROUND_HALF_EVEN });

/** Asserts that parsing `input` is refused with INVALID_AMOUNT. */
function expectRefused(input: unknown): void {
  expect(() => parseAmount(input)).to.throw(InvalidAmountError);
  try {
    parseAmount(input);
  } catch (error) {
    expect(error).to.be.instanceOf(DomainError);
    expect((error as InvalidAmountError).code).to.equal('INVALID_AMOUNT');
  }
}

/** Asserts that `work` throws a plain programmer Error, not a DomainError. */
function expectProgrammerError(work: () => unknown): void {
  expect(work).to.throw(Error);
  try {
    work();
  } catch (error) {
    expect(error).to.be.instanceOf(Error);
    expect(error).not.to.be.instanceOf(DomainError);
  }
}

/** Splits an amount string into its integer digits and its fraction digits (maybe empty). */
function splitAmount(text: string): { integerDigits: string; fractionDigits: string } {
  const [integerDigits = '', fractionDigits = ''] = text.split('.');
  return { integerDigits, fractionDigits };
}

/** "0012.5" -> "12.50" by string manipulation alone. */
function normaliseAmountText(text: string): string {
  const { integerDigits, fractionDigits } = splitAmount(text);
  const integerPart = integerDigits.replace(/^0+/, '') || '0';
  return `${integerPart}.${fractionDigits.padEnd(2, '0')}`;
}

/** "0012.5" -> 1250n by string manipulation alone. */
function tiynOfAmountText(text: string): bigint {
  const { integerDigits, fractionDigits } = splitAmount(text);
  return BigInt(`${integerDigits}${fractionDigits.padEnd(2, '0')}`);
}

/** 1250n -> "12.50", -5n -> "-0.05", by string manipulation alone. */
function formatTiynText(tiyn: bigint): string {
  const sign = tiyn < 0n ? '-' : '';
  const digits = (tiyn < 0n ? -tiyn : tiyn).toString().padStart(3, '0');
  return `${sign}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

/** Valid amount strings: 1–13 integer digits (leading zeros allowed), optional 1–2 fraction digits. */
const validAmountText = fc
  .tuple(
    fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 1, maxLength: 13 }),
    fc.option(fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 1, maxLength: 2 }), {
      nil: undefined,
    }),
  )
  .map(([integerDigits, fractionDigits]) =>
    fractionDigits === undefined ? integerDigits : `${integerDigits}.${fractionDigits}`,
  )
  .filter((text) => {
    const tiyn = tiynOfAmountText(text);
    return tiyn > 0n && tiyn <= MAX_TIYN;
  });

/** Bigints of every magnitude: small, around 2^53, and far beyond (hundreds of digits). */
const anyTiyn = fc.oneof(
  fc.bigInt({ min: -1_000_000n, max: 1_000_000n }),
  fc.bigInt({ min: -(2n ** 54n), max: 2n ** 54n }),
  fc.bigInt({ min: -(2n ** 128n), max: 2n ** 128n }),
  fc.bigInt({ min: -(10n ** 300n), max: 10n ** 300n }),
);

describe('money', () => {
  describe('parseAmount — accepted forms', () => {
    const accepted: Array<[string, string, bigint]> = [
      ['1500', '1500.00', 150_000n],
      ['1500.5', '1500.50', 150_050n],
      ['1500.50', '1500.50', 150_050n],
      ['0.01', '0.01', 1n],
      ['0.1', '0.10', 10n],
      ['1000000000000.00', '1000000000000.00', MAX_TIYN],
      ['1000000000000', '1000000000000.00', MAX_TIYN],
      ['0100', '100.00', 10_000n],
    ];
    for (const [input, formatted, tiyn] of accepted) {
      it(`parseAmount — "${input}" — ${tiyn} tiyn, formatted "${formatted}"`, () => {
        const amount = parseAmount(input);
        expect(amount.tiyn).to.equal(tiyn);
        expect(amount.toString()).to.equal(formatted);
        expect(amount.toJSON()).to.equal(formatted);
        expect(JSON.stringify({ amount })).to.equal(`{"amount":"${formatted}"}`);
      });
    }

    it('MAX_ENTRY_AMOUNT — read — one trillion tenge', () => {
      expect(MAX_ENTRY_AMOUNT.tiyn).to.equal(MAX_TIYN);
      expect(MAX_ENTRY_AMOUNT.toString()).to.equal('1000000000000.00');
    });
  });

  describe('parseAmount — refused forms', () => {
    const refused: Array<[string, unknown]> = [
      ['a JSON number 1500', 1500],
      ['a JSON number 1500.5', 1500.5],
      ['a bigint', 1500n],
      ['an exponent "1e3"', '1e3'],
      ['an exponent "1E3"', '1E3'],
      ['a plus sign "+5"', '+5'],
      ['a minus sign "-5"', '-5'],
      ['a comma thousands separator "1,000"', '1,000'],
      ['a space thousands separator "1 000"', '1 000'],
      ['a no-break space thousands separator "1\\u00a0000"', '1\u00a0000'],
      ['an apostrophe thousands separator "1\'000"', "1'000"],
      ['a comma decimal "1500,50"', '1500,50'],
      ['a leading space " 15"', ' 15'],
      ['a trailing space "15 "', '15 '],
      ['a trailing newline "15\\n"', '15\n'],
      ['a tab "\\t15"', '\t15'],
      ['three fraction digits "1.001"', '1.001'],
      ['three zero fraction digits "1.000"', '1.000'],
      ['zero "0"', '0'],
      ['zero "0.00"', '0.00'],
      ['zero "0.0"', '0.0'],
      ['zero "000"', '000'],
      ['one tiyn above the maximum "1000000000000.01"', '1000000000000.01'],
      ['far above the maximum "99999999999999"', '99999999999999'],
      ['Arabic-Indic digits "١٥"', '١٥'],
      ['extended Arabic-Indic digits "۱۵"', '۱۵'],
      ['full-width digits "１５"', '１５'],
      ['Devanagari digits "१५"', '१५'],
      ['the empty string', ''],
      ['no integer digits ".5"', '.5'],
      ['no fraction digits "5."', '5.'],
      ['a lone dot "."', '.'],
      ['two dots "1.2.3"', '1.2.3'],
      ['null', null],
      ['undefined', undefined],
      ['the boolean true', true],
      ['the boolean false', false],
      ['an object', { amount: '1500' }],
      ['an array', ['1500']],
      ['a String object', new String('1500')],
      ['a huge string of digits', '9'.repeat(100_000)],
      ['a huge string of leading zeros', `${'0'.repeat(100_000)}1`],
      ['"NaN"', 'NaN'],
      ['"Infinity"', 'Infinity'],
      ['hex "0x10"', '0x10'],
      ['a currency suffix "1500 KZT"', '1500 KZT'],
      ['a currency sign "₸1500"', '₸1500'],
    ];
    for (const [scenario, input] of refused) {
      it(`parseAmount — ${scenario} — INVALID_AMOUNT`, () => {
        expectRefused(input);
      });
    }

    it('parseAmount — refused input — the message gives a reason', () => {
      expect(() => parseAmount('1.001')).to.throw(InvalidAmountError, /fraction digits/);
      expect(() => parseAmount('0')).to.throw(InvalidAmountError, /greater than zero/);
      expect(() => parseAmount('1000000000000.01')).to.throw(InvalidAmountError, /at most 1000000000000\.00/);
    });

    it('parseAmount — any string outside the grammar — INVALID_AMOUNT, never a rounded value', () => {
      fc.assert(
        fc.property(fc.string({ unit: 'grapheme', maxLength: 30 }), (text) => {
          fc.pre(!/^[0-9]+(?:\.[0-9]{1,2})?$/.test(text));
          expectRefused(text);
        }),
      );
    });

    it('parseAmount — any non-string JSON value — INVALID_AMOUNT', () => {
      fc.assert(
        fc.property(
          fc.jsonValue().filter((value) => typeof value !== 'string'),
          (value) => {
            expectRefused(value);
          },
        ),
      );
    });
  });

  describe('parseAmount and toString — properties', () => {
    it('parseAmount∘toString — any tiyn from 1 to the maximum — the same tiyn back', () => {
      fc.assert(
        fc.property(fc.bigInt({ min: 1n, max: MAX_TIYN }), (tiyn) => {
          expect(parseAmount(Money.fromTiyn(tiyn).toString()).tiyn).to.equal(tiyn);
        }),
      );
    });

    it('toString∘parseAmount — any valid amount string — the string normalised to two decimals', () => {
      fc.assert(
        fc.property(validAmountText, (text) => {
          const amount = parseAmount(text);
          expect(amount.toString()).to.equal(normaliseAmountText(text));
          expect(amount.tiyn).to.equal(tiynOfAmountText(text));
        }),
      );
    });

    it('toString — any bigint tiyn — the exact decimal, sign first, two fraction digits', () => {
      fc.assert(
        fc.property(fc.bigInt({ min: -(10n ** 60n), max: 10n ** 60n }), (tiyn) => {
          expect(Money.fromTiyn(tiyn).toString()).to.equal(formatTiynText(tiyn));
        }),
      );
    });

    it('toString — small negative amounts — keep the sign in front of the zero', () => {
      expect(Money.fromTiyn(-5n).toString()).to.equal('-0.05');
      expect(Money.fromTiyn(-100n).toString()).to.equal('-1.00');
      expect(Money.fromTiyn(-12_345n).toString()).to.equal('-123.45');
      expect(Money.ZERO.toString()).to.equal('0.00');
    });

    // Totals are exact at any size (SPEC §2), far beyond any precision a decimal library is set to.
    it('toString — a tiyn value with more than 100 digits — every tiyn kept', () => {
      const tiyn = 10n ** 120n + 1n;
      expect(Money.fromTiyn(tiyn).toString()).to.equal(formatTiynText(tiyn));
    });
  });

  describe('Money.sum — properties', () => {
    it('Money.sum — arbitrary arrays of parsed amounts — the bigint sum of their tiyn', () => {
      fc.assert(
        fc.property(fc.array(validAmountText, { maxLength: 200 }), (texts) => {
          const amounts = texts.map((text) => parseAmount(text));
          const expectedTiyn = amounts.reduce((total, amount) => total + amount.tiyn, 0n);
          expect(Money.sum(amounts).tiyn).to.equal(expectedTiyn);
        }),
      );
    });

    it('Money.sum — arbitrary amount strings — the exact decimal sum of the strings, formatted', () => {
      fc.assert(
        fc.property(fc.array(validAmountText, { maxLength: 200 }), (texts) => {
          const total = Money.sum(texts.map((text) => parseAmount(text)));
          const digitSum = texts.reduce((sum, text) => sum + tiynOfAmountText(text), 0n);
          const decimalSum = texts.reduce((sum, text) => sum.plus(text), new ReferenceDecimal(0));
          expect(total.tiyn).to.equal(digitSum);
          expect(total.toString()).to.equal(formatTiynText(digitSum));
          expect(total.toString()).to.equal(decimalSum.toFixed(2));
        }),
      );
    });

    it('Money.sum — amounts beyond 2^53 tiyn in total — exact', () => {
      const maximums = Array.from({ length: 1_000 }, () => parseAmount('1000000000000.00'));
      const total = Money.sum([...maximums, parseAmount('0.01')]);
      expect(total.tiyn).to.equal(MAX_TIYN * 1_000n + 1n);
      expect(total.tiyn > BigInt(Number.MAX_SAFE_INTEGER)).to.equal(true);
      expect(total.toString()).to.equal('1000000000000000.01');
    });

    it('Money.sum — 0.10 + 0.20 — exactly 0.30, unlike floats', () => {
      expect(Money.sum([parseAmount('0.10'), parseAmount('0.20')]).toString()).to.equal('0.30');
    });

    it('Money.sum — one hundred thousand times 0.01 — exactly 1000.00', () => {
      const cents = Array.from({ length: 100_000 }, () => parseAmount('0.01'));
      expect(Money.sum(cents).toString()).to.equal('1000.00');
    });

    it('Money.sum — an empty list — zero', () => {
      expect(Money.sum([]).isZero()).to.equal(true);
    });

    it('Money.sum — any iterable, such as a generator — summed', () => {
      function* amounts() {
        yield parseAmount('1.25');
        yield parseAmount('2.75');
      }
      expect(Money.sum(amounts()).toString()).to.equal('4.00');
    });
  });

  describe('Money arithmetic — properties', () => {
    it('plus then minus — arbitrary bigints of any size — the first amount back', () => {
      fc.assert(
        fc.property(anyTiyn, anyTiyn, (a, b) => {
          const first = Money.fromTiyn(a);
          const second = Money.fromTiyn(b);
          expect(first.plus(second).minus(second).tiyn).to.equal(a);
          expect(first.plus(second).equals(first.plus(second))).to.equal(true);
        }),
      );
    });

    it('plus — arbitrary bigints of any size — the exact bigint sum, commutative', () => {
      fc.assert(
        fc.property(anyTiyn, anyTiyn, (a, b) => {
          expect(Money.fromTiyn(a).plus(Money.fromTiyn(b)).tiyn).to.equal(a + b);
          expect(Money.fromTiyn(a).plus(Money.fromTiyn(b)).tiyn).to.equal(
            Money.fromTiyn(b).plus(Money.fromTiyn(a)).tiyn,
          );
        }),
      );
    });

    it('minus — arbitrary bigints — the same as plus of the negation', () => {
      fc.assert(
        fc.property(anyTiyn, anyTiyn, (a, b) => {
          const first = Money.fromTiyn(a);
          const second = Money.fromTiyn(b);
          expect(first.minus(second).tiyn).to.equal(a - b);
          expect(first.minus(second).equals(first.plus(second.negated()))).to.equal(true);
        }),
      );
    });

    it('negated twice — arbitrary bigints — identity; once — the opposite sign, summing to zero', () => {
      fc.assert(
        fc.property(anyTiyn, (a) => {
          const amount = Money.fromTiyn(a);
          expect(amount.negated().negated().tiyn).to.equal(a);
          expect(amount.negated().tiyn).to.equal(-a);
          expect(amount.plus(amount.negated()).isZero()).to.equal(true);
          expect(amount.negated().isNegative()).to.equal(amount.isPositive());
        }),
      );
    });

    it('plus and minus — values just beyond 2^53 — no tiyn lost where a float would lose one', () => {
      const beyondSafe = Money.fromTiyn(2n ** 53n);
      expect(beyondSafe.plus(Money.fromTiyn(1n)).tiyn).to.equal(2n ** 53n + 1n);
      expect(beyondSafe.plus(Money.fromTiyn(1n)).minus(beyondSafe).tiyn).to.equal(1n);
      expect(beyondSafe.plus(Money.fromTiyn(1n)).toString()).to.equal('90071992547409.93');
    });

    it('compare, equals and signs — arbitrary bigints — agree with bigint ordering', () => {
      fc.assert(
        fc.property(anyTiyn, anyTiyn, (a, b) => {
          const first = Money.fromTiyn(a);
          const second = Money.fromTiyn(b);
          const expected = a < b ? -1 : a > b ? 1 : 0;
          expect(first.compare(second)).to.equal(expected);
          expect(second.compare(first)).to.equal(-expected);
          expect(first.equals(second)).to.equal(a === b);
          expect(first.isZero()).to.equal(a === 0n);
          expect(first.isNegative()).to.equal(a < 0n);
          expect(first.isPositive()).to.equal(a > 0n);
        }),
      );
    });
  });

  describe('Money.fromTiyn', () => {
    it('Money.fromTiyn — a bigint, a safe integer or an integer string — the same tiyn', () => {
      expect(Money.fromTiyn(150_050n).tiyn).to.equal(150_050n);
      expect(Money.fromTiyn(150_050).tiyn).to.equal(150_050n);
      expect(Money.fromTiyn('150050').tiyn).to.equal(150_050n);
      expect(Money.fromTiyn('-150050').tiyn).to.equal(-150_050n);
      expect(Money.fromTiyn(Number.MAX_SAFE_INTEGER).tiyn).to.equal(BigInt(Number.MAX_SAFE_INTEGER));
      expect(Money.fromTiyn(-Number.MAX_SAFE_INTEGER).tiyn).to.equal(-BigInt(Number.MAX_SAFE_INTEGER));
    });

    it('Money.fromTiyn — any integer string of any length (a PostgreSQL SUM) — exact', () => {
      fc.assert(
        fc.property(anyTiyn, (tiyn) => {
          expect(Money.fromTiyn(tiyn.toString()).tiyn).to.equal(tiyn);
        }),
      );
    });

    const unsafeNumbers: Array<[string, number]> = [
      ['2^53', 2 ** 53],
      ['-(2^53)', -(2 ** 53)],
      ['1e300', 1e300],
      ['1.5, a fraction', 1.5],
      ['0.1, a fraction', 0.1],
      ['NaN', Number.NaN],
      ['Infinity', Number.POSITIVE_INFINITY],
      ['-Infinity', Number.NEGATIVE_INFINITY],
    ];
    for (const [scenario, value] of unsafeNumbers) {
      it(`Money.fromTiyn — the number ${scenario} — a programmer Error`, () => {
        expectProgrammerError(() => Money.fromTiyn(value));
      });
    }

    it('Money.fromTiyn — any number that is not a safe integer — a programmer Error', () => {
      fc.assert(
        fc.property(
          fc.double().filter((value) => !Number.isSafeInteger(value)),
          (value) => {
            expectProgrammerError(() => Money.fromTiyn(value));
          },
        ),
      );
    });

    const nonIntegerStrings = [
      '1.5',
      '1.00',
      '1e3',
      '',
      ' 1',
      '1 ',
      '+1',
      '--1',
      '0x10',
      'abc',
      'NaN',
      '١٥',
      '1,000',
    ];
    for (const value of nonIntegerStrings) {
      it(`Money.fromTiyn — the string ${JSON.stringify(value)} — a programmer Error`, () => {
        expectProgrammerError(() => Money.fromTiyn(value));
      });
    }

    it('Money.fromTiyn — any string that is not an integer — a programmer Error', () => {
      fc.assert(
        fc.property(fc.string({ maxLength: 30 }), (value) => {
          fc.pre(!/^-?[0-9]+$/.test(value));
          expectProgrammerError(() => Money.fromTiyn(value));
        }),
      );
    });
  });
});
