import { Decimal } from 'decimal.js';
import { ValidationError } from '../errors/validation-error.js';
import { Money } from './money.js';

/**
 * A gift made in another currency: the ledger books tenge, and keeps what was given and the rate
 * used, as exact decimal strings. The booked tenge must be the original times the rate, to the tiyn.
 */
export interface ForeignAmount {
  originalAmount: string;
  originalCurrency: string;
  rate: string;
}

const ORIGINAL_AMOUNT_PATTERN = /^[0-9]{1,15}(?:\.[0-9]{1,4})?$/;
const RATE_PATTERN = /^[0-9]{1,9}(?:\.[0-9]{1,8})?$/;
const CURRENCY_PATTERN = /^[A-Z]{3}$/;
/** Banks round conversions their own way: a difference of one tiyn is accepted, no more. */
const TOLERANCE_TIYN = 1n;
const PreciseDecimal = Decimal.clone({ precision: 60 });

/** Checks the three fields together (all or none) and against the booked amount. */
export function parseForeignAmount(
  fields: { originalAmount?: unknown; originalCurrency?: unknown; rate?: unknown },
  booked: Money,
): ForeignAmount | null {
  const given = [fields.originalAmount, fields.originalCurrency, fields.rate].filter(
    (value) => value !== undefined,
  );
  if (given.length === 0) return null;
  if (given.length !== 3) {
    throw new ValidationError(
      'originalAmount, originalCurrency and rate go together: give all three or none',
      {
        field: 'originalAmount',
      },
    );
  }
  const { originalAmount, originalCurrency, rate } = fields;
  if (
    typeof originalAmount !== 'string' ||
    !ORIGINAL_AMOUNT_PATTERN.test(originalAmount) ||
    isZero(originalAmount)
  ) {
    throw new ValidationError('originalAmount is a positive decimal string with up to 4 decimals', {
      field: 'originalAmount',
    });
  }
  if (
    typeof originalCurrency !== 'string' ||
    !CURRENCY_PATTERN.test(originalCurrency) ||
    originalCurrency === 'KZT'
  ) {
    throw new ValidationError('originalCurrency is a three-letter ISO 4217 code other than KZT', {
      field: 'originalCurrency',
    });
  }
  if (typeof rate !== 'string' || !RATE_PATTERN.test(rate) || isZero(rate)) {
    throw new ValidationError('rate is a positive decimal string (tenge per unit) with up to 8 decimals', {
      field: 'rate',
    });
  }
  const convertedTiyn = BigInt(
    new PreciseDecimal(originalAmount)
      .times(rate)
      .times(100)
      .toDecimalPlaces(0, Decimal.ROUND_HALF_UP)
      .toFixed(0),
  );
  const difference = convertedTiyn - booked.tiyn;
  if (difference > TOLERANCE_TIYN || difference < -TOLERANCE_TIYN) {
    throw new ValidationError(
      `amount ${booked.toString()} is not originalAmount × rate = ${Money.fromTiyn(convertedTiyn).toString()}`,
      { field: 'amount' },
    );
  }
  return { originalAmount, originalCurrency, rate };
}

function isZero(text: string): boolean {
  return new PreciseDecimal(text).isZero();
}
