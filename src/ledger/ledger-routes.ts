import { z } from 'zod';
import { pageRequest } from '../db/paging.js';
import { defineRoute, type RouteDefinition, userOf } from '../http/route.js';
import { businessDateSchema, dateRangeQuery, idParams, pageQuery, textSchema } from '../http/schemas.js';
import type { Services } from '../services.js';
import type { Entry } from './ledger-types.js';

/** An entry as the API shows it. */
export function entryView(entry: Entry) {
  return {
    id: entry.id,
    kind: entry.kind,
    status: entry.status,
    date: entry.date,
    recordedAt: entry.recordedAt,
    memo: entry.memo,
    reverses: entry.reversesEntryId,
    pendingEntryId: entry.pendingEntryId,
    createdBy: entry.createdBy,
    requestId: entry.requestId,
    prevHash: entry.prevHash,
    hash: entry.hash,
    postings: entry.postings.map((posting) => ({
      accountCode: posting.accountCode,
      amount: posting.amount,
      fundId: posting.fundId,
      patronId: posting.patronId,
      recipientId: posting.recipientId,
    })),
  };
}

/** The journal itself: entries, reversals, accounts, closing periods and verifying the chain. */
export function ledgerRoutes(services: Services): RouteDefinition[] {
  return [
    defineRoute({
      method: 'get',
      path: '/v1/entries',
      summary: 'List journal entries',
      tag: 'ledger',
      access: ['admin', 'staff', 'auditor'],
      query: z.strictObject({ ...pageQuery, ...dateRangeQuery }),
      responses: { 200: 'a page of entries, newest first' },
      handle: async ({ query }) => {
        const page = await services.ledger.listEntries({
          ...pageRequest(query),
          from: query.from,
          to: query.to,
        });
        return { status: 200, body: { ...page, items: page.items.map(entryView) } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/entries/:id',
      summary: 'Show a journal entry',
      tag: 'ledger',
      access: ['admin', 'staff', 'auditor'],
      params: idParams,
      responses: { 200: 'the entry with its postings', 404: 'no such entry' },
      handle: async ({ params }) => ({
        status: 200,
        body: entryView(await services.ledger.getEntry(params.id)),
      }),
    }),
    defineRoute({
      method: 'post',
      path: '/v1/entries/:id/reverse',
      summary: 'Reverse an entry',
      tag: 'ledger',
      access: ['admin', 'staff'],
      params: idParams,
      body: z.strictObject({ reason: textSchema(500, 'multi-line'), date: businessDateSchema.optional() }),
      movesMoney: true,
      responses: {
        201: 'the reversing entry',
        404: 'no such entry',
        409: 'already reversed, not reversible, period closed, or the fund no longer holds the money',
      },
      handle: async (context) => {
        const reversal = await services.ledger.reverse(
          context.params.id,
          {
            reason: context.body.reason,
            ...(context.body.date ? { date: context.body.date } : {}),
            userId: userOf(context).id,
            requestId: context.requestId,
          },
          context.trx,
        );
        return { status: 201, body: entryView(reversal) };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/accounts',
      summary: 'List accounts with balances',
      tag: 'ledger',
      access: ['admin', 'staff', 'auditor'],
      responses: { 200: 'the chart of accounts with posted and pending balances' },
      handle: async () => ({
        status: 200,
        body: {
          items: (await services.ledger.accounts()).map((account) => ({
            id: account.id,
            code: account.code,
            name: account.name,
            type: account.type,
            fundId: account.fundId,
            posted: account.posted,
            pendingDebit: account.pendingDebit,
            pendingCredit: account.pendingCredit,
          })),
          nextCursor: null,
        },
      }),
    }),
    defineRoute({
      method: 'post',
      path: '/v1/periods/close',
      summary: 'Close the books through a date',
      tag: 'ledger',
      access: ['admin'],
      body: z.strictObject({ through: businessDateSchema }),
      responses: {
        200: 'the new closed-through date',
        400: 'not after the last close, or not yet ended',
        409: 'pending entries in the period',
      },
      handle: async (context) => ({
        status: 200,
        body: await services.ledger.closePeriod(context.body.through, {
          userId: userOf(context).id,
          requestId: context.requestId,
        }),
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/v1/audit/verify',
      summary: 'Verify the hash chain of the journal',
      tag: 'audit',
      access: ['admin', 'staff', 'auditor'],
      responses: { 200: '{ok, entries, headHash, firstBadEntryId, problem}' },
      handle: async () => ({ status: 200, body: await services.ledger.verify() }),
    }),
  ];
}
