import { get, type Page, query } from '../api';
import { fundLabel, PageHeader, StatusBadge } from '../components/bits';
import { amountSort, type Column, SortableTable } from '../components/sortable-table';
import { LoadState, useFunds, useLoad } from '../data';
import { formatDate, formatTenge } from '../format';
import { useI18n } from '../i18n/language';
import { categoryName, regionName } from '../labels';
import { Link } from '../router';
import { useUser } from '../session';
import type { Aid, Recipient } from '../types';

/** One recipient: who they are and the aid they were paid. */
export function RecipientPage({ id }: { id: number }) {
  const { t, language } = useI18n();
  const user = useUser();
  const funds = useFunds();
  const recipient = useLoad(() => get<Recipient>(`/v1/recipients/${id}`), [id]);
  const aid = useLoad(() => get<Page<Aid>>(`/v1/aid${query({ recipientId: id, limit: 200 })}`), [id]);
  const columns: Column<Aid>[] = [
    {
      key: 'date',
      label: t('field.date'),
      render: (row) => formatDate(row.date),
      sortValue: (row) => row.date,
    },
    {
      key: 'amount',
      label: t('field.amount'),
      numeric: true,
      render: (row) => formatTenge(row.amount),
      sortValue: (row) => amountSort(row.amount),
    },
    {
      key: 'category',
      label: t('field.category'),
      render: (row) => categoryName(row.category, t),
      sortValue: (row) => row.category,
    },
    { key: 'fund', label: t('field.fund'), render: (row) => fundLabel(funds.data, row.fundId) },
    {
      key: 'status',
      label: t('field.status'),
      render: (row) => <StatusBadge status={row.status} />,
      sortValue: (row) => row.status,
    },
  ];
  const person = recipient.data;
  return (
    <>
      <PageHeader title={person?.fullName ?? t('recipients.recipient', { id })}>
        {user.role !== 'auditor' ? (
          <Link href={`/aid?recipient=${id}`} class="button primary">
            {t('recipients.payAid')}
          </Link>
        ) : null}
      </PageHeader>
      <LoadState loaded={recipient} />
      {person ? (
        <section class="panel">
          <dl class="facts">
            <dt>{t('field.iin')}</dt>
            <dd class="mono">{person.iin ?? '—'}</dd>
            <dt>{t('field.region')}</dt>
            <dd>{regionName(person.region, language, t)}</dd>
            <dt>{t('field.recipientCategory')}</dt>
            <dd>{person.category ?? '—'}</dd>
            <dt>{t('field.notes')}</dt>
            <dd>{person.notes ?? '—'}</dd>
            <dt>{t('field.registered')}</dt>
            <dd>{formatDate(person.createdAt)}</dd>
          </dl>
        </section>
      ) : null}
      <section class="panel" aria-labelledby="recipient-aid">
        <h2 id="recipient-aid">{t('recipients.aidTitle')}</h2>
        <LoadState loaded={aid} />
        {aid.data ? (
          <SortableTable
            caption={t('recipients.aidTitle')}
            columns={columns}
            rows={aid.data.items}
            rowKey={(row) => row.id}
          />
        ) : null}
      </section>
    </>
  );
}
