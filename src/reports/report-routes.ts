import { z } from 'zod';
import { type AuthenticatedUser, seesFullIin } from '../auth/roles.js';
import { defineRoute, type RouteDefinition, type RouteResult, userOf } from '../http/route.js';
import { businessDateSchema, dateRangeQuery, idSchema } from '../http/schemas.js';
import { AID_CATEGORIES } from '../ledger/chart.js';
import { maskTaxId } from '../people/tax-id.js';
import { REGION_CODES } from '../recipients/regions.js';
import type { Services } from '../services.js';
import { CSV_CONTENT_TYPE } from '../text/csv.js';
import { type CsvColumn, plain, reportCsv, summed } from './report-csv.js';
import type {
  AidGroup,
  AidGroupTotals,
  AidTotals,
  CategoryReportRow,
  DonationTotals,
  FundReportRow,
  FundTotals,
  PatronReportRow,
  RecipientReportRow,
  RegionReportRow,
  TrialBalanceRow,
  TrialBalanceTotals,
} from './report-types.js';

const READERS = ['admin', 'staff', 'auditor'] as const;
/** The earliest and latest year the public summary can be asked for, as business dates allow. */
const FIRST_YEAR = 1900;
const LAST_YEAR = 9999;

const formatQuery = {
  format: z
    .enum(['json', 'csv'], { error: 'format must be json or csv' })
    .default('json')
    .meta({ description: 'json (default), or csv: UTF-8 with BOM, a header row and a last "total" row' }),
};
const fundQuery = {
  fund: idSchema.optional().meta({ description: 'only aid or donations of this fund id' }),
};
const regionQuery = {
  region: z
    .enum(REGION_CODES, { error: 'region must be one of the 20 ISO 3166-2:KZ codes' })
    .optional()
    .meta({ description: "only aid to recipients of this region (ISO 3166-2:KZ, e.g. 'KZ-75')" }),
};
const categoryQuery = {
  category: z
    .enum(AID_CATEGORIES, { error: `category must be one of ${AID_CATEGORIES.join(', ')}` })
    .optional()
    .meta({ description: 'only aid of this category' }),
};

const recipientsQuery = z.strictObject({
  ...formatQuery,
  ...dateRangeQuery,
  ...regionQuery,
  ...fundQuery,
  ...categoryQuery,
});
const patronsQuery = z.strictObject({ ...formatQuery, ...dateRangeQuery, ...fundQuery });
const fundsQuery = z.strictObject({
  ...formatQuery,
  from: dateRangeQuery.from.meta({ description: 'first value date of money in and out, inclusive' }),
  to: dateRangeQuery.to.meta({ description: 'last value date of money in and out, inclusive' }),
});
const regionsQuery = z.strictObject({ ...formatQuery, ...dateRangeQuery, ...fundQuery, ...categoryQuery });
const categoriesQuery = z.strictObject({ ...formatQuery, ...dateRangeQuery, ...fundQuery, ...regionQuery });
const trialBalanceQuery = z.strictObject({
  ...formatQuery,
  at: businessDateSchema
    .optional()
    .meta({ description: 'entries dated on or before this day count; today in Almaty by default' }),
});
const publicSummaryQuery = z.strictObject({
  year: z
    .string()
    .regex(/^[0-9]{4}$/, 'year must be four digits')
    .transform(Number)
    .pipe(z.number().min(FIRST_YEAR).max(LAST_YEAR))
    .optional()
    .meta({
      type: 'integer',
      minimum: FIRST_YEAR,
      maximum: LAST_YEAR,
      description: 'only this calendar year',
    }),
});

/** A recipients row as a viewer sees it: the IIN in full for staff and admins only. */
function recipientRowView(row: RecipientReportRow, viewer: AuthenticatedUser) {
  return { ...row, iin: seesFullIin(viewer) ? row.iin : maskTaxId(row.iin) };
}
type RecipientRowView = ReturnType<typeof recipientRowView>;

const RECIPIENT_COLUMNS: CsvColumn<RecipientRowView, AidTotals>[] = [
  plain('recipientId'),
  plain('iin'),
  plain('fullName'),
  plain('region'),
  summed('aidCount'),
  summed('total'),
  summed('pending'),
];
const PATRON_COLUMNS: CsvColumn<PatronReportRow, DonationTotals>[] = [
  plain('patronId'),
  plain('name'),
  plain('kind'),
  plain('anonymous'),
  summed('donationCount'),
  summed('total'),
  summed('pending'),
];
const FUND_COLUMNS: CsvColumn<FundReportRow, FundTotals>[] = [
  plain('fundId'),
  plain('code'),
  plain('name'),
  summed('in'),
  summed('out'),
  summed('pending'),
  summed('posted'),
  summed('available'),
];
const GROUP_COLUMNS: CsvColumn<AidGroup, AidGroupTotals>[] = [
  summed('aidCount'),
  summed('people'),
  summed('total'),
  summed('pending'),
];
const REGION_COLUMNS: CsvColumn<RegionReportRow, AidGroupTotals>[] = [
  plain('region'),
  { header: 'nameKk', value: (row) => row.name.kk },
  { header: 'nameRu', value: (row) => row.name.ru },
  { header: 'nameEn', value: (row) => row.name.en },
  ...GROUP_COLUMNS,
];
const CATEGORY_COLUMNS: CsvColumn<CategoryReportRow, AidGroupTotals>[] = [
  plain('category'),
  ...GROUP_COLUMNS,
];
const TRIAL_BALANCE_COLUMNS: CsvColumn<TrialBalanceRow, TrialBalanceTotals>[] = [
  plain('account'),
  plain('type'),
  summed('debit'),
  summed('credit'),
  summed('balance'),
];

