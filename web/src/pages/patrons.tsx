import { useState } from 'preact/hooks';
import { get, type Page, post, query } from '../api';
import { checkRequired, checkTaxId, taxIdFeedback } from '../checks';
import { DownloadButton, fundLabel, PageHeader, StatusBadge } from '../components/bits';
import { amountSort, type Column, SortableTable } from '../components/sortable-table';
import { LoadState, useFunds, useLoad } from '../data';
import { formatDate, formatTenge } from '../format';
import {
  CheckboxField,
  type FieldErrors,
  FormAlert,
  Notice,
  SelectField,
  SubmitButton,
  TextField,
  useForm,
} from '../forms';
import { useI18n } from '../i18n/language';
import { Link } from '../router';
import type { Donation, Patron } from '../types';
import { duplicateLink } from './recipients';

const LIST_LIMIT = 200;

/** Staff register patrons (individuals with an IIN, organizations with a BIN) and look them up. */
export function PatronsPage() {
  const { t } = useI18n();
  const patrons = useLoad(() => get<Page<Patron>>(`/v1/patrons${query({ limit: LIST_LIMIT })}`), []);
  const [filter, setFilter] = useState('');
  const needle = filter.trim().toLocaleLowerCase();
  const rows = (patrons.data?.items ?? []).filter(
    (patron) =>
      !needle ||
      `${patron.name ?? ''} ${patron.iin ?? ''} ${patron.bin ?? ''} ${patron.email ?? ''}`
        .toLocaleLowerCase()
        .includes(needle),
  );
  const columns: Column<Patron>[] = [
    {
      key: 'name',
      label: t('field.name'),
      render: (row) => <Link href={`/patrons/${row.id}`}>{row.name ?? t('recipients.erased')}</Link>,
      sortValue: (row) => row.name ?? '',
    },
    {
      key: 'kind',
      label: t('field.kind'),
      render: (row) => t(`kind.${row.kind}`),
      sortValue: (row) => row.kind,
    },
    {
      key: 'taxId',
      label: t('field.iinOrBin'),
      render: (row) => <span class="mono">{row.iin ?? row.bin ?? '—'}</span>,
    },
    {
      key: 'email',
      label: t('field.email'),
      render: (row) => row.email ?? '—',
      sortValue: (row) => row.email ?? '',
    },
    {
      key: 'anonymous',
      label: t('field.anonymous'),
      render: (row) => (row.anonymous ? t('answer.yes') : t('answer.no')),
    },
  ];
  return (
    <>
      <PageHeader title={t('patrons.title')} lead={t('patrons.lead')} />
      <div class="grid two wide-first">
        <section class="panel" aria-labelledby="patron-list">
          <h2 id="patron-list">{t('patrons.listTitle')}</h2>
          <div class="field">
            <label for="patron-filter">{t('patrons.filter')}</label>
            <input
              id="patron-filter"
              type="search"
              value={filter}
              onInput={(event) => setFilter((event.currentTarget as HTMLInputElement).value)}
            />
          </div>
          <LoadState loaded={patrons} />
          {patrons.data ? (
            <SortableTable
              caption={t('patrons.listTitle')}
              columns={columns}
              rows={rows}
              rowKey={(row) => row.id}
            />
          ) : null}
        </section>
        <section class="panel" aria-labelledby="patron-register">
          <h2 id="patron-register">{t('patrons.registerTitle')}</h2>
          <RegisterPatronForm onRegistered={patrons.reload} />
        </section>
      </div>
    </>
  );
}

