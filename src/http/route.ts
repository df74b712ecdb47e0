import type { Writable } from 'node:stream';
import type { Knex } from 'knex';
import type { z } from 'zod';
import type { AuthenticatedUser, Requester, Role } from '../auth/roles.js';

/**
 * One HTTP route, declared once: who may call it, the schemas of its path, query and body, and
 * what it does. The same declaration mounts the Express route, enforces the roles, validates the
 * input and writes the OpenAPI document — so access rules and docs live in one place.
 */
export type Access = 'public' | 'authenticated' | readonly Role[];

export type RouteResult = JsonRouteResult | StreamedRouteResult;

export interface JsonRouteResult {
  status: number;
  body: unknown;
  contentType?: string;
  stream?: never;
}

/**
 * A body too big to hold, written piece by piece (ledger exports): `stream` writes to the response
 * and minds its backpressure, ends it (or leaves it to mountRoutes), and rejects if the client goes
 * away. `filename` makes it a download (Content-Disposition: attachment). Never for routes that
 * move money, whose responses are stored for idempotent replays.
 */
export interface StreamedRouteResult {
  status: number;
  contentType: string;
  filename?: string;
  stream: (sink: Writable) => Promise<void>;
  body?: never;
}

export interface RouteContext<Params, Query, Body> {
  /** Null only on public routes. */
  user: AuthenticatedUser | null;
  params: Params;
  query: Query;
  body: Body;
  requestId: string;
  /** For routes that move money: the journal transaction the whole request runs in. */
  trx: Knex.Transaction | undefined;
}

export interface RouteDefinition<
  ParamsSchema extends z.ZodType = z.ZodType,
  QuerySchema extends z.ZodType = z.ZodType,
  BodySchema extends z.ZodType = z.ZodType,
> {
  method: 'get' | 'post';
  /** Express-style path, e.g. `/v1/donations/:id`. */
  path: string;
  summary: string;
  tag: string;
  access: Access;
  params?: ParamsSchema;
  query?: QuerySchema;
  body?: BodySchema;
  /**
   * Moves money: the request runs in one journal transaction and honours Idempotency-Key — the same
   * key and body answer the stored response and move nothing; another body with the key is 409.
   */
  movesMoney?: boolean;
  /**
   * What the body is: JSON by default (validated by `body`); `csv` takes a raw `text/csv` upload of
   * up to MAX_UPLOAD_BYTES, handed to the handler as a Buffer (`body` must then be absent).
   */
  bodyType?: 'json' | 'csv';
  /** Status codes and what they mean, for the OpenAPI document. */
  responses: Readonly<Record<number, string>>;
  handle(
    context: RouteContext<z.output<ParamsSchema>, z.output<QuerySchema>, z.output<BodySchema>>,
  ): Promise<RouteResult>;
}

/** Keeps each route's handler typed by its own schemas while routes are collected in one list. */
export function defineRoute<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
>(definition: RouteDefinition<P, Q, B>): RouteDefinition {
  return definition as unknown as RouteDefinition;
}

/** Who asks and with which request: what services record on the entries they write. */
export function requesterOf(context: { user: AuthenticatedUser | null; requestId: string }): Requester {
  return { user: userOf(context), requestId: context.requestId };
}

/** The user of a route that is not public; a bug if called on a public one. */
export function userOf(context: { user: AuthenticatedUser | null }): AuthenticatedUser {
  if (!context.user) throw new Error('this route is public: it has no user');
  return context.user;
}

/** The journal transaction of a route that moves money; a bug if called on any other route. */
export function trxOf(context: { trx: Knex.Transaction | undefined }): Knex.Transaction {
  if (!context.trx) throw new Error('this route does not move money: it runs in no journal transaction');
  return context.trx;
}
