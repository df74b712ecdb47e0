import { Decimal } from 'decimal.js';
import { InvalidAmountError } from '../errors/invalid-amount-error.js';

/**
 * Money in Kazakhstani tenge, held as an integer number of tiyn (1 tenge = 100 tiyn) in a bigint.
 *
 * Money is made only by parsing a decimal string (`parseAmount`), by reading integer tiyn back from
 * the database (`Money.fromTiyn`), or by arithmetic on other Money. A JavaScript float never carries
 * an amount: floats cannot hold 0.10 exactly, integers can, and sums of integers never lose a tiyn.
 */
export class Money {
  static readonly ZERO = new Money(0n);

  private constructor(readonly tiyn: bigint) {}

  /** Integer tiyn from storage: a bigint, a safe integer, or a string of an integer (PostgreSQL SUM). */
  static fromTiyn(value: bigint | number | string): Money {
    if (typeof value === 'bigint') return new Money(value);
    if (typeof value === 'number') {
      if (!Number.isSafeInteger(value)) {
        throw new Error(`tiyn must be a safe integer, got ${value}`);
      }
      return new Money(BigInt(value));
    }
    if (!INTEGER_TEXT_PATTERN.test(value)) throw new Error(`tiyn must be an integer, got "${value}"`);
    return new Money(BigInt(value));
  }

  static sum(amounts: Iterable<Money>): Money {
    let totalTiyn = 0n;
    for (const amount of amounts) totalTiyn += amount.tiyn;
    return new Money(totalTiyn);
  }

  plus(other: Money): Money {
    return new Money(this.tiyn + other.tiyn);
  }

  minus(other: Money): Money {
    return new Money(this.tiyn - other.tiyn);
  }

  negated(): Money {
    return new Money(-this.tiyn);
  }

  isZero(): boolean {
    return this.tiyn === 0n;
  }

  isNegative(): boolean {
    return this.tiyn < 0n;
  }

  isPositive(): boolean {
    return this.tiyn > 0n;
  }

  equals(other: Money): boolean {
    return this.tiyn === other.tiyn;
  }

  compare(other: Money): -1 | 0 | 1 {
    if (this.tiyn < other.tiyn) return -1;
    return this.tiyn > other.tiyn ? 1 : 0;
  }

  /** The wire form: digits, a dot and exactly two fraction digits, `-` in front when negative. */
  toString(): string {
    // Integer arithmetic, exact at any size: tenge are tiyn / 100, the fraction is tiyn % 100.
    const magnitude = this.tiyn < 0n ? -this.tiyn : this.tiyn;
    const fraction = (magnitude % TIYN_PER_TENGE_BIGINT).toString().padStart(2, '0');
    return `${this.tiyn < 0n ? '-' : ''}${magnitude / TIYN_PER_TENGE_BIGINT}.${fraction}`;
  }

  toJSON(): string {
    return this.toString();
  }
}

/** The largest amount one entry may move: one trillion tenge (SPEC §2). */
export const MAX_ENTRY_AMOUNT = Money.fromTiyn(100_000_000_000_000n);

/** Longer strings are refused before any pattern runs, so a huge input costs nothing. */
const MAX_AMOUNT_TEXT_LENGTH = 24;
const TIYN_PER_TENGE = 100;
const TIYN_PER_TENGE_BIGINT = 100n;
/** ASCII digits only, an optional dot with one or two digits; no sign, exponent, comma or space. */
const AMOUNT_PATTERN = /^[0-9]+(?:\.[0-9]{1,2})?$/;
const INTEGER_TEXT_PATTERN = /^-?[0-9]+$/;

/** Parsing multiplies a string of at most MAX_AMOUNT_TEXT_LENGTH digits by 100: no rounding can occur. */
const ExactDecimal = Decimal.clone({ precision: 2 * MAX_AMOUNT_TEXT_LENGTH, rounding: Decimal.ROUND_DOWN });

/**
 * Parses an amount as the API receives it: a JSON string such as "1500", "1500.5" or "1500.50",
 * greater than zero and at most 1 000 000 000 000.00. Everything else is refused with
 * INVALID_AMOUNT and a reason; nothing is ever rounded.
 */
export function parseAmount(input: unknown): Money {
  if (typeof input !== 'string') {
    throw new InvalidAmountError('an amount must be a JSON string such as "1500.00", not a number');
  }
  if (input.length === 0 || input.length > MAX_AMOUNT_TEXT_LENGTH) {
    throw new InvalidAmountError(`an amount must have 1 to ${MAX_AMOUNT_TEXT_LENGTH} characters`);
  }
  if (!AMOUNT_PATTERN.test(input)) {
    throw new InvalidAmountError(
      'an amount is ASCII digits with an optional "." and one or two fraction digits (no sign, exponent, comma or space)',
    );
  }
  const amount = Money.fromTiyn(BigInt(new ExactDecimal(input).times(TIYN_PER_TENGE).toFixed(0)));
  if (amount.isZero()) throw new InvalidAmountError('an amount must be greater than zero');
  if (amount.compare(MAX_ENTRY_AMOUNT) > 0) {
    throw new InvalidAmountError(`an amount must be at most ${MAX_ENTRY_AMOUNT.toString()}`);
  }
  return amount;
}
