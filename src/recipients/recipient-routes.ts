import { z } from 'zod';
import type { AuthenticatedUser } from '../auth/roles.js';
import { seesFullIin } from '../auth/roles.js';
import { pageRequest } from '../db/paging.js';
import { defineRoute, type RouteDefinition, userOf } from '../http/route.js';
import { idParams, pageQuery, textSchema } from '../http/schemas.js';
import { maskTaxId } from '../people/tax-id.js';
import type { Services } from '../services.js';
import {
  MAX_CATEGORY_LENGTH,
  MAX_ERASURE_REASON_LENGTH,
  MAX_FULL_NAME_LENGTH,
  MAX_NAME_SEARCH_LENGTH,
  MAX_NOTES_LENGTH,
  type Recipient,
} from './recipient-types.js';
import { REGION_CODES } from './regions.js';

/** The format and check digit are the service's rules; the schema only says what an IIN looks like. */
const iinSchema = z.string().meta({
  pattern: '^[0-9]{12}$',
  description: '12 ASCII digits, the last a valid check digit',
  examples: ['900101300007'],
});

const regionSchema = z
  .enum(REGION_CODES, { error: 'region must be one of the 20 ISO 3166-2:KZ codes' })
  .meta({ description: 'ISO 3166-2:KZ code of the oblast or city', examples: ['KZ-75'] });

const newRecipientSchema = z.strictObject({
  iin: iinSchema,
  fullName: textSchema(MAX_FULL_NAME_LENGTH),
  region: regionSchema,
  category: textSchema(MAX_CATEGORY_LENGTH).optional(),
  notes: textSchema(MAX_NOTES_LENGTH, 'multi-line').optional(),
});

const listQuery = z.strictObject({
  ...pageQuery,
  region: regionSchema.optional(),
  q: textSchema(MAX_NAME_SEARCH_LENGTH)
    .optional()
    .meta({ description: 'a piece of the full name, matched without regard to case' }),
  iin: iinSchema.optional().meta({ description: 'the exact IIN' }),
});

const erasureSchema = z.strictObject({ reason: textSchema(MAX_ERASURE_REASON_LENGTH, 'multi-line') });

/** What a viewer sees of a recipient: the IIN in full only for staff and admins; nothing personal once erased. */
export function recipientView(recipient: Recipient, viewer: AuthenticatedUser) {
  const erased = recipient.erasedAt !== null;
  return {
    id: recipient.id,
    iin: erased ? null : seesFullIin(viewer) ? recipient.iin : maskTaxId(recipient.iin),
    fullName: erased ? null : recipient.fullName,
    region: recipient.region,
    category: recipient.category,
    notes: erased ? null : recipient.notes,
    createdAt: recipient.createdAt,
    erasedAt: recipient.erasedAt,
    erasureReason: recipient.erasureReason,
  };
}

export function recipientRoutes(services: Services): RouteDefinition[] {
  return [
    defineRoute({
      method: 'post',
      path: '/v1/recipients',
      summary: 'Register a recipient',
      tag: 'recipients',
      access: ['admin', 'staff'],
      body: newRecipientSchema,
      responses: {
        201: 'the new recipient',
        400: 'invalid input (an IIN with a wrong check digit, an unknown region, …)',
        409: 'a recipient with this IIN is registered (existingId)',
      },
      handle: async (context) => {
        const user = userOf(context);
        const recipient = await services.recipients.create(context.body, user.id);
        return { status: 201, body: recipientView(recipient, user) };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/recipients',
      summary: 'List recipients',
      tag: 'recipients',
      access: ['admin', 'staff', 'auditor'],
      query: listQuery,
      responses: { 200: 'a page of recipients, newest first', 400: 'invalid filter or cursor' },
      handle: async (context) => {
        const { region, q, iin } = context.query;
        const page = await services.recipients.list(
          { region, nameContains: q, iin },
          pageRequest(context.query),
        );
        const user = userOf(context);
        return {
          status: 200,
          body: { ...page, items: page.items.map((recipient) => recipientView(recipient, user)) },
        };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/recipients/:id',
      summary: 'Show a recipient',
      tag: 'recipients',
      access: ['admin', 'staff', 'auditor'],
      params: idParams,
      responses: { 200: 'the recipient', 404: 'no such recipient' },
      handle: async (context) => ({
        status: 200,
        body: recipientView(await services.recipients.get(context.params.id), userOf(context)),
      }),
    }),
    defineRoute({
      method: 'post',
      path: '/v1/recipients/:id/erase',
      summary: "Erase a recipient's personal data",
      tag: 'recipients',
      access: ['admin'],
      params: idParams,
      body: erasureSchema,
      responses: {
        200: 'the erased recipient: no IIN, name or notes; the ledger keeps its aid by id',
        404: 'no such recipient',
        409: 'already erased',
      },
      handle: async (context) => ({
        status: 200,
        body: recipientView(
          await services.recipients.erase(context.params.id, context.body.reason),
          userOf(context),
        ),
      }),
    }),
  ];
}
