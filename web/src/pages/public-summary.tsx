import { useState } from 'preact/hooks';
import { get, query } from '../api';
import { PageHeader, Stat } from '../components/bits';
import { BarChart, LineChart } from '../components/charts';
import { amountSort, type Column, SortableTable } from '../components/sortable-table';
import { LoadState, useLoad } from '../data';
import { amountForChart, formatCount, formatTenge, todayInAlmaty } from '../format';
import { useI18n } from '../i18n/language';
import { categoryName, monthLabel } from '../labels';
import { Link } from '../router';
import { useSession } from '../session';
import type { PublicGroup, PublicSummary } from '../types';

/**
 * What anyone may see, signed in or not (GET /v1/public/summary): money in and out, people helped,
 * aid per region and per month. Groups of fewer than five people are folded into «other» by the API.
 */
export function PublicSummaryPage() {
  const { t, language } = useI18n();
  const session = useSession();
  const thisYear = Number(todayInAlmaty().slice(0, 4));
  const [year, setYear] = useState<string>(String(thisYear));
  const summary = useLoad(() => get<PublicSummary>(`/v1/public/summary${query({ year })}`), [year]);
  const data = summary.data;
  const regionLabel = (group: PublicGroup) =>
    group.code === 'other' ? t('summary.other') : (group.name?.[language] ?? group.code);
  const months = (data?.months ?? []).filter((group) => group.code !== 'other');
  const groupColumns = (label: string, name: (group: PublicGroup) => string): Column<PublicGroup>[] => [
    { key: 'name', label, render: name, sortValue: name },
    {
      key: 'people',
      label: t('field.people'),
      numeric: true,
      render: (row) => formatCount(row.people),
      sortValue: (row) => row.people,
    },
    {
      key: 'aidCount',
      label: t('field.aidCount'),
      numeric: true,
      render: (row) => formatCount(row.aidCount),
      sortValue: (row) => row.aidCount,
    },
    {
      key: 'total',
      label: t('field.total'),
      numeric: true,
      render: (row) => formatTenge(row.total),
      sortValue: (row) => amountSort(row.total),
    },
  ];
  return (
    <>
      <PageHeader title={t('summary.title')} lead={t('summary.lead')}>
        <div class="inline-form">
          <label for="summary-year">{t('field.year')}</label>
          <select
            id="summary-year"
            value={year}
            onChange={(event) => setYear((event.currentTarget as HTMLSelectElement).value)}
          >
            <option value="">{t('summary.allYears')}</option>
            {[0, 1, 2, 3, 4].map((back) => (
              <option key={back} value={String(thisYear - back)}>
                {thisYear - back}
              </option>
            ))}
          </select>
        </div>
      </PageHeader>
      {!session.user ? (
        <div class="callout">
          <p>{t('summary.invite')}</p>
          <Link href="/sign-up" class="button primary">
            {t('nav.signUp')}
          </Link>
          <Link href="/sign-in" class="button secondary">
            {t('nav.signIn')}
          </Link>
        </div>
      ) : null}
      <LoadState loaded={summary} />
      {data ? (
        <>
          <section class="panel" aria-label={t('summary.totals')}>
            <div class="stats">
              <Stat
                label={t('summary.donated')}
                value={<span data-testid="public-donated">{formatTenge(data.totals.donated)}</span>}
                tone="in"
              />
              <Stat
                label={t('summary.disbursed')}
                value={<span data-testid="public-disbursed">{formatTenge(data.totals.disbursed)}</span>}
                tone="out"
              />
              <Stat label={t('summary.people')} value={formatCount(data.totals.peopleHelped)} />
              <Stat label={t('field.aidCount')} value={formatCount(data.totals.aidCount)} />
            </div>
          </section>
          <div class="grid two">
            <section class="panel" aria-labelledby="public-regions">
              <h2 id="public-regions">{t('charts.aidPerRegion')}</h2>
              {data.regions.length === 0 ? <p class="muted">{t('charts.noAid')}</p> : null}
              {data.regions.length > 0 ? (
                <BarChart
                  title={t('charts.aidPerRegion')}
                  labels={data.regions.map(regionLabel)}
                  series={[
                    {
                      label: t('charts.aid'),
                      values: data.regions.map((group) => amountForChart(group.total)),
                    },
                  ]}
                />
              ) : null}
            </section>
            <section class="panel" aria-labelledby="public-months">
              <h2 id="public-months">{t('charts.aidPerMonth')}</h2>
              {months.length === 0 ? <p class="muted">{t('charts.noAid')}</p> : null}
              {months.length > 0 ? (
                <LineChart
                  title={t('charts.aidPerMonth')}
                  labels={months.map((group) => monthLabel(group.code, t))}
                  series={[
                    { label: t('charts.aid'), values: months.map((group) => amountForChart(group.total)) },
                  ]}
                />
              ) : null}
            </section>
          </div>
          <div class="grid two">
            <section class="panel" aria-labelledby="public-region-table">
              <h2 id="public-region-table">{t('summary.regionsTable')}</h2>
              <SortableTable
                caption={t('summary.regionsTable')}
                columns={groupColumns(t('field.region'), regionLabel)}
                rows={data.regions}
                rowKey={(row) => row.code}
              />
            </section>
            <section class="panel" aria-labelledby="public-category-table">
              <h2 id="public-category-table">{t('summary.categoriesTable')}</h2>
              <SortableTable
                caption={t('summary.categoriesTable')}
                columns={groupColumns(t('field.category'), (group) => categoryName(group.code, t))}
                rows={data.categories}
                rowKey={(row) => row.code}
              />
            </section>
          </div>
          <p class="hint">{t('summary.folded', { count: data.minimumGroupSize })}</p>
        </>
      ) : null}
    </>
  );
}
