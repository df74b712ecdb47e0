import { get, query } from '../api';
import { PageHeader, Stat } from '../components/bits';
import { BarChart } from '../components/charts';
import { LoadState, useLoad } from '../data';
import { amountForChart, formatCount, formatTenge } from '../format';
import { useI18n } from '../i18n/language';
import { useUser } from '../session';
import type { Impact } from '../types';

/** What the funds a patron gave to have paid out, and to how many people in which regions. */
export function MyImpactPage() {
  const { t, language } = useI18n();
  const user = useUser();
  const impact = useLoad(
    () => get<Impact>(`/v1/patrons/${user.patronId}/impact${query({ lang: language })}`),
    [user.patronId, language],
  );
  return (
    <>
      <PageHeader title={t('impact.title')} lead={t('impact.lead')} />
      <LoadState loaded={impact} />
      {impact.data && impact.data.funds.length === 0 ? (
        <section class="panel">
          <p>{t('impact.none')}</p>
        </section>
      ) : null}
      {impact.data?.funds.map((fund) => (
        <section class="panel" key={fund.fundId} aria-labelledby={`impact-${fund.fundId}`}>
          <h2 id={`impact-${fund.fundId}`}>
            {fund.name} <span class="muted">({fund.code})</span>
          </h2>
          <div class="stats">
            <Stat label={t('impact.given')} value={formatTenge(fund.given)} tone="in" />
            <Stat label={t('impact.aidTotal')} value={formatTenge(fund.aid.total)} tone="out" />
            <Stat label={t('impact.people')} value={formatCount(fund.aid.people)} />
          </div>
          {fund.aid.regions.length > 0 ? (
            <BarChart
              title={t('impact.chart', { fund: fund.name })}
              labels={fund.aid.regions.map((region) => region.name)}
              series={[
                {
                  label: t('impact.aidTotal'),
                  values: fund.aid.regions.map((region) => amountForChart(region.total)),
                },
              ]}
            />
          ) : null}
        </section>
      ))}
    </>
  );
}
