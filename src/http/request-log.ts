import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';

const REQUEST_ID_PATTERN = /^[A-Za-z0-9._-]{1,100}$/;
/** Runs of 12 digits (IINs, BINs) anywhere in a logged URL keep only their last four. */
const TAX_ID_IN_TEXT = /\d{8}(\d{4})(?!\d)/g;

export function maskTaxIdsInText(text: string): string {
  return text.replace(TAX_ID_IN_TEXT, '********$1');
}

/**
 * One JSON line per request: id, method, URL (IINs masked), status, time, user id. Never headers
 * (tokens), never bodies (passwords, IINs). The request id comes from X-Request-Id when sane, is
 * echoed back, and is recorded on the entries the request writes.
 */
export function requestLog(logger: Logger): RequestHandler {
  return pinoHttp({
    logger,
    genReqId: (request: IncomingMessage, response: ServerResponse) => {
      const offered = request.headers['x-request-id'];
      // An offered id is kept only when it is sane and holds no IIN/BIN: it is logged, echoed and stored.
      const sane =
        typeof offered === 'string' &&
        REQUEST_ID_PATTERN.test(offered) &&
        maskTaxIdsInText(offered) === offered;
      const id = sane ? offered : randomUUID();
      response.setHeader('X-Request-Id', id);
      return id;
    },
    serializers: {
      req: (request: { id: string; method: string; url: string }) => ({
        id: request.id,
        method: request.method,
        url: maskTaxIdsInText(request.url),
      }),
      res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
    },
    customProps: (_request, response) => ({
      userId: (response as ServerResponse & { locals?: { userId?: number } }).locals?.userId,
    }),
    // A 503 is a busy database answered with Retry-After: expected under load, not a fault.
    customLogLevel: (_request, response, error) => {
      if (response.statusCode === 503) return 'warn';
      return error || response.statusCode >= 500 ? 'error' : 'info';
    },
  }) as unknown as RequestHandler;
}
