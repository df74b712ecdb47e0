// Proves the OpenAPI 3.1 document served at /v1/openapi.json describes every route the server mounts
// (and no other), with closed request bodies, the required fields of SPEC §6, amounts as strings with a
// pattern that matches SPEC §2, and errors as problem details; and that /docs serves Swagger UI from
// this process, with no page fetched from the internet.
import { expect } from 'chai';
import { apiRoutes } from '../../src/app.js';
import type { RouteDefinition } from '../../src/http/route.js';
import { useApi } from '../support/api-harness.js';

interface JsonSchema {
  type?: string;
  pattern?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean;
}

interface Operation {
  security?: unknown[];
  parameters?: { name: string; in: string; required: boolean; schema: JsonSchema }[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>;
}

interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, JsonSchema>; securitySchemes: Record<string, unknown> };
}

/** The fields SPEC §6 shapes name as required in each request body (optional ones carry a `?`). */
const REQUIRED_BODY_FIELDS: Readonly<Record<string, readonly string[]>> = {
  'POST /v1/auth/login': ['email', 'password'],
  'POST /v1/auth/register': ['email', 'password', 'name'],
  'POST /v1/users': ['email', 'password', 'role'],
  'POST /v1/patrons': ['name', 'kind'],
  'POST /v1/recipients': ['iin', 'fullName', 'region'],
  'POST /v1/funds': ['code', 'name', 'restricted'],
  'POST /v1/donations': ['amount'],
  'POST /v1/aid': ['recipientId', 'fundId', 'amount', 'category'],
  'POST /v1/entries/:id/reverse': ['reason'],
  'POST /v1/periods/close': ['through'],
};

/** Body fields that hold tenge (SPEC §2), by route. */
const AMOUNT_FIELDS: Readonly<Record<string, readonly string[]>> = {
  'POST /v1/donations': ['amount'],
  'POST /v1/aid': ['amount'],
  'POST /v1/funds': ['capPerRecipientYear'],
};

/** SPEC §2: digits, optionally "." and 1–2 fraction digits; nothing else. */
const AMOUNTS_ACCEPTED = ['1500', '1500.5', '1500.50', '0.01', '1000000000000.00'];
const AMOUNTS_REFUSED = ['1e3', '-5', '+5', '1,5', '1 500', '1500.505', '.5', '5.', '', '١٥٠٠', '1500.00 '];

const keyOf = (route: RouteDefinition) => `${route.method.toUpperCase()} ${route.path}`;
const openApiPathOf = (path: string) => path.replace(/:([A-Za-z]+)/g, '{$1}');

