import { z } from 'zod';
import { todayInAlmaty } from '../calendar/business-date.js';
import { defineRoute, type RouteDefinition, userOf } from '../http/route.js';
import { idParams } from '../http/schemas.js';
import { DISPLAY_LANGUAGES, type DisplayLanguage } from '../money/display.js';
import { REGIONS } from '../recipients/regions.js';
import type { Services } from '../services.js';
import { DOCUMENT_TEXTS } from './document-texts.js';
import { OTHER_REGIONS, type PatronImpact } from './impact.js';

const PDF_CONTENT_TYPE = 'application/pdf';
const EVERY_ROLE = ['admin', 'staff', 'auditor', 'patron'] as const;
/** The years a statement may cover: the range of business dates (see calendar/business-date.ts). */
const FIRST_YEAR = 1900;
const LAST_YEAR = 9999;

const languageQuery = z
  .enum(DISPLAY_LANGUAGES)
  .default('kk')
  .meta({ description: 'the language of the document: kk (default), ru or en' });

const yearQuery = z
  .string()
  .regex(/^[0-9]{4}$/, 'must be a year written in four plain digits')
  .transform(Number)
  .pipe(z.number().min(FIRST_YEAR).max(LAST_YEAR))
  .optional()
  .meta({ type: 'integer', minimum: FIRST_YEAR, maximum: LAST_YEAR, description: 'default: this year' });

/** Impact as the API shows it: amounts as strings, regions with their names in the asked language. */
function impactView(impact: PatronImpact, language: DisplayLanguage) {
  const regionName = (code: string) =>
    code === OTHER_REGIONS
      ? DOCUMENT_TEXTS[language].otherRegions
      : (REGIONS.find((region) => region.code === code)?.[language] ?? code);
  return {
    patronId: impact.patronId,
    funds: impact.funds.map((fund) => ({
      fundId: fund.fundId,
      code: fund.code,
      name: fund.name,
      given: fund.given.toString(),
      aid: {
        total: fund.aid.total.toString(),
        people: fund.aid.people,
        regions: fund.aid.regions.map((group) => ({
          region: group.region,
          name: regionName(group.region),
          people: group.people,
          total: group.total.toString(),
        })),
      },
    })),
  };
}

/** GET /v1/donations/:id/receipt, /v1/patrons/:id/statement, /v1/patrons/:id/impact. */
export function documentRoutes(services: Services): RouteDefinition[] {
  return [
    defineRoute({
      method: 'get',
      path: '/v1/donations/:id/receipt',
      summary: 'Download the receipt of a posted donation (PDF)',
      tag: 'documents',
      access: EVERY_ROLE,
      params: idParams,
      query: z.strictObject({ lang: languageQuery }),
      responses: {
        200: 'a one-page PDF receipt (application/pdf), marked when the donation was reversed',
        404: 'no such donation (or not yours)',
        409: 'NOT_POSTED: the donation is pending or voided',
      },
      handle: async (context) => ({
        status: 200,
        contentType: PDF_CONTENT_TYPE,
        body: await services.documents.receipt(context.params.id, context.query.lang, userOf(context)),
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/v1/patrons/:id/statement',
      summary: 'Download the yearly statement of a patron (PDF)',
      tag: 'documents',
      access: EVERY_ROLE,
      params: idParams,
      query: z.strictObject({ year: yearQuery, lang: languageQuery }),
      responses: {
        200: "a PDF (application/pdf) of the year's posted donations and their total",
        404: 'no such patron (or not yours)',
      },
      handle: async (context) => {
        const year = context.query.year ?? Number(todayInAlmaty(services.clock).slice(0, 4));
        return {
          status: 200,
          contentType: PDF_CONTENT_TYPE,
          body: await services.documents.statement(
            context.params.id,
            year,
            context.query.lang,
            userOf(context),
          ),
        };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/patrons/:id/impact',
      summary: 'Show what the funds a patron gave to have paid out',
      tag: 'documents',
      access: EVERY_ROLE,
      params: idParams,
      query: z.strictObject({ lang: languageQuery }),
      responses: {
        200: 'per fund given to: the gift, aid paid in total, people helped, per region (fewer than 5 people folded into "other")',
        404: 'no such patron (or not yours)',
      },
      handle: async (context) => ({
        status: 200,
        body: impactView(
          await services.documents.impact(context.params.id, userOf(context)),
          context.query.lang,
        ),
      }),
    }),
  ];
}
