import { useState } from 'preact/hooks';
import { get, query } from '../api';
import { checkOptionalDate } from '../checks';
import { DownloadButton, PageHeader, Stat } from '../components/bits';
import { BarChart, LineChart } from '../components/charts';
import { amountSort, type Column, SortableTable } from '../components/sortable-table';
import { LoadState, useFunds, useLoad } from '../data';
import {
  amountForChart,
  formatCount,
  formatDate,
  formatTenge,
  parseDateInput,
  todayInAlmaty,
} from '../format';
import { type FieldErrors, SelectField, SubmitButton, TextField, useForm } from '../forms';
import { type Translate, useI18n } from '../i18n/language';
import type { TextKey } from '../i18n/texts';
import { categoryName, categoryOptions, regionName, regionOptions } from '../labels';
import { Link } from '../router';
import type { Fund, Report } from '../types';

/**
 * The auditors' reports (SPEC §7): each with its filters, a sortable table with its totals, and a CSV
 * download; an overview with aid per region (bars) and donations and aid per month (lines).
 */
type Row = Record<string, unknown>;
type FilterName = 'from' | 'to' | 'region' | 'fund' | 'category' | 'at';

interface ReportSpec {
  name: string;
  title: TextKey;
  filters: FilterName[];
  rowKey: (row: Row) => string;
  columns: (t: Translate, language: 'kk' | 'ru' | 'en') => Column<Row>[];
  /** The totals row: one cell per column, in column order. */
  totals: (totals: Record<string, string | number>) => Array<string | number | null>;
}

const text = (value: unknown) => (value === null || value === undefined ? '' : String(value));

function amountColumn(key: string, label: string): Column<Row> {
  return {
    key,
    label,
    numeric: true,
    render: (row) => formatTenge(text(row[key])),
    sortValue: (row) => amountSort(text(row[key])),
  };
}

function countColumn(key: string, label: string): Column<Row> {
  return {
    key,
    label,
    numeric: true,
    render: (row) => formatCount(Number(row[key] ?? 0)),
    sortValue: (row) => Number(row[key] ?? 0),
  };
}

