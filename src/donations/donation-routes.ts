import { z } from 'zod';
import { pageRequest } from '../db/paging.js';
import { defineRoute, type RouteDefinition, requesterOf, trxOf, userOf } from '../http/route.js';
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
import type { Services } from '../services.js';
import type { DonationResult } from './donation-service.js';
import type { Donation } from './donation-types.js';

/** A donation as the API shows it. */
export function donationView(donation: Donation) {
  return {
    id: donation.id,
    status: donation.status,
    amount: donation.amount,
    fundId: donation.fundId,
    patronId: donation.patronId,
    date: donation.date,
    reference: donation.reference,
    note: donation.note,
    originalAmount: donation.foreign?.originalAmount ?? null,
    originalCurrency: donation.foreign?.originalCurrency ?? null,
    rate: donation.foreign?.rate ?? null,
    entryId: donation.entryId,
    postedEntryId: donation.postedEntryId,
    reversedByEntryId: donation.reversedByEntryId,
    createdBy: donation.createdBy,
    createdAt: donation.createdAt,
  };
}

function resultView(result: DonationResult) {
  return { ...donationView(result.donation), fundAvailable: result.fundAvailable };
}

const newDonationSchema = z.strictObject({
  patronId: bodyIdSchema.optional(),
  amount: amountSchema,
  fundId: bodyIdSchema.optional(),
  date: businessDateSchema.optional(),
  reference: textSchema(100).optional(),
  note: textSchema(1000, 'multi-line').optional(),
  originalAmount: z.string().max(40).optional(),
  originalCurrency: z.string().max(3).optional(),
  rate: z.string().max(40).optional(),
});

export function donationRoutes(services: Services): RouteDefinition[] {
  return [
    defineRoute({
      method: 'post',
      path: '/v1/donations',
      summary: 'Record or declare a donation',
      tag: 'donations',
      access: ['admin', 'staff', 'patron'],
      body: newDonationSchema,
      movesMoney: true,
      responses: {
        201: 'the donation (posted when staff record it, pending when a patron declares it) and fundAvailable',
        400: 'invalid input',
        404: 'no such patron or fund',
        409: 'the bank reference is booked already, the period or fund is closed, or the key was reused',
      },
      handle: async (context) => {
        const result = await services.donations.record(context.body, requesterOf(context), trxOf(context));
        return { status: 201, body: resultView(result) };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/donations',
      summary: 'List donations',
      tag: 'donations',
      access: ['admin', 'staff', 'auditor', 'patron'],
      query: z.strictObject({
        ...pageQuery,
        ...dateRangeQuery,
        patronId: idSchema.optional(),
        fundId: idSchema.optional(),
        status: z.enum(['posted', 'pending', 'voided']).optional(),
      }),
      responses: { 200: 'a page of donations, newest first (a patron sees only their own)' },
      handle: async (context) => {
        const { query } = context;
        const page = await services.donations.list(
          {
            ...pageRequest(query),
            from: query.from,
            to: query.to,
            patronId: query.patronId,
            fundId: query.fundId,
            status: query.status,
          },
          userOf(context),
        );
        return { status: 200, body: { ...page, items: page.items.map(donationView) } };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/donations/:id',
      summary: 'Show a donation',
      tag: 'donations',
      access: ['admin', 'staff', 'auditor', 'patron'],
      params: idParams,
      responses: { 200: 'the donation', 404: 'no such donation (or not yours)' },
      handle: async (context) => ({
        status: 200,
        body: donationView(await services.donations.get(context.params.id, userOf(context))),
      }),
    }),
    defineRoute({
      method: 'post',
      path: '/v1/donations/:id/confirm',
      summary: 'Confirm a declared donation',
      tag: 'donations',
      access: ['admin', 'staff'],
      params: idParams,
      movesMoney: true,
      responses: {
        200: 'the donation, now posted',
        404: 'no such donation',
        409: 'not pending, or already resolved',
      },
      handle: async (context) => {
        const result = await services.donations.confirm(
          context.params.id,
          requesterOf(context),
          trxOf(context),
        );
        return { status: 200, body: resultView(result) };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/v1/donations/:id/reject',
      summary: 'Reject a declared donation',
      tag: 'donations',
      access: ['admin', 'staff'],
      params: idParams,
      body: z.strictObject({ reason: textSchema(500, 'multi-line').optional() }),
      movesMoney: true,
      responses: {
        200: 'the donation, now voided',
        404: 'no such donation',
        409: 'not pending, or already resolved',
      },
      handle: async (context) => {
        const result = await services.donations.reject(
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
