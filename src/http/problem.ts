import type { ErrorRequestHandler, Response } from 'express';
import { isDatabaseBusy } from '../db/database-errors.js';
import { DomainError } from '../errors/domain-error.js';

/** RFC 9457 problem details, with the stable `code` clients branch on. */
export interface Problem {
  title: string;
  status: number;
  detail: string;
  code: string;
  /** Extra members such as `existingId`, added beside the standard ones. */
  extensions?: Readonly<Record<string, unknown>>;
}

const PROBLEM_TYPE_BASE = 'https://jomart.kz/problems/';

/** The one table from domain error codes to HTTP: status and a short human title. */
const PROBLEM_BY_CODE: Readonly<Record<string, { status: number; title: string }>> = {
  INVALID_AMOUNT: { status: 400, title: 'Invalid amount' },
  VALIDATION_FAILED: { status: 400, title: 'Validation failed' },
  UNBALANCED_ENTRY: { status: 400, title: 'Unbalanced entry' },
  NOT_FOUND: { status: 404, title: 'Not found' },
  DUPLICATE: { status: 409, title: 'Already exists' },
  INSUFFICIENT_FUNDS: { status: 409, title: 'Insufficient funds' },
  PERIOD_CLOSED: { status: 409, title: 'Period closed' },
  PENDING_IN_PERIOD: { status: 409, title: 'Pending entries in period' },
  ALREADY_REVERSED: { status: 409, title: 'Already reversed' },
  ALREADY_RESOLVED: { status: 409, title: 'Already resolved' },
  NOT_REVERSIBLE: { status: 409, title: 'Not reversible' },
  NOT_PENDING: { status: 409, title: 'Not pending' },
  UNAUTHENTICATED: { status: 401, title: 'Unauthenticated' },
  FORBIDDEN: { status: 403, title: 'Forbidden' },
  SELF_APPROVAL: { status: 403, title: 'Approval by a second person required' },
  TOO_MANY_ATTEMPTS: { status: 429, title: 'Too many attempts' },
  IDEMPOTENCY_CONFLICT: { status: 409, title: 'Idempotency key reused' },
  DUPLICATE_RECIPIENT: { status: 409, title: 'Duplicate recipient' },
  RECIPIENT_CAP_EXCEEDED: { status: 409, title: 'Recipient cap exceeded' },
  FUND_CLOSED: { status: 409, title: 'Fund closed' },
  ALREADY_ERASED: { status: 409, title: 'Already erased' },
  NOT_POSTED: { status: 409, title: 'Not posted' },
  UNREADABLE_STATEMENT: { status: 400, title: 'Unreadable bank statement' },
};

/** What body-parser's failures mean to a client. */
const BODY_PARSER_PROBLEMS: Readonly<Record<string, { status: number; title: string; code: string }>> = {
  'entity.parse.failed': { status: 400, title: 'Malformed JSON', code: 'MALFORMED_JSON' },
  'entity.too.large': { status: 413, title: 'Body too large', code: 'PAYLOAD_TOO_LARGE' },
  'charset.unsupported': { status: 415, title: 'Unsupported charset', code: 'UNSUPPORTED_MEDIA_TYPE' },
  'encoding.unsupported': { status: 415, title: 'Unsupported encoding', code: 'UNSUPPORTED_MEDIA_TYPE' },
};

/** What a client is told to wait after a 503: the busy spells seen in tests last well under a second. */
const BUSY_RETRY_AFTER_SECONDS = 1;

export function sendProblem(response: Response, problem: Problem): void {
  const { extensions, ...standard } = problem;
  response
    .status(problem.status)
    .type('application/problem+json')
    .json({
      ...extensions,
      type: `${PROBLEM_TYPE_BASE}${problem.code.toLowerCase().replaceAll('_', '-')}`,
      ...standard,
    });
}

export function problemFromDomainError(error: DomainError): Problem {
  const mapping = PROBLEM_BY_CODE[error.code];
  if (!mapping) throw new Error(`domain error code ${error.code} has no HTTP mapping`);
  return {
    status: mapping.status,
    title: mapping.title,
    detail: error.message,
    code: error.code,
    extensions: error.details,
  };
}

/** The central error handler: domain errors become problems; anything else is a bug, logged and a 500. */
export function problemHandler(log: (error: unknown) => void): ErrorRequestHandler {
  return (error, _request, response, next) => {
    if (response.headersSent) return next(error);
    if (error instanceof DomainError) {
      const retryAfter = error.details.retryAfterSeconds;
      if (typeof retryAfter === 'number') response.setHeader('Retry-After', String(retryAfter));
      if (error.code === 'UNAUTHENTICATED') response.setHeader('WWW-Authenticate', 'Bearer realm="jomart"');
      return sendProblem(response, problemFromDomainError(error));
    }
    const parserProblem = typeof error?.type === 'string' ? BODY_PARSER_PROBLEMS[error.type] : undefined;
    if (parserProblem) {
      return sendProblem(response, { ...parserProblem, detail: String(error.message) });
    }
    // Busy, not broken: the server already retried what it safely could (see retryWhileBusy), and
    // the failed transaction was rolled back, so the same request (same Idempotency-Key) may be sent again.
    if (isDatabaseBusy(error)) {
      response.setHeader('Retry-After', String(BUSY_RETRY_AFTER_SECONDS));
      return sendProblem(response, {
        status: 503,
        title: 'Busy',
        detail:
          'the database is busy; the request was rolled back — send it again shortly (same Idempotency-Key)',
        code: 'BUSY',
      });
    }
    const status =
      typeof error?.status === 'number' && error.status >= 400 && error.status < 500 ? error.status : 500;
    if (status === 500) log(error);
    sendProblem(response, {
      status,
      title: status === 500 ? 'Internal error' : 'Bad request',
      detail:
        status === 500 ? 'the server failed; nothing was written' : String(error?.message ?? 'bad request'),
      code: status === 500 ? 'INTERNAL' : 'BAD_REQUEST',
    });
  };
}