const REPORTS: ReportSpec[] = [
  {
    name: 'recipients',
    title: 'reports.recipients',
    filters: ['from', 'to', 'region', 'fund', 'category'],
    rowKey: (row) => text(row.recipientId),
    columns: (t, language) => [
      {
        key: 'fullName',
        label: t('field.fullName'),
        render: (row) => (
          <Link href={`/recipients/${text(row.recipientId)}`}>
            {text(row.fullName) || t('recipients.erased')}
          </Link>
        ),
        sortValue: (row) => text(row.fullName),
      },
      {
        key: 'iin',
        label: t('field.iin'),
        render: (row) => <span class="mono">{text(row.iin) || '—'}</span>,
      },
      {
        key: 'region',
        label: t('field.region'),
        render: (row) => regionName(text(row.region), language, t),
        sortValue: (row) => regionName(text(row.region), language, t),
      },
      countColumn('aidCount', t('field.aidCount')),
      amountColumn('total', t('field.total')),
      amountColumn('pending', t('field.pending')),
    ],
    totals: (totals) => [
      null,
      null,
      null,
      totals.aidCount ?? null,
      totals.total ?? null,
      totals.pending ?? null,
    ],
  },
  {
    name: 'patrons',
    title: 'reports.patrons',
    filters: ['from', 'to', 'fund'],
    rowKey: (row) => text(row.patronId) || 'none',
    columns: (t) => [
      {
        key: 'name',
        label: t('field.name'),
        render: (row) =>
          row.patronId === null ? (
            <span class="muted">{t('donations.noPatron')}</span>
          ) : (
            <>
              <Link href={`/patrons/${text(row.patronId)}`}>{text(row.name) || t('recipients.erased')}</Link>
              {row.anonymous ? <span class="badge">{t('field.anonymous')}</span> : null}
            </>
          ),
        sortValue: (row) => text(row.name),
      },
      {
        key: 'kind',
        label: t('field.kind'),
        render: (row) =>
          row.kind ? t(row.kind === 'organization' ? 'kind.organization' : 'kind.individual') : '—',
      },
      countColumn('donationCount', t('field.donationCount')),
      amountColumn('total', t('field.total')),
      amountColumn('pending', t('field.pending')),
    ],
    totals: (totals) => [
      null,
      null,
      totals.donationCount ?? null,
      totals.total ?? null,
      totals.pending ?? null,
    ],
  },
  {
    name: 'funds',
    title: 'reports.funds',
    filters: ['from', 'to'],
    rowKey: (row) => text(row.fundId),
    columns: (t) => [
      {
        key: 'name',
        label: t('field.fund'),
        render: (row) => `${text(row.name)} (${text(row.code)})`,
        sortValue: (row) => text(row.name),
      },
      amountColumn('in', t('field.in')),
      amountColumn('out', t('field.out')),
      amountColumn('pending', t('field.pendingOut')),
      amountColumn('posted', t('field.posted')),
      amountColumn('available', t('field.available')),
    ],
    totals: (totals) => [
      null,
      totals.in ?? null,
      totals.out ?? null,
      totals.pending ?? null,
      totals.posted ?? null,
      totals.available ?? null,
    ],
  },
  {
    name: 'regions',
    title: 'reports.regions',
    filters: ['from', 'to', 'fund', 'category'],
    rowKey: (row) => text(row.region),
    columns: (t, language) => [
      {
        key: 'region',
        label: t('field.region'),
        render: (row) => (row.name as Record<string, string> | undefined)?.[language] ?? text(row.region),
        sortValue: (row) => (row.name as Record<string, string> | undefined)?.[language] ?? text(row.region),
      },
      countColumn('aidCount', t('field.aidCount')),
      countColumn('people', t('field.people')),
      amountColumn('total', t('field.total')),
      amountColumn('pending', t('field.pending')),
    ],
    totals: (totals) => [
      null,
      totals.aidCount ?? null,
      totals.people ?? null,
      totals.total ?? null,
      totals.pending ?? null,
    ],
  },
  {
    name: 'categories',
    title: 'reports.categories',
    filters: ['from', 'to', 'fund', 'region'],
    rowKey: (row) => text(row.category),
    columns: (t) => [
      {
        key: 'category',
        label: t('field.category'),
        render: (row) => categoryName(text(row.category), t),
        sortValue: (row) => categoryName(text(row.category), t),
      },
      countColumn('aidCount', t('field.aidCount')),
      countColumn('people', t('field.people')),
      amountColumn('total', t('field.total')),
      amountColumn('pending', t('field.pending')),
    ],
    totals: (totals) => [
      null,
      totals.aidCount ?? null,
      totals.people ?? null,
      totals.total ?? null,
      totals.pending ?? null,
    ],
  },
  {
    name: 'trial-balance',
    title: 'reports.trialBalance',
    filters: ['at'],
    rowKey: (row) => text(row.account),
    columns: (t) => [
      {
        key: 'account',
        label: t('field.account'),
        render: (row) => <span class="mono">{text(row.account)}</span>,
        sortValue: (row) => text(row.account),
      },
      {
        key: 'type',
        label: t('field.accountType'),
        render: (row) => text(row.type),
        sortValue: (row) => text(row.type),
      },
      amountColumn('debit', t('field.debit')),
      amountColumn('credit', t('field.credit')),
      amountColumn('balance', t('field.balance')),
    ],
    totals: (totals) => [null, null, totals.debit ?? null, totals.credit ?? null, totals.balance ?? null],
  },
];

function ReportTabs({ name }: { name: string }) {
  const { t } = useI18n();
  const tabs: Array<{ name: string; title: TextKey }> = [
    { name: 'overview', title: 'reports.overview' },
    ...REPORTS,
  ];
  return (
    <nav class="tabs" aria-label={t('reports.choose')}>
      {tabs.map((tab) => (
        <Link
          key={tab.name}
          href={tab.name === 'overview' ? '/reports' : `/reports/${tab.name}`}
          aria-current={tab.name === name ? 'page' : undefined}
        >
          {t(tab.title)}
        </Link>
      ))}
    </nav>
  );
}

export function ReportsPage({ name }: { name: string }) {
  const { t } = useI18n();
  const spec = REPORTS.find((candidate) => candidate.name === name);
  return (
    <>
      <PageHeader title={t('reports.title')} lead={t('reports.lead')} />
      <ReportTabs name={name} />
      {spec ? <ReportView key={spec.name} spec={spec} /> : <Overview />}
    </>
  );
}

type Filters = Record<FilterName, string>;
const NO_FILTERS: Filters = { from: '', to: '', region: '', fund: '', category: '', at: '' };