/** The report as JSON, or as the CSV document of its columns. */
function answer<Row, Totals>(
  format: 'json' | 'csv',
  report: { rows: Row[]; totals: Totals },
  columns: readonly CsvColumn<Row, Totals>[],
): RouteResult {
  if (format === 'csv')
    return { status: 200, body: reportCsv(columns, report), contentType: CSV_CONTENT_TYPE };
  return { status: 200, body: report };
}

const REPORT_ERRORS = {
  400: 'an unknown query parameter, a date that is not YYYY-MM-DD, from after to, or a format other than json|csv',
  404: 'no such fund',
};

/** GET /v1/reports/* (SPEC §7; staff, admins and auditors) and GET /v1/public/summary (anyone). */
export function reportRoutes(services: Services): RouteDefinition[] {
  return [
    defineRoute({
      method: 'get',
      path: '/v1/reports/recipients',
      summary: 'Report aid per recipient',
      tag: 'reports',
      access: READERS,
      query: recipientsQuery,
      responses: {
        200:
          '{rows, totals}: per recipient (by id) aidCount, total (posted aid net of reversals) and pending ' +
          '(aid awaiting approval); IINs masked except for staff and admins. CSV with format=csv',
        ...REPORT_ERRORS,
      },
      handle: async (context) => {
        const { format, from, to, region, fund, category } = context.query;
        const report = await services.reports.recipients({ from, to, region, fundId: fund, category });
        const viewer = userOf(context);
        const rows = report.rows.map((row) => recipientRowView(row, viewer));
        return answer(format, { rows, totals: report.totals }, RECIPIENT_COLUMNS);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/reports/patrons',
      summary: 'Report donations per patron',
      tag: 'reports',
      access: READERS,
      query: patronsQuery,
      responses: {
        200:
          '{rows, totals}: per patron (by id; donations without a patron last) donationCount, total ' +
          '(posted, net of reversals) and pending (declared, not yet confirmed); anonymous patrons are ' +
          'named with anonymous: true. CSV with format=csv',
        ...REPORT_ERRORS,
      },
      handle: async (context) => {
        const { format, from, to, fund } = context.query;
        return answer(format, await services.reports.patrons({ from, to, fundId: fund }), PATRON_COLUMNS);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/reports/funds',
      summary: 'Report money in and out per fund',
      tag: 'reports',
      access: READERS,
      query: fundsQuery,
      responses: {
        200:
          '{rows, totals}: per fund in and out (posted, each net of its reversals) within from/to; pending ' +
          '(aid awaiting approval), posted and available (posted − pending) are always the current ' +
          'balances, whatever from/to say. CSV with format=csv',
        400: REPORT_ERRORS[400],
      },
      handle: async (context) => {
        const { format, from, to } = context.query;
        return answer(format, await services.reports.funds({ from, to }), FUND_COLUMNS);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/reports/regions',
      summary: 'Report aid per region',
      tag: 'reports',
      access: READERS,
      query: regionsQuery,
      responses: {
        200:
          '{rows, totals}: each of the 20 regions with its names (kk, ru, en), aidCount, people ' +
          '(recipients with posted aid above zero), total and pending. CSV with format=csv',
        ...REPORT_ERRORS,
      },
      handle: async (context) => {
        const { format, from, to, fund, category } = context.query;
        const report = await services.reports.regions({ from, to, fundId: fund, category });
        return answer(format, report, REGION_COLUMNS);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/reports/categories',
      summary: 'Report aid per category',
      tag: 'reports',
      access: READERS,
      query: categoriesQuery,
      responses: {
        200:
          '{rows, totals}: each aid category with aidCount, people, total and pending; totals.people ' +
          'counts a person helped in two categories once. CSV with format=csv',
        ...REPORT_ERRORS,
      },
      handle: async (context) => {
        const { format, from, to, fund, region } = context.query;
        const report = await services.reports.categories({ from, to, fundId: fund, region });
        return answer(format, report, CATEGORY_COLUMNS);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/reports/trial-balance',
      summary: 'Report the trial balance',
      tag: 'reports',
      access: READERS,
      query: trialBalanceQuery,
      responses: {
        200:
          '{at, rows, totals}: every account with its posted debits, credits and balance (debit − credit) ' +
          'from entries dated on or before at; totals.balance is always "0.00". CSV with format=csv',
        400: REPORT_ERRORS[400],
      },
      handle: async (context) => {
        const { format, at } = context.query;
        return answer(format, await services.reports.trialBalance(at), TRIAL_BALANCE_COLUMNS);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/public/summary',
      summary: 'Show the public summary',
      tag: 'public',
      access: 'public',
      query: publicSummaryQuery,
      responses: {
        200:
          'money donated and paid out (posted, net of reversals), people helped, and aid per region, ' +
          'category and month; groups of fewer than 5 recipients are folded into one "other" row. ' +
          'No names, no IINs, nothing about patrons',
        400: 'an unknown query parameter, or a year that is not four digits',
      },
      handle: async (context) => ({
        status: 200,
        body: await services.reports.publicSummary(context.query.year),
      }),
    }),
  ];
}
