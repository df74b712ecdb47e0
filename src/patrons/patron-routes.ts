import { z } from 'zod';
import type { AuthenticatedUser } from '../auth/roles.js';
import { seesFullIin } from '../auth/roles.js';
import { pageRequest } from '../db/paging.js';
import { defineRoute, type RouteDefinition, userOf } from '../http/route.js';
import { idParams, pageQuery, textSchema } from '../http/schemas.js';
import { maskTaxId } from '../people/tax-id.js';
import type { Services } from '../services.js';
import { MAX_ERASURE_REASON_LENGTH } from './patron-service.js';
import type { Patron } from './patron-types.js';

const newPatronSchema = z.strictObject({
  name: textSchema(300),
  kind: z.enum(['individual', 'organization']),
  iin: z.string().optional(),
  bin: z.string().optional(),
  email: z.string().trim().max(254).pipe(z.email()).optional(),
  anonymous: z.boolean().optional(),
});

/** What a viewer sees of a patron: IIN/BIN in full only for staff and admins. */
export function patronView(patron: Patron, viewer: AuthenticatedUser) {
  const full = seesFullIin(viewer);
  return {
    ...patron,
    iin: full ? patron.iin : maskTaxId(patron.iin),
    bin: full ? patron.bin : maskTaxId(patron.bin),
  };
}

export function patronRoutes(services: Services): RouteDefinition[] {
  return [
    defineRoute({
      method: 'post',
      path: '/v1/patrons',
      summary: 'Register a patron',
      tag: 'patrons',
      access: ['admin', 'staff'],
      body: newPatronSchema,
      responses: {
        201: 'the new patron',
        400: 'invalid input',
        409: 'the IIN/BIN is registered (existingId)',
      },
      handle: async (context) => {
        const user = userOf(context);
        const patron = await services.patrons.create(context.body, user.id);
        return { status: 201, body: patronView(patron, user) };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/patrons',
      summary: 'List patrons',
      tag: 'patrons',
      access: ['admin', 'staff', 'auditor'],
      query: z.strictObject(pageQuery),
      responses: { 200: 'a page of patrons' },
      handle: async (context) => {
        const page = await services.patrons.list(pageRequest(context.query));
        const user = userOf(context);
        return {
          status: 200,
          body: { ...page, items: page.items.map((patron) => patronView(patron, user)) },
        };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/v1/patrons/:id/erase',
      summary: 'Erase a patron’s personal data',
      tag: 'patrons',
      access: ['admin'],
      params: idParams,
      body: z.strictObject({ reason: textSchema(MAX_ERASURE_REASON_LENGTH, 'multi-line') }),
      responses: {
        200: 'the erased patron: no name, IIN/BIN or email; the ledger keeps their donations by id',
        404: 'no such patron',
        409: 'already erased',
      },
      handle: async (context) => ({
        status: 200,
        body: patronView(
          await services.patrons.erase(context.params.id, context.body.reason),
          userOf(context),
        ),
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/v1/patrons/:id',
      summary: 'Show a patron',
      tag: 'patrons',
      access: ['admin', 'staff', 'auditor', 'patron'],
      params: idParams,
      responses: { 200: 'the patron', 404: 'no such patron (or not yours)' },
      handle: async (context) => {
        const user = userOf(context);
        return { status: 200, body: patronView(await services.patrons.get(context.params.id, user), user) };
      },
    }),
  ];
}