function FilterForm({
  spec,
  funds,
  onApply,
}: {
  spec: ReportSpec;
  funds: Fund[];
  onApply: (filters: Filters) => void;
}) {
  const { t, language } = useI18n();
  const form = useForm<Filters>(NO_FILTERS);
  const shown = new Set(spec.filters);
  const any = { value: '', label: t('filter.any') };
  return (
    <form
      class="filters"
      noValidate
      onSubmit={form.submit({
        reset: false,
        validate: (values) => {
          const errors: FieldErrors = {};
          for (const name of ['from', 'to', 'at'] as const) checkOptionalDate(errors, name, values[name], t);
          return errors;
        },
        run: async (values) => onApply(values),
      })}
    >
      {shown.has('from') ? (
        <TextField
          form={form}
          name="from"
          label={t('field.from')}
          inputMode="numeric"
          placeholder={t('hint.datePlaceholder')}
        />
      ) : null}
      {shown.has('to') ? (
        <TextField
          form={form}
          name="to"
          label={t('field.to')}
          inputMode="numeric"
          placeholder={t('hint.datePlaceholder')}
        />
      ) : null}
      {shown.has('at') ? (
        <TextField
          form={form}
          name="at"
          label={t('field.at')}
          inputMode="numeric"
          placeholder={t('hint.datePlaceholder')}
          hint={t('hint.dateToday')}
        />
      ) : null}
      {shown.has('region') ? (
        <SelectField
          form={form}
          name="region"
          label={t('field.region')}
          options={[any, ...regionOptions(language)]}
        />
      ) : null}
      {shown.has('fund') ? (
        <SelectField
          form={form}
          name="fund"
          label={t('field.fund')}
          options={[
            any,
            ...funds.map((fund) => ({ value: String(fund.id), label: `${fund.name} (${fund.code})` })),
          ]}
        />
      ) : null}
      {shown.has('category') ? (
        <SelectField
          form={form}
          name="category"
          label={t('field.category')}
          options={[any, ...categoryOptions(t)]}
        />
      ) : null}
      <div class="actions">
        <SubmitButton busy={form.busy} label={t('action.apply')} />
      </div>
    </form>
  );
}

function reportQuery(filters: Filters, format?: 'csv'): string {
  const date = (value: string) => (value.trim() ? (parseDateInput(value) ?? undefined) : undefined);
  return query({
    from: date(filters.from),
    to: date(filters.to),
    at: date(filters.at),
    region: filters.region,
    fund: filters.fund,
    category: filters.category,
    format,
  });
}

function ReportView({ spec }: { spec: ReportSpec }) {
  const { t, language } = useI18n();
  const funds = useFunds();
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const report = useLoad(
    () => get<Report<Row>>(`/v1/reports/${spec.name}${reportQuery(filters)}`),
    [spec.name, JSON.stringify(filters)],
  );
  const columns = spec.columns(t, language);
  const totals = report.data ? spec.totals(report.data.totals) : [];
  const footer = report.data ? (
    <tr>
      {columns.map((column, index) => {
        const value = totals[index];
        const cell =
          index === 0
            ? t('field.totals')
            : value === null || value === undefined
              ? ''
              : typeof value === 'number'
                ? formatCount(value)
                : formatTenge(value);
        return (
          <td key={column.key} class={column.numeric ? 'numeric' : undefined}>
            {cell}
          </td>
        );
      })}
    </tr>
  ) : null;
  return (
    <section class="panel" aria-labelledby="report-title">
      <div class="panel-header">
        <h2 id="report-title">{t(spec.title)}</h2>
        <DownloadButton
          path={`/v1/reports/${spec.name}${reportQuery(filters, 'csv')}`}
          fileName={`${spec.name}.csv`}
        >
          {t('reports.downloadCsv')}
        </DownloadButton>
      </div>
      <FilterForm spec={spec} funds={funds.data ?? []} onApply={setFilters} />
      {report.data?.at ? <p class="hint">{t('reports.at', { date: formatDate(report.data.at) })}</p> : null}
      <LoadState loaded={report} />
      {spec.name === 'regions' && report.data ? <RegionBars rows={report.data.rows} /> : null}
      {report.data ? (
        <SortableTable
          caption={t(spec.title)}
          columns={columns}
          rows={report.data.rows}
          rowKey={spec.rowKey}
          footer={footer}
        />
      ) : null}
    </section>
  );
}

