import { useState } from 'preact/hooks';
import { get, type Page, post, query } from '../api';
import { checkAmount, checkOptionalDate, checkRequired } from '../checks';
import { DownloadButton, fundLabel, PageHeader, StatusBadge } from '../components/bits';
import { amountSort, type Column, SortableTable } from '../components/sortable-table';
import { LoadState, useFunds, useLoad } from '../data';
import { formatDate, formatTenge, parseAmountInput, parseDateInput, todayInAlmaty } from '../format';
import {
  type FieldErrors,
  FormAlert,
  Notice,
  SelectField,
  SubmitButton,
  TextArea,
  TextField,
  useForm,
} from '../forms';
import { useI18n } from '../i18n/language';
import { useUser } from '../session';
import type { Donation, Fund } from '../types';

/** A patron's page: declare a donation, follow its status, download receipts and the yearly statement. */
export function MyDonationsPage() {
  const { t, language } = useI18n();
  const user = useUser();
  const funds = useFunds();
  const donations = useLoad(() => get<Page<Donation>>('/v1/donations?limit=200'), []);
  const [declared, setDeclared] = useState<Donation | null>(null);
  const thisYear = Number(todayInAlmaty().slice(0, 4));
  const [year, setYear] = useState(String(thisYear));

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
    {
      key: 'fund',
      label: t('field.fund'),
      render: (row) => fundLabel(funds.data, row.fundId),
      sortValue: (row) => fundLabel(funds.data, row.fundId),
    },
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
          <span class="muted">{row.status === 'pending' ? t('my.awaiting') : '—'}</span>
        ),
    },
  ];

  return (
    <>
      <PageHeader title={t('my.title')} lead={t('my.lead')} />
      <div class="grid two">
        <section class="panel" aria-labelledby="declare-title">
          <h2 id="declare-title">{t('my.declareTitle')}</h2>
          <p class="hint">{t('my.declareLead')}</p>
          {declared ? (
            <Notice>
              {t('my.declared', { amount: formatTenge(declared.amount) })}{' '}
              <StatusBadge status={declared.status} />
            </Notice>
          ) : null}
          <DeclareForm
            funds={funds.data ?? []}
            onDeclared={(donation) => {
              setDeclared(donation);
              donations.reload();
            }}
          />
        </section>
        <section class="panel" aria-labelledby="statement-title">
          <h2 id="statement-title">{t('my.statementTitle')}</h2>
          <p class="hint">{t('my.statementLead')}</p>
          <div class="inline-form">
            <label for="statement-year">{t('field.year')}</label>
            <select
              id="statement-year"
              value={year}
              onChange={(event) => setYear((event.currentTarget as HTMLSelectElement).value)}
            >
              {[0, 1, 2, 3, 4].map((back) => (
                <option key={back} value={String(thisYear - back)}>
                  {thisYear - back}
                </option>
              ))}
            </select>
            {user.patronId ? (
              <DownloadButton
                class="button primary small"
                path={`/v1/patrons/${user.patronId}/statement${query({ year, lang: language })}`}
                fileName={`statement-${year}.pdf`}
              >
                {t('my.statementDownload')}
              </DownloadButton>
            ) : null}
          </div>
        </section>
      </div>
      <section class="panel" aria-labelledby="mine-title">
        <h2 id="mine-title">{t('my.listTitle')}</h2>
        <LoadState loaded={donations} />
        {donations.data ? (
          <SortableTable
            caption={t('my.listTitle')}
            columns={columns}
            rows={donations.data.items}
            rowKey={(row) => row.id}
            empty={t('my.none')}
          />
        ) : null}
      </section>
    </>
  );
}

function DeclareForm({ funds, onDeclared }: { funds: Fund[]; onDeclared: (donation: Donation) => void }) {
  const { t } = useI18n();
  const general = funds.find((fund) => fund.code === 'general');
  const form = useForm({ amount: '', fundId: '', date: '', reference: '', note: '' });
  const fundOptions = [
    { value: '', label: general ? `${general.name} (general)` : 'general' },
    ...funds
      .filter((fund) => fund.code !== 'general')
      .map((fund) => ({ value: String(fund.id), label: `${fund.name} (${fund.code})` })),
  ];
  return (
    <form
      noValidate
      onSubmit={form.submit({
        fieldOfCode: { FUND_CLOSED: 'fundId', PERIOD_CLOSED: 'date', DUPLICATE: 'reference' },
        validate: (values) => {
          const errors: FieldErrors = {};
          checkRequired(errors, values, ['amount'], t);
          checkAmount(errors, 'amount', values.amount, t);
          checkOptionalDate(errors, 'date', values.date, t);
          return errors;
        },
        run: async (values, key) => {
          const donation = await post<Donation>(
            '/v1/donations',
            {
              amount: parseAmountInput(values.amount),
              ...(values.fundId ? { fundId: Number(values.fundId) } : {}),
              ...(values.date.trim() ? { date: parseDateInput(values.date) } : {}),
              ...(values.reference.trim() ? { reference: values.reference.trim() } : {}),
              ...(values.note.trim() ? { note: values.note.trim() } : {}),
            },
            key,
          );
          onDeclared(donation);
        },
      })}
    >
      <FormAlert text={form.formError} />
      <TextField
        form={form}
        name="amount"
        label={t('field.amountTenge')}
        inputMode="decimal"
        placeholder="25 000,00"
        hint={t('hint.amount')}
        required
      />
      <SelectField form={form} name="fundId" label={t('field.fund')} options={fundOptions} />
      <TextField
        form={form}
        name="date"
        label={t('field.date')}
        inputMode="numeric"
        placeholder={t('hint.datePlaceholder')}
        hint={t('hint.dateToday')}
      />
      <TextField form={form} name="reference" label={t('field.reference')} hint={t('hint.reference')} />
      <TextArea form={form} name="note" label={t('field.note')} />
      <div class="actions">
        <SubmitButton busy={form.busy} label={t('my.declareSubmit')} busyLabel={t('state.sending')} />
      </div>
    </form>
  );
}
