import { createHash } from 'node:crypto';
import type { Request, Response, Router } from 'express';
import type { Knex } from 'knex';
import { z } from 'zod';
import type { AuthenticatedUser } from '../auth/roles.js';
import type { Clock } from '../calendar/business-date.js';
import { retryWhileBusy } from '../db/busy-retry.js';
import { ForbiddenError } from '../errors/forbidden-error.js';
import { IdempotencyConflictError } from '../errors/idempotency-conflict-error.js';
import { InvalidAmountError } from '../errors/invalid-amount-error.js';
import { UnauthenticatedError } from '../errors/unauthenticated-error.js';
import { ValidationError } from '../errors/validation-error.js';
import { IdempotencyStore } from '../idempotency/idempotency-store.js';
import { canonicalJson } from './canonical-json.js';
import { sendProblem } from './problem.js';
import type { RouteContext, RouteDefinition, RouteResult, StreamedRouteResult } from './route.js';
import { INVALID_AMOUNT_ISSUE } from './schemas.js';

export interface MountDependencies {
  /** The user named by a bearer token, read fresh from the database; UNAUTHENTICATED otherwise. */
  authenticate(token: string): Promise<AuthenticatedUser>;
  /** Runs work in one transaction that holds the journal lock. */
  inJournalTransaction<T>(work: (trx: Knex.Transaction) => Promise<T>): Promise<T>;
  clock: Clock;
}

/** What a route that declares no path, query or body fields accepts there: nothing. */
const NO_FIELDS = z.strictObject({});
const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;
const BEARER_PATTERN = /^Bearer +([A-Za-z0-9._~+/=-]{1,4096})$/i;

/** Mounts every route on the router, each wrapped in authentication, roles, validation and idempotency. */
export function mountRoutes(
  router: Router,
  routes: readonly RouteDefinition[],
  dependencies: MountDependencies,
) {
  const idempotency = new IdempotencyStore();
  for (const route of routes) {
    router[route.method](route.path, async (request: Request, response: Response) => {
      // Authorization only reads: a busy database is waited out like any read.
      const user = await retryWhileBusy(() => authorize(route, request, dependencies));
      response.locals.userId = user?.id;
      const hasBody =
        request.headers['transfer-encoding'] !== undefined ||
        Number(request.headers['content-length'] ?? 0) > 0;
      const mediaType = route.bodyType === 'csv' ? 'text/csv' : 'application/json';
      if (route.method === 'post' && hasBody && !request.is(mediaType)) {
        return sendProblem(response, {
          status: 415,
          title: 'Unsupported media type',
          detail: `send the body as ${mediaType}`,
          code: 'UNSUPPORTED_MEDIA_TYPE',
        });
      }
      const context: RouteContext<unknown, unknown, unknown> = {
        user,
        params: validate(route.params ?? NO_FIELDS, request.params, 'path'),
        query: validate(route.query ?? NO_FIELDS, request.query, 'query'),
        body: route.method === 'post' ? bodyOf(route, request) : undefined,
        requestId: String(response.locals.requestId ?? ''),
        trx: undefined,
      };
      const result = await runRoute(route, context, request, dependencies, idempotency);
      if (result.stream) return sendStreamed(response, result);
      if (result.replayed) response.setHeader('Idempotent-Replayed', 'true');
      response
        .status(result.status)
        .type(result.contentType ?? 'application/json')
        .send(
          result.contentType !== undefined &&
            !/json/i.test(result.contentType) &&
            (Buffer.isBuffer(result.body) || typeof result.body === 'string')
            ? result.body
            : JSON.stringify(result.body),
        );
    });
  }
}

/**
 * Runs a route's work. A busy database (another process holds the lock, a deadlock victim, a
 * serialization failure) is retried inside, briefly and with jitter, where running the work again
 * is safe: a money-moving request is one transaction that the error rolled back, and a GET only
 * reads. Other writes run once; if the database stays busy, the error handler answers 503.
 */
function runRoute(
  route: RouteDefinition,
  context: RouteContext<unknown, unknown, unknown>,
  request: Request,
  dependencies: MountDependencies,
  idempotency: IdempotencyStore,
): Promise<RouteResult & { replayed?: boolean }> {
  if (route.movesMoney) {
    return retryWhileBusy(() => runMovingMoney(route, context, request, dependencies, idempotency));
  }
  if (route.method === 'get') return retryWhileBusy(() => route.handle(context));
  return route.handle(context);
}