function RegionBars({ rows }: { rows: Row[] }) {
  const { t, language } = useI18n();
  const shown = rows.filter((row) => amountSort(text(row.total)) !== 0n);
  if (shown.length === 0) return null;
  return (
    <BarChart
      title={t('charts.aidPerRegion')}
      labels={shown.map(
        (row) => (row.name as Record<string, string> | undefined)?.[language] ?? text(row.region),
      )}
      series={[{ label: t('charts.aid'), values: shown.map((row) => amountForChart(text(row.total))) }]}
    />
  );
}

const MONTHS = Array.from({ length: 12 }, (_unused, index) => String(index + 1).padStart(2, '0'));

function lastDayOf(year: number, month: string): string {
  const day = new Date(Date.UTC(year, Number(month), 0)).getUTCDate();
  return `${year}-${month}-${String(day).padStart(2, '0')}`;
}

/** A year at a glance: totals, aid per region, and donations and aid per month (12 funds reports). */
function Overview() {
  const { t, language } = useI18n();
  const thisYear = Number(todayInAlmaty().slice(0, 4));
  const [year, setYear] = useState(thisYear);
  const window = query({ from: `${year}-01-01`, to: `${year}-12-31` });
  const funds = useLoad(() => get<Report<Row>>(`/v1/reports/funds${window}`), [year]);
  const regions = useLoad(() => get<Report<Row>>(`/v1/reports/regions${window}`), [year]);
  const months = useLoad(
    () =>
      Promise.all(
        MONTHS.map((month) =>
          get<Report<Row>>(
            `/v1/reports/funds${query({ from: `${year}-${month}-01`, to: lastDayOf(year, month) })}`,
          ),
        ),
      ),
    [year],
  );
  const regionRows = (regions.data?.rows ?? []).filter((row) => amountSort(text(row.total)) !== 0n);
  const monthLabels = MONTHS.map((month) => `${month}.${year}`);
  return (
    <>
      <section class="panel" aria-labelledby="overview-title">
        <div class="panel-header">
          <h2 id="overview-title">{t('reports.overviewYear', { year })}</h2>
          <div class="inline-form">
            <label for="overview-year">{t('field.year')}</label>
            <select
              id="overview-year"
              value={String(year)}
              onChange={(event) => setYear(Number((event.currentTarget as HTMLSelectElement).value))}
            >
              {[0, 1, 2, 3, 4].map((back) => (
                <option key={back} value={String(thisYear - back)}>
                  {thisYear - back}
                </option>
              ))}
            </select>
          </div>
        </div>
        <LoadState loaded={funds} />
        {funds.data ? (
          <div class="stats">
            <Stat
              label={t('summary.donated')}
              value={<span data-testid="total-in">{formatTenge(text(funds.data.totals.in))}</span>}
              tone="in"
            />
            <Stat
              label={t('summary.disbursed')}
              value={<span data-testid="total-out">{formatTenge(text(funds.data.totals.out))}</span>}
              tone="out"
            />
            <Stat label={t('field.pendingOut')} value={formatTenge(text(funds.data.totals.pending))} />
            <Stat label={t('field.available')} value={formatTenge(text(funds.data.totals.available))} />
          </div>
        ) : null}
      </section>
      <div class="grid two">
        <section class="panel" aria-labelledby="months-title">
          <h2 id="months-title">{t('charts.perMonth')}</h2>
          <LoadState loaded={months} />
          {months.data ? (
            <LineChart
              title={t('charts.perMonth')}
              labels={monthLabels}
              series={[
                {
                  label: t('charts.donations'),
                  values: months.data.map((month) => amountForChart(text(month.totals.in))),
                },
                {
                  label: t('charts.aid'),
                  values: months.data.map((month) => amountForChart(text(month.totals.out))),
                },
              ]}
            />
          ) : null}
        </section>
        <section class="panel" aria-labelledby="regions-title">
          <h2 id="regions-title">{t('charts.aidPerRegion')}</h2>
          <LoadState loaded={regions} />
          {regions.data && regionRows.length === 0 ? <p class="muted">{t('charts.noAid')}</p> : null}
          {regionRows.length > 0 ? (
            <BarChart
              title={t('charts.aidPerRegion')}
              labels={regionRows.map((row) => regionName(text(row.region), language, t))}
              series={[
                { label: t('charts.aid'), values: regionRows.map((row) => amountForChart(text(row.total))) },
              ]}
            />
          ) : null}
        </section>
      </div>
    </>
  );
}
