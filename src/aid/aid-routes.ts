import { z } from 'zod';
import { pageRequest } from '../db/paging.js';
import { defineRoute, type RouteDefinition, requesterOf, trxOf } from '../http/route.js';
import {
  amountSchema,
  bodyIdSchema,
  businessDateSchema,
  dateRangeQuery,
  idParams,
  idSchema,
  pageQuery,
  textSchema,
} from '../http/schemas.js';
import { AID_CATEGORIES } from '../ledger/chart.js';
import type { Services } from '../services.js';
import type { AidResult } from './aid-service.js';
import type { Aid } from './aid-types.js';

/** Aid as the API shows it. */
export function aidView(aid: Aid) {
  return {
    id: aid.id,
    status: aid.status,
    amount: aid.amount,
    recipientId: aid.recipientId,
    fundId: aid.fundId,
    category: aid.category,
    date: aid.date,
    note: aid.note,
    entryId: aid.entryId,
    postedEntryId: aid.postedEntryId,
    reversedByEntryId: aid.reversedByEntryId,
    createdBy: aid.createdBy,
    createdAt: aid.createdAt,
  };
}

function resultView(result: AidResult) {
  return { ...aidView(result.aid), fundAvailable: result.fundAvailable };
}

export function aidRoutes(services: Services): RouteDefinition[] {
  return [
    defineRoute({
      method: 'post',
      path: '/v1/aid',
      summary: 'Pay aid',
      tag: 'aid',
      access: ['admin', 'staff'],
      body: z.strictObject({
        recipientId: bodyIdSchema,
        fundId: bodyIdSchema,
        amount: amountSchema,
        category: z.enum(AID_CATEGORIES),
        date: businessDateSchema.optional(),
        note: textSchema(1000, 'multi-line').optional(),
      }),
      movesMoney: true,
      responses: {
        201: 'the aid (posted, or pending at or above the approval threshold) and fundAvailable',
        400: 'invalid input',
        404: 'no such recipient or fund',
        409: 'insufficient funds, recipient cap exceeded, period or fund closed, or the key was reused',
      },
      handle: async (context) => {
        const result = await services.aid.pay(context.body, requesterOf(context), trxOf(context));
        return { status: 201, body: resultView(result) };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/aid',
      summary: 'List aid',
      tag: 'aid',
      access: ['admin', 'staff', 'auditor'],
      query: z.strictObject({
        ...pageQuery,
        ...dateRangeQuery,
        recipientId: idSchema.optional(),
        fundId: idSchema.optional(),
        status: z.enum(['posted', 'pending', 'voided']).optional(),
      }),
      responses: { 200: 'a page of aid, newest first' },
      handle: async ({ query }) => {
        const page = await services.aid.list({
          ...pageRequest(query),
          from: query.from,
          to: query.to,
          recipientId: query.recipientId,
          fundId: query.fundId,
          status: query.status,
        });
        return { status: 200, body: { ...page, items: page.items.map(aidView) } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/aid/:id',
      summary: 'Show aid',
      tag: 'aid',
      access: ['admin', 'staff', 'auditor'],
      params: idParams,
      responses: { 200: 'the aid', 404: 'no such aid' },
      handle: async ({ params }) => ({ status: 200, body: aidView(await services.aid.get(params.id)) }),
    }),
    defineRoute({
      method: 'post',
      path: '/v1/aid/:id/approve',
      summary: 'Approve pending aid',
      tag: 'aid',
      access: ['admin', 'staff'],
      params: idParams,
      movesMoney: true,
      responses: {
        200: 'the aid, now paid',
        403: 'the creator cannot approve their own aid',
        404: 'no such aid',
        409: 'not pending, or already resolved',
      },
      handle: async (context) => {
        const result = await services.aid.approve(context.params.id, requesterOf(context), trxOf(context));
        return { status: 200, body: resultView(result) };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/v1/aid/:id/reject',
      summary: 'Reject pending aid',
      tag: 'aid',
      access: ['admin', 'staff'],
      params: idParams,
      body: z.strictObject({ reason: textSchema(500, 'multi-line').optional() }),
      movesMoney: true,
      responses: { 200: 'the aid, now voided', 404: 'no such aid', 409: 'not pending, or already resolved' },
      handle: async (context) => {
        const result = await services.aid.reject(
          context.params.id,
          context.body.reason,
          requesterOf(context),
          trxOf(context),
        );
        return { status: 200, body: resultView(result) };
      },
    }),
  ];
}
