import { z } from 'zod';
import { defineRoute, type RouteDefinition } from '../http/route.js';
import { amountSchema, businessDateSchema, idParams, textSchema } from '../http/schemas.js';
import type { Services } from '../services.js';
import type { FundBalance } from './fund-types.js';

/** A fund as the API shows it: its terms and its balances. */
export function fundView(fund: FundBalance) {
  return {
    id: fund.id,
    code: fund.code,
    name: fund.name,
    restricted: fund.restricted,
    capPerRecipientYear: fund.capPerRecipientYear,
    closesOn: fund.closesOn,
    posted: fund.posted,
    pendingIn: fund.pendingIn,
    pendingOut: fund.pendingOut,
    available: fund.available,
  };
}

export function fundRoutes(services: Services): RouteDefinition[] {
  return [
    defineRoute({
      method: 'post',
      path: '/v1/funds',
      summary: 'Create a fund',
      tag: 'funds',
      access: ['admin'],
      body: z.strictObject({
        code: z.string().max(40),
        name: textSchema(200),
        restricted: z.boolean(),
        capPerRecipientYear: amountSchema.optional(),
        closesOn: businessDateSchema.optional(),
      }),
      responses: { 201: 'the new fund', 400: 'invalid input', 409: 'the code is taken' },
      handle: async ({ body }) => ({ status: 201, body: fundView(await services.funds.create(body)) }),
    }),
    defineRoute({
      method: 'get',
      path: '/v1/funds',
      summary: 'List funds with their balances',
      tag: 'funds',
      access: 'authenticated',
      responses: { 200: 'every fund (there are few), with available balances' },
      handle: async () => ({
        status: 200,
        body: { items: (await services.funds.list()).map(fundView), nextCursor: null },
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/v1/funds/:id',
      summary: 'Show a fund',
      tag: 'funds',
      access: 'authenticated',
      params: idParams,
      responses: { 200: 'the fund', 404: 'no such fund' },
      handle: async ({ params }) => ({ status: 200, body: fundView(await services.funds.get(params.id)) }),
    }),
  ];
}
