import { useState } from 'preact/hooks';
import { type ApiProblem, get, type Page, post, query } from '../api';
import { checkRequired, checkTaxId, taxIdFeedback } from '../checks';
import { PageHeader } from '../components/bits';
import { type Column, SortableTable } from '../components/sortable-table';
import { LoadState, useLoad } from '../data';
import { formatDate } from '../format';
import {
  type FieldErrors,
  type FieldMessage,
  FormAlert,
  Notice,
  SelectField,
  SubmitButton,
  TextArea,
  TextField,
  useForm,
} from '../forms';
import { useI18n } from '../i18n/language';
import { regionName, regionOptions } from '../labels';
import { Link } from '../router';
import type { Recipient } from '../types';

const SEARCH_LIMIT = 50;

/** Staff find recipients by name, IIN or region, and register new ones with the IIN checked as typed. */
export function RecipientsPage() {
  const { t } = useI18n();
  const [filter, setFilter] = useState({ q: '', iin: '', region: '' });
  const results = useLoad(
    () => get<Page<Recipient>>(`/v1/recipients${query({ ...filter, limit: SEARCH_LIMIT })}`),
    [filter.q, filter.iin, filter.region],
  );
  return (
    <>
      <PageHeader title={t('recipients.title')} lead={t('recipients.lead')} />
      <div class="grid two wide-first">
        <section class="panel" aria-labelledby="search-title">
          <h2 id="search-title">{t('recipients.searchTitle')}</h2>
          <SearchForm onSearch={setFilter} />
          <LoadState loaded={results} />
          {results.data ? <RecipientTable rows={results.data.items} /> : null}
        </section>
        <section class="panel" aria-labelledby="register-title">
          <h2 id="register-title">{t('recipients.registerTitle')}</h2>
          <RegisterRecipientForm onRegistered={results.reload} />
        </section>
      </div>
    </>
  );
}

function SearchForm({
  onSearch,
}: {
  onSearch: (filter: { q: string; iin: string; region: string }) => void;
}) {
  const { t, language } = useI18n();
  const form = useForm({ q: '', iin: '', region: '' });
  return (
    <form
      class="filters"
      noValidate
      onSubmit={form.submit({
        reset: false,
        validate: (values) => {
          const errors: FieldErrors = {};
          if (values.iin.trim()) checkTaxId(errors, 'iin', values.iin, t);
          return errors;
        },
        run: async (values) =>
          onSearch({ q: values.q.trim(), iin: values.iin.trim(), region: values.region }),
      })}
    >
      <TextField form={form} name="q" label={t('field.nameContains')} type="search" />
      <TextField form={form} name="iin" label={t('field.iin')} inputMode="numeric" maxLength={12} />
      <SelectField
        form={form}
        name="region"
        label={t('field.region')}
        options={[{ value: '', label: t('filter.any') }, ...regionOptions(language)]}
      />
      <div class="actions">
        <SubmitButton busy={form.busy} label={t('action.search')} />
      </div>
    </form>
  );
}

export function RecipientTable({ rows }: { rows: Recipient[] }) {
  const { t, language } = useI18n();
  const columns: Column<Recipient>[] = [
    {
      key: 'name',
      label: t('field.fullName'),
      render: (row) => <Link href={`/recipients/${row.id}`}>{row.fullName ?? t('recipients.erased')}</Link>,
      sortValue: (row) => row.fullName ?? '',
    },
    {
      key: 'iin',
      label: t('field.iin'),
      render: (row) => <span class="mono">{row.iin ?? '—'}</span>,
      sortValue: (row) => row.iin ?? '',
    },
    {
      key: 'region',
      label: t('field.region'),
      render: (row) => regionName(row.region, language, t),
      sortValue: (row) => regionName(row.region, language, t),
    },
    {
      key: 'created',
      label: t('field.registered'),
      render: (row) => formatDate(row.createdAt),
      sortValue: (row) => row.createdAt,
    },
  ];
  return (
    <SortableTable
      caption={t('recipients.searchTitle')}
      columns={columns}
      rows={rows}
      rowKey={(row) => row.id}
      empty={t('recipients.none')}
    />
  );
}

/** The duplicate IIN's existing person, as a link beside the IIN field. */
export function duplicateLink(basePath: string, label: string) {
  return (problem: ApiProblem, message: FieldMessage): FieldMessage => {
    const existingId = problem.extensions.existingId;
    return typeof existingId === 'number'
      ? { ...message, link: { href: `${basePath}/${existingId}`, label } }
      : message;
  };
}

function RegisterRecipientForm({ onRegistered }: { onRegistered: () => void }) {
  const { t, language } = useI18n();
  const form = useForm({ iin: '', fullName: '', region: '', category: '', notes: '' });
  const [registered, setRegistered] = useState<Recipient | null>(null);
  return (
    <form
      noValidate
      onSubmit={form.submit({
        fieldOfCode: { DUPLICATE_RECIPIENT: 'iin' },
        decorate: duplicateLink('/recipients', t('recipients.openExisting')),
        validate: (values) => {
          const errors: FieldErrors = {};
          checkRequired(errors, values, ['iin', 'fullName', 'region'], t);
          checkTaxId(errors, 'iin', values.iin, t);
          return errors;
        },
        run: async (values) => {
          setRegistered(null);
          const recipient = await post<Recipient>('/v1/recipients', {
            iin: values.iin.trim(),
            fullName: values.fullName.trim(),
            region: values.region,
            ...(values.category.trim() ? { category: values.category.trim() } : {}),
            ...(values.notes.trim() ? { notes: values.notes.trim() } : {}),
          });
          setRegistered(recipient);
          onRegistered();
        },
      })}
    >
      {registered ? (
        <Notice>
          {t('recipients.registered')}{' '}
          <Link href={`/recipients/${registered.id}`}>{registered.fullName}</Link> ·{' '}
          <Link href={`/aid?recipient=${registered.id}`}>{t('recipients.payAid')}</Link>
        </Notice>
      ) : null}
      <FormAlert text={form.formError} />
      <TextField
        form={form}
        name="iin"
        label={t('field.iin')}
        inputMode="numeric"
        autoComplete="off"
        maxLength={12}
        hint={t('hint.iin')}
        live={taxIdFeedback(form.values.iin, t)}
        required
      />
      <TextField form={form} name="fullName" label={t('field.fullName')} autoComplete="off" required />
      <SelectField
        form={form}
        name="region"
        label={t('field.region')}
        options={[{ value: '', label: t('filter.choose') }, ...regionOptions(language)]}
        required
      />
      <TextField
        form={form}
        name="category"
        label={t('field.recipientCategory')}
        hint={t('hint.recipientCategory')}
        maxLength={40}
      />
      <TextArea form={form} name="notes" label={t('field.notes')} />
      <div class="actions">
        <SubmitButton
          busy={form.busy}
          label={t('recipients.registerSubmit')}
          busyLabel={t('state.sending')}
        />
      </div>
    </form>
  );
}