/**
 * Sends a streamed body. An error before the first byte is an ordinary problem response; after it,
 * the status is gone, so the connection is cut and the client sees a truncated body (every export
 * ends with a trailer, so a cut one is recognisable). A client that hangs up is not an error.
 */
async function sendStreamed(response: Response, result: StreamedRouteResult): Promise<void> {
  if (result.filename) response.attachment(result.filename);
  response.status(result.status).type(result.contentType);
  try {
    await result.stream(response);
  } catch (error) {
    if (!response.headersSent) {
      response.removeHeader('Content-Disposition');
      throw error;
    }
    const clientLeft = response.destroyed && !response.writableFinished;
    response.destroy();
    if (clientLeft) return;
    throw error;
  }
  if (!response.writableEnded) response.end();
}

async function authorize(
  route: RouteDefinition,
  request: Request,
  dependencies: MountDependencies,
): Promise<AuthenticatedUser | null> {
  if (route.access === 'public') return null;
  const header = request.get('authorization');
  if (!header) throw new UnauthenticatedError('log in and send "Authorization: Bearer <token>"');
  const match = BEARER_PATTERN.exec(header);
  if (!match?.[1]) throw new UnauthenticatedError('the Authorization header must be "Bearer <token>"');
  const user = await dependencies.authenticate(match[1]);
  if (route.access !== 'authenticated' && !route.access.includes(user.role)) {
    throw new ForbiddenError(`the ${user.role} role may not ${route.summary.toLowerCase()}`);
  }
  return user;
}

/** The validated JSON body, or the raw bytes of a CSV upload (an empty upload is refused). */
function bodyOf(route: RouteDefinition, request: Request): unknown {
  if (route.bodyType !== 'csv') return validate(route.body ?? NO_FIELDS, request.body ?? {}, 'body');
  if (!Buffer.isBuffer(request.body) || request.body.length === 0) {
    throw new ValidationError('send the statement as a text/csv body', { field: 'body' });
  }
  return request.body;
}

function validate(
  schema: z.ZodType | undefined,
  input: unknown,
  location: 'path' | 'query' | 'body',
): unknown {
  if (!schema) return undefined;
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const amountIssue = result.error.issues.find((issue) => {
    const params = (issue as { params?: { code?: string } }).params;
    return params?.code === INVALID_AMOUNT_ISSUE;
  });
  if (amountIssue) {
    throw new InvalidAmountError(`${amountIssue.path.join('.')}: ${amountIssue.message}`, {
      field: amountIssue.path.join('.'),
    });
  }
  const errors = result.error.issues.map((issue) => ({
    in: location,
    field: issue.path.join('.') || (issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : ''),
    message: issue.message,
  }));
  const first = errors[0];
  throw new ValidationError(
    `${location}${first?.field ? ` field ${first.field}` : ''}: ${first?.message ?? 'invalid'}`,
    {
      errors,
    },
  );
}

/**
 * A money-moving request runs whole in one journal transaction: the Idempotency-Key lookup, the
 * change, and the stored response commit together or not at all. Refusals are not stored, so a
 * retry after the cause is fixed is tried afresh.
 */
async function runMovingMoney(
  route: RouteDefinition,
  context: RouteContext<unknown, unknown, unknown>,
  request: Request,
  dependencies: MountDependencies,
  idempotency: IdempotencyStore,
): Promise<RouteResult & { replayed?: boolean }> {
  const key = request.get('idempotency-key');
  if (key !== undefined && !IDEMPOTENCY_KEY_PATTERN.test(key)) {
    throw new ValidationError('Idempotency-Key must be 1–200 visible ASCII characters', {
      field: 'Idempotency-Key',
    });
  }
  const user = context.user as AuthenticatedUser;
  const requestHash = createHash('sha256')
    .update(`${request.method} ${request.baseUrl}${request.path}\n${canonicalJson(request.body ?? null)}`)
    .digest('hex');
  return dependencies.inJournalTransaction(async (trx) => {
    if (key !== undefined) {
      const stored = await idempotency.find(trx, user.id, key);
      if (stored && stored.requestHash !== requestHash) {
        throw new IdempotencyConflictError('this Idempotency-Key was already used with a different request');
      }
      if (stored) return { status: stored.status, body: stored.body, replayed: true };
    }
    const result = await route.handle({ ...context, trx });
    if (result.stream) throw new Error(`${route.path} moves money and cannot answer with a stream`);
    if (key !== undefined && result.status < 300) {
      const at = dependencies.clock.now().toISOString();
      await idempotency.insert(
        trx,
        user.id,
        key,
        { requestHash, status: result.status, body: result.body },
        at,
      );
    }
    return result;
  });
}