function RegisterPatronForm({ onRegistered }: { onRegistered: () => void }) {
  const { t } = useI18n();
  const form = useForm({ name: '', kind: 'individual', taxId: '', email: '', anonymous: false as boolean });
  const [registered, setRegistered] = useState<Patron | null>(null);
  const organization = form.values.kind === 'organization';
  return (
    <form
      noValidate
      onSubmit={form.submit({
        fieldOfCode: { DUPLICATE: 'taxId' },
        decorate: duplicateLink('/patrons', t('patrons.openExisting')),
        validate: (values) => {
          const errors: FieldErrors = {};
          checkRequired(errors, values, ['name'], t);
          if (values.taxId.trim()) checkTaxId(errors, 'taxId', values.taxId, t);
          if (values.email.trim() && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(values.email.trim()))
            errors.email = { text: t('check.email') };
          return errors;
        },
        run: async (values) => {
          setRegistered(null);
          const taxId = values.taxId.trim();
          const patron = await post<Patron>('/v1/patrons', {
            name: values.name.trim(),
            kind: values.kind,
            ...(taxId ? { [values.kind === 'organization' ? 'bin' : 'iin']: taxId } : {}),
            ...(values.email.trim() ? { email: values.email.trim() } : {}),
            anonymous: values.anonymous,
          });
          setRegistered(patron);
          onRegistered();
        },
      })}
    >
      {registered ? (
        <Notice>
          {t('patrons.registered')} <Link href={`/patrons/${registered.id}`}>{registered.name}</Link>
        </Notice>
      ) : null}
      <FormAlert text={form.formError} />
      <TextField form={form} name="name" label={t('field.name')} required />
      <SelectField
        form={form}
        name="kind"
        label={t('field.kind')}
        options={[
          { value: 'individual', label: t('kind.individual') },
          { value: 'organization', label: t('kind.organization') },
        ]}
      />
      <TextField
        form={form}
        name="taxId"
        label={organization ? t('field.bin') : t('field.iin')}
        inputMode="numeric"
        maxLength={12}
        hint={t('hint.optionalTaxId')}
        live={taxIdFeedback(form.values.taxId, t)}
      />
      <TextField form={form} name="email" label={t('field.email')} type="email" />
      <CheckboxField form={form} name="anonymous" label={t('field.anonymousLong')} />
      <div class="actions">
        <SubmitButton busy={form.busy} label={t('patrons.registerSubmit')} busyLabel={t('state.sending')} />
      </div>
    </form>
  );
}

/** One patron: their details and donations, and their documents. */
export function PatronPage({ id }: { id: number }) {
  const { t, language } = useI18n();
  const funds = useFunds();
  const patron = useLoad(() => get<Patron>(`/v1/patrons/${id}`), [id]);
  const donations = useLoad(
    () => get<Page<Donation>>(`/v1/donations${query({ patronId: id, limit: 200 })}`),
    [id],
  );
  const columns: Column<Donation>[] = [
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
    { key: 'fund', label: t('field.fund'), render: (row) => fundLabel(funds.data, row.fundId) },
    { key: 'reference', label: t('field.reference'), render: (row) => row.reference ?? '—' },
    {
      key: 'status',
      label: t('field.status'),
      render: (row) => <StatusBadge status={row.status} />,
      sortValue: (row) => row.status,
    },
    {
      key: 'receipt',
      label: t('field.receipt'),
      render: (row) =>
        row.status === 'posted' ? (
          <DownloadButton
            path={`/v1/donations/${row.id}/receipt${query({ lang: language })}`}
            fileName={`receipt-${row.id}.pdf`}
          >
            {t('my.receipt')}
          </DownloadButton>
        ) : (
          '—'
        ),
    },
  ];
  const person = patron.data;
  return (
    <>
      <PageHeader title={person?.name ?? t('patrons.patron', { id })} />
      <LoadState loaded={patron} />
      {person ? (
        <section class="panel">
          <dl class="facts">
            <dt>{t('field.kind')}</dt>
            <dd>{t(`kind.${person.kind}`)}</dd>
            <dt>{t('field.iinOrBin')}</dt>
            <dd class="mono">{person.iin ?? person.bin ?? '—'}</dd>
            <dt>{t('field.email')}</dt>
            <dd>{person.email ?? '—'}</dd>
            <dt>{t('field.anonymous')}</dt>
            <dd>{person.anonymous ? t('answer.yes') : t('answer.no')}</dd>
          </dl>
        </section>
      ) : null}
      <section class="panel" aria-labelledby="patron-donations">
        <h2 id="patron-donations">{t('patrons.donationsTitle')}</h2>
        <LoadState loaded={donations} />
        {donations.data ? (
          <SortableTable
            caption={t('patrons.donationsTitle')}
            columns={columns}
            rows={donations.data.items}
            rowKey={(row) => row.id}
          />
        ) : null}
      </section>
    </>
  );
}
