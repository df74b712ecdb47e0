import { z } from 'zod';
import { isBusinessDate } from '../calendar/business-date.js';
import { InvalidAmountError } from '../errors/invalid-amount-error.js';
import { ValidationError } from '../errors/validation-error.js';
import { parseAmount } from '../money/money.js';
import { checkedText, type TextLines } from '../text/checked-text.js';

/**
 * Building blocks of the request schemas. The same zod schemas validate requests and generate the
 * OpenAPI document, so the documentation cannot drift from what the server accepts.
 */
export const INVALID_AMOUNT_ISSUE = 'INVALID_AMOUNT';
export const MAX_PAGE_LIMIT = 200;
export const DEFAULT_PAGE_LIMIT = 50;

/** A tenge amount as SPEC §2 writes it; parsed into Money here, refused with INVALID_AMOUNT otherwise. */
export const amountSchema = z
  .unknown()
  .transform((value, context) => {
    try {
      return parseAmount(value);
    } catch (error) {
      if (!(error instanceof InvalidAmountError)) throw error;
      context.addIssue({ code: 'custom', message: error.message, params: { code: INVALID_AMOUNT_ISSUE } });
      return z.NEVER;
    }
  })
  .meta({
    type: 'string',
    pattern: '^[0-9]+(\\.[0-9]{1,2})?$',
    description:
      'Tenge as a string: digits, optionally "." and 1–2 fraction digits; > 0 and ≤ 1000000000000.00',
    examples: ['1500.00'],
  });

export const businessDateSchema = z
  .string()
  .refine(isBusinessDate, 'must be a calendar date written YYYY-MM-DD')
  .meta({ format: 'date', examples: ['2026-11-25'] });

/** An id in a path or query string: plain decimal digits only (no `0x1`, `1e0`, `+1`, `01` or spaces). */
/** The largest record id: PostgreSQL's `integer` columns (the ids of everything but entries) end here. */
export const MAX_ID = 2_147_483_647;

export const idSchema = z
  .string()
  .regex(/^[1-9][0-9]{0,15}$/, 'must be a positive whole number written in plain digits')
  .transform(Number)
  .pipe(z.number().max(MAX_ID, `must be at most ${MAX_ID}`))
  .meta({ type: 'integer', minimum: 1, maximum: MAX_ID });

export const idParams = z.strictObject({ id: idSchema });

/** An id inside a JSON body: a real JSON integer, never a string that looks like one. */
export const bodyIdSchema = z.number().int().positive().max(MAX_ID);

/** Free text of 1..max characters, checked by `checkedText` (trimmed, NFC, no control characters). */
export function textSchema(max: number, lines: TextLines = 'single-line') {
  return z
    .string()
    .transform((value, context) => {
      try {
        return checkedText('text', value, max, lines);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        context.addIssue({ code: 'custom', message: error.message.replace(/^text /, '') });
        return z.NEVER;
      }
    })
    .meta({ minLength: 1, maxLength: max });
}

export const pageQuery = {
  cursor: z.string().max(200).optional().meta({ description: 'the nextCursor of the previous page' }),
  limit: z
    .string()
    .regex(/^[1-9][0-9]{0,2}$/, 'must be a whole number written in plain digits')
    .transform(Number)
    .pipe(z.number().max(MAX_PAGE_LIMIT))
    .default(DEFAULT_PAGE_LIMIT)
    .meta({ type: 'integer', minimum: 1, maximum: MAX_PAGE_LIMIT, default: DEFAULT_PAGE_LIMIT }),
};

export const dateRangeQuery = {
  from: businessDateSchema.optional().meta({ description: 'first value date, inclusive' }),
  to: businessDateSchema.optional().meta({ description: 'last value date, inclusive' }),
};