describe('openapi', () => {
  const api = useApi();
  let document: OpenApiDocument;
  let routes: RouteDefinition[];
  before(async () => {
    const response = await api.current.get('anonymous', '/v1/openapi.json').expect(200);
    expect(response.headers['content-type']).to.match(/^application\/json/);
    document = response.body;
    routes = apiRoutes(api.current.services);
  });

  const operationOf = (route: RouteDefinition): Operation => {
    const operation = document.paths[openApiPathOf(route.path)]?.[route.method];
    if (!operation) throw new Error(`${keyOf(route)} is missing from the OpenAPI document`);
    return operation;
  };

  const bodySchemaOf = (route: RouteDefinition): JsonSchema => {
    const schema = operationOf(route).requestBody?.content['application/json']?.schema;
    if (!schema) throw new Error(`${keyOf(route)} documents no application/json request body`);
    return schema;
  };

  it('GET /v1/openapi.json — anonymous — OpenAPI 3.1.0 with a title, a version and bearer auth', () => {
    expect(document.openapi).to.equal('3.1.0');
    expect(document.info.title).to.be.a('string').and.not.be.empty;
    expect(document.info.version).to.match(/^\d+\.\d+\.\d+$/);
    expect(document.components.securitySchemes).to.have.property('bearer');
  });

  it('paths — every route in apiRoutes — documented under its path and method, and nothing else', () => {
    const documented = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
    );
    const declared = routes.map((route) => `${route.method.toUpperCase()} ${openApiPathOf(route.path)}`);
    expect(documented).to.have.members(declared);
  });

  it('operations — every route with :id — declare the id as a required integer path parameter', () => {
    for (const route of routes.filter((candidate) => candidate.path.includes(':id'))) {
      const id = operationOf(route).parameters?.find((parameter) => parameter.name === 'id');
      expect(id, keyOf(route)).to.include({ in: 'path', required: true });
      expect(id?.schema.type, keyOf(route)).to.equal('integer');
    }
  });

  it('operations — public and protected routes — bearer security exactly on the protected ones', () => {
    for (const route of routes) {
      const security = operationOf(route).security;
      if (route.access === 'public') expect(security, keyOf(route)).to.equal(undefined);
      else expect(security, keyOf(route)).to.deep.equal([{ bearer: [] }]);
    }
  });

  it('request bodies — every POST route with a body — an object schema with additionalProperties false', () => {
    const withBodies = routes.filter((route) => route.method === 'post' && route.body);
    expect(withBodies).to.not.be.empty;
    for (const route of withBodies) {
      const schema = bodySchemaOf(route);
      expect(schema.type, keyOf(route)).to.equal('object');
      expect(schema.additionalProperties, keyOf(route)).to.equal(false);
    }
  });

  it('request bodies — the shapes of SPEC §6 — each documents its required fields as required', () => {
    for (const [key, fields] of Object.entries(REQUIRED_BODY_FIELDS)) {
      const route = routes.find((candidate) => keyOf(candidate) === key);
      expect(route, `${key} is declared`).to.not.equal(undefined);
      const schema = bodySchemaOf(route as RouteDefinition);
      expect(schema.required ?? [], key).to.include.members([...fields]);
      expect(Object.keys(schema.properties ?? {}), key).to.include.members([...fields]);
    }
  });

  it('request bodies — every tenge amount — a string with a pattern that accepts SPEC §2 amounts only', () => {
    for (const [key, fields] of Object.entries(AMOUNT_FIELDS)) {
      const route = routes.find((candidate) => keyOf(candidate) === key) as RouteDefinition;
      for (const field of fields) {
        const property = bodySchemaOf(route).properties?.[field];
        const where = `${key} ${field}`;
        expect(property?.type, where).to.equal('string');
        expect(property?.pattern, where).to.be.a('string');
        // JSON Schema patterns are ECMA-262 regular expressions, unanchored unless they anchor themselves.
        const pattern = new RegExp(property?.pattern as string, 'u');
        for (const amount of AMOUNTS_ACCEPTED)
          expect(pattern.test(amount), `${where} "${amount}"`).to.equal(true);
        for (const amount of AMOUNTS_REFUSED)
          expect(pattern.test(amount), `${where} "${amount}"`).to.equal(false);
      }
    }
  });

  it('request bodies — any property named like an amount — never documented as a JSON number', () => {
    for (const route of routes.filter((candidate) => candidate.body)) {
      for (const [name, property] of Object.entries(bodySchemaOf(route).properties ?? {})) {
        if (!/amount|cap/i.test(name) || name === 'originalAmount') continue;
        expect(property.type, `${keyOf(route)} ${name}`).to.equal('string');
      }
    }
  });

  it('responses — every operation — a success status, and errors as application/problem+json Problem', () => {
    expect(document.components.schemas.Problem?.required).to.include.members([
      'type',
      'title',
      'status',
      'detail',
      'code',
    ]);
    for (const route of routes) {
      const responses = operationOf(route).responses;
      const statuses = Object.keys(responses).map(Number);
      expect(
        statuses.some((status) => status >= 200 && status < 300),
        keyOf(route),
      ).to.equal(true);
      for (const status of statuses.filter((candidate) => candidate >= 400)) {
        const schema = responses[status]?.content?.['application/problem+json']?.schema;
        expect(schema?.$ref, `${keyOf(route)} ${status}`).to.equal('#/components/schemas/Problem');
      }
    }
  });

  it('GET /docs — anonymous — 200 HTML that loads Swagger UI from this server only', async () => {
    const response = await api.current.get('anonymous', '/docs').expect(200);
    expect(response.headers['content-type']).to.match(/^text\/html/);
    expect(response.text).to.include('/docs/assets/swagger-ui-bundle.js');
    expect(response.text, 'no script or style from another host').to.not.match(/(src|href)="(https?:)?\/\//);
  });

  it('GET /docs/assets/swagger-ui-bundle.js — anonymous — 200 JavaScript served locally', async () => {
    const response = await api.current.get('anonymous', '/docs/assets/swagger-ui-bundle.js').expect(200);
    expect(response.headers['content-type']).to.match(/javascript/);
    expect(Number(response.headers['content-length'])).to.be.above(100_000);
  });

  it('GET /docs/start.js and /docs/assets/swagger-ui.css — anonymous — 200, pointing at /v1/openapi.json', async () => {
    const start = await api.current.get('anonymous', '/docs/start.js').expect(200);
    expect(start.text).to.include('/v1/openapi.json');
    await api.current.get('anonymous', '/docs/assets/swagger-ui.css').expect(200);
  });
});
