import { z } from 'zod';
import { ROLES } from '../auth/roles.js';
import { pageRequest } from '../db/paging.js';
import { defineRoute, type RouteDefinition, userOf } from '../http/route.js';
import { pageQuery, textSchema } from '../http/schemas.js';
import type { Services } from '../services.js';

const emailSchema = z.string().trim().max(254).pipe(z.email());
const passwordSchema = z.string().min(1).max(200);

/** Logins, self-sign-up, the current user, and the admins' user management. */
export function userRoutes(services: Services): RouteDefinition[] {
  return [
    defineRoute({
      method: 'post',
      path: '/v1/auth/login',
      summary: 'Log in',
      tag: 'auth',
      access: 'public',
      body: z.strictObject({ email: z.string().max(254), password: passwordSchema }),
      responses: {
        200: 'a token and the user',
        401: 'wrong email or password',
        429: 'too many failed logins',
      },
      handle: async ({ body }) => ({
        status: 200,
        body: await services.users.login(body.email, body.password),
      }),
    }),
    defineRoute({
      method: 'post',
      path: '/v1/auth/register',
      summary: 'Sign up as a patron',
      tag: 'auth',
      access: 'public',
      body: z.strictObject({ email: emailSchema, password: passwordSchema, name: textSchema(300) }),
      responses: { 201: 'a token and the new patron user', 409: 'the email is taken' },
      handle: async ({ body }) => ({ status: 201, body: await services.users.register(body) }),
    }),
    defineRoute({
      method: 'get',
      path: '/v1/me',
      summary: 'Show the current user',
      tag: 'auth',
      access: 'authenticated',
      responses: { 200: 'the current user' },
      handle: async (context) => {
        const user = userOf(context);
        return {
          status: 200,
          body: {
            id: user.id,
            email: user.email,
            role: user.role,
            name: user.name,
            ...(user.patronId ? { patronId: user.patronId } : {}),
          },
        };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/v1/users',
      summary: 'Create a user',
      tag: 'users',
      access: ['admin'],
      body: z.strictObject({
        email: emailSchema,
        password: passwordSchema,
        role: z.enum(ROLES.filter((role) => role !== 'patron') as ['admin', 'staff', 'auditor']),
        name: textSchema(300).optional(),
      }),
      responses: { 201: 'the new user', 409: 'the email is taken' },
      handle: async (context) => {
        const user = await services.users.create(context.body, userOf(context).id);
        return { status: 201, body: user };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/users',
      summary: 'List users',
      tag: 'users',
      access: ['admin'],
      query: z.strictObject(pageQuery),
      responses: { 200: 'a page of users' },
      handle: async ({ query }) => ({ status: 200, body: await services.users.list(pageRequest(query)) }),
    }),
  ];
}
