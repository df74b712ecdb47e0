import { z } from 'zod';
import type { RouteDefinition } from './route.js';

/** Builds the OpenAPI 3.1 document from the very route declarations and schemas that serve requests. */
export function openApiDocument(
  routes: readonly RouteDefinition[],
  version: string,
): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = route.path.replace(/:([A-Za-z]+)/g, '{$1}');
    paths[path] ??= {};
    (paths[path] as Record<string, unknown>)[route.method] = operation(route);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Jomart Ledger API',
      version,
      description:
        'A double-entry ledger for a charity center. Amounts are strings of tenge with two decimals; ' +
        'errors are RFC 9457 problem details with a stable `code`.',
    },
    servers: [{ url: '/' }],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: {
        Problem: {
          type: 'object',
          required: ['type', 'title', 'status', 'detail', 'code'],
          properties: {
            type: { type: 'string' },
            title: { type: 'string' },
            status: { type: 'integer' },
            detail: { type: 'string' },
            code: { type: 'string', examples: ['INVALID_AMOUNT', 'INSUFFICIENT_FUNDS'] },
          },
        },
      },
    },
  };
}

function operation(route: RouteDefinition): Record<string, unknown> {
  const roles =
    route.access === 'public'
      ? 'anyone'
      : route.access === 'authenticated'
        ? 'any logged-in user'
        : route.access.join(', ');
  const parameters = [
    ...parametersOf(route.params, 'path'),
    ...parametersOf(route.query, 'query'),
    ...(route.movesMoney
      ? [
          {
            name: 'Idempotency-Key',
            in: 'header',
            required: false,
            schema: { type: 'string', maxLength: 200 },
            description: 'The same key and body answer the first response again and move nothing.',
          },
        ]
      : []),
  ];
  return {
    summary: route.summary,
    description: `Allowed for: ${roles}.`,
    tags: [route.tag],
    ...(route.access === 'public' ? {} : { security: [{ bearer: [] }] }),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(route.bodyType === 'csv'
      ? {
          requestBody: {
            required: true,
            content: { 'text/csv': { schema: { type: 'string', contentMediaType: 'text/csv' } } },
          },
        }
      : {}),
    ...(route.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: jsonSchemaOf(route.body) } },
          },
        }
      : {}),
    responses: Object.fromEntries(
      Object.entries(route.responses).map(([status, description]) => [
        status,
        Number(status) >= 400
          ? {
              description,
              content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
            }
          : { description, content: { 'application/json': {} } },
      ]),
    ),
  };
}

function jsonSchemaOf(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
  }) as Record<string, unknown>;
  return rest;
}

function parametersOf(schema: z.ZodType | undefined, location: 'path' | 'query'): Record<string, unknown>[] {
  if (!schema) return [];
  const json = jsonSchemaOf(schema) as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' || (json.required ?? []).includes(name),
    schema: property,
  }));
}
