import { useState } from 'preact/hooks';
import { ApiProblem, get, type Page, post, query } from '../api';
import { checkAmount, checkOptionalDate, checkRequired } from '../checks';
import { Count, fundLabel, PageHeader, StatusBadge } from '../components/bits';
import { FundBalance, fundOptions, PatronPicker } from '../components/pickers';
import { amountSort, type Column, SortableTable } from '../components/sortable-table';
import { LoadState, useFunds, useLoad } from '../data';
import { formatDate, formatTenge, normaliseDecimalInput, parseAmountInput, parseDateInput } from '../format';
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
import { PersonName } from '../names';
import type { Donation, Fund } from '../types';

/** Staff confirm or reject what patrons declared, record money received, and see the latest donations. */
export function DonationsPage() {
  const { t } = useI18n();
  const funds = useFunds();
  const pending = useLoad(
    () => get<Page<Donation>>(`/v1/donations${query({ status: 'pending', limit: 100 })}`),
    [],
  );
  const recent = useLoad(() => get<Page<Donation>>(`/v1/donations${query({ limit: 25 })}`), []);
  const [round, setRound] = useState(0);
  const changed = () => {
    pending.reload();
    recent.reload();
    funds.reload();
    setRound((value) => value + 1);
  };
  return (
    <>
      <PageHeader title={t('donations.title')} lead={t('donations.lead')} />
      <section class="panel" aria-labelledby="pending-title">
        <h2 id="pending-title">
          {t('donations.pendingTitle')} {pending.data ? <Count value={pending.data.items.length} /> : null}
        </h2>
        <LoadState loaded={pending} />
        {pending.data ? (
          <PendingDonations rows={pending.data.items} funds={funds.data} onResolved={changed} />
        ) : null}
      </section>
      <div class="grid two wide-last">
        <section class="panel" aria-labelledby="record-title">
          <h2 id="record-title">{t('donations.recordTitle')}</h2>
          {funds.data ? (
            <RecordDonationForm funds={funds.data} onRecorded={changed} refresh={round} />
          ) : (
            <LoadState loaded={funds} />
          )}
        </section>
        <section class="panel" aria-labelledby="recent-title">
          <h2 id="recent-title">{t('donations.recentTitle')}</h2>
          <LoadState loaded={recent} />
          {recent.data ? <RecentDonations rows={recent.data.items} funds={funds.data} /> : null}
        </section>
      </div>
    </>
  );
}

function PendingDonations({
  rows,
  funds,
  onResolved,
}: {
  rows: Donation[];
  funds: Fund[] | undefined;
  onResolved: () => void;
}) {
  const { t } = useI18n();
  const columns: Column<Donation>[] = [
    {
      key: 'date',
      label: t('field.date'),
      render: (row) => formatDate(row.date),
      sortValue: (row) => row.date,
    },
    {
      key: 'patron',
      label: t('field.patron'),
      render: (row) => <PersonName kind="patrons" id={row.patronId} />,
    },
    {
      key: 'amount',
      label: t('field.amount'),
      numeric: true,
      render: (row) => formatTenge(row.amount),
      sortValue: (row) => amountSort(row.amount),
    },
    { key: 'fund', label: t('field.fund'), render: (row) => fundLabel(funds, row.fundId) },
    {
      key: 'note',
      label: t('field.note'),
      render: (row) => [row.reference, row.note].filter(Boolean).join(' · ') || '—',
    },
    {
      key: 'actions',
      label: t('field.actions'),
      render: (row) => <ResolveDonation donation={row} onResolved={onResolved} />,
    },
  ];
  return (
    <SortableTable
      caption={t('donations.pendingTitle')}
      columns={columns}
      rows={rows}
      rowKey={(row) => row.id}
      empty={t('donations.noPending')}
    />
  );
}

/** Confirm, or reject with an optional reason; the outcome or the refusal shows in the row. */
function ResolveDonation({ donation, onResolved }: { donation: Donation; onResolved: () => void }) {
  const { t, problemText } = useI18n();
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const act = async (action: 'confirm' | 'reject') => {
    setBusy(true);
    setError(null);
    try {
      await post(
        `/v1/donations/${donation.id}/${action}`,
        action === 'reject' && reason.trim() ? { reason: reason.trim() } : undefined,
      );
      onResolved();
    } catch (problem) {
      if (!(problem instanceof ApiProblem)) throw problem;
      setError(problemText(problem));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="row-actions">
      {rejecting ? (
        <form
          class="inline-form"
          onSubmit={(event) => {
            event.preventDefault();
            void act('reject');
          }}
        >
          <label class="visually-hidden" for={`reject-${donation.id}`}>
            {t('field.reason')}
          </label>
          <input
            id={`reject-${donation.id}`}
            placeholder={t('field.reasonOptional')}
            value={reason}
            onInput={(event) => setReason((event.currentTarget as HTMLInputElement).value)}
          />
          <button type="submit" class="button danger small" disabled={busy}>
            {t('action.reject')}
          </button>
          <button type="button" class="button secondary small" onClick={() => setRejecting(false)}>
            {t('action.cancel')}
          </button>
        </form>
      ) : (
        <>
          <button
            type="button"
            class="button primary small"
            disabled={busy}
            onClick={() => void act('confirm')}
            aria-label={t('donations.confirmAria', { amount: formatTenge(donation.amount) })}
          >
            {t('action.confirm')}
          </button>
          <button
            type="button"
            class="button secondary small"
            disabled={busy}
            onClick={() => setRejecting(true)}
          >
            {t('action.reject')}…
          </button>
        </>
      )}
      {error ? (
        <p class="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

function RecentDonations({ rows, funds }: { rows: Donation[]; funds: Fund[] | undefined }) {
  const { t } = useI18n();
  const columns: Column<Donation>[] = [
    {
      key: 'date',
      label: t('field.date'),
      render: (row) => formatDate(row.date),
      sortValue: (row) => row.date,
    },
    {
      key: 'patron',
      label: t('field.patron'),
      render: (row) => (
        <>
          <PersonName kind="patrons" id={row.patronId} />
          <div class="cell-detail">{fundLabel(funds, row.fundId)}</div>
        </>
      ),
    },
    {
      key: 'amount',
      label: t('field.amount'),
      numeric: true,
      render: (row) => formatTenge(row.amount),
      sortValue: (row) => amountSort(row.amount),
    },
    {
      key: 'status',
      label: t('field.status'),
      render: (row) => <StatusBadge status={row.status} />,
      sortValue: (row) => row.status,
    },
  ];
  return (
    <SortableTable
      caption={t('donations.recentTitle')}
      columns={columns}
      rows={rows}
      rowKey={(row) => row.id}
    />
  );
}

function RecordDonationForm({
  funds,
  onRecorded,
  refresh,
}: {
  funds: Fund[];
  onRecorded: () => void;
  refresh: number;
}) {
  const { t } = useI18n();
  const general = funds.find((fund) => fund.code === 'general');
  const form = useForm({
    patronId: '',
    amount: '',
    fundId: general ? String(general.id) : '',
    date: '',
    reference: '',
    note: '',
    originalAmount: '',
    originalCurrency: '',
    rate: '',
  });
  const [recorded, setRecorded] = useState<Donation | null>(null);
  const fundId = form.values.fundId;
  return (
    <form
      noValidate
      onSubmit={form.submit({
        fieldOfCode: {
          FUND_CLOSED: 'fundId',
          PERIOD_CLOSED: 'date',
          DUPLICATE: 'reference',
          NOT_FOUND: 'patronId',
        },
        validate: (values) => {
          const errors: FieldErrors = {};
          checkRequired(errors, values, ['amount'], t);
          checkAmount(errors, 'amount', values.amount, t);
          checkOptionalDate(errors, 'date', values.date, t);
          const foreign = [values.originalAmount, values.originalCurrency, values.rate].filter((value) =>
            value.trim(),
          );
          if (foreign.length > 0)
            checkRequired(errors, values, ['originalAmount', 'originalCurrency', 'rate'], t);
          return errors;
        },
        run: async (values, key) => {
          setRecorded(null);
          const foreign = values.originalAmount.trim()
            ? {
                originalAmount: normaliseDecimalInput(values.originalAmount),
                originalCurrency: values.originalCurrency.trim().toUpperCase(),
                rate: normaliseDecimalInput(values.rate),
              }
            : {};
          const donation = await post<Donation>(
            '/v1/donations',
            {
              ...(values.patronId ? { patronId: Number(values.patronId) } : {}),
              amount: parseAmountInput(values.amount),
              ...(fundId ? { fundId: Number(fundId) } : {}),
              ...(values.date.trim() ? { date: parseDateInput(values.date) } : {}),
              ...(values.reference.trim() ? { reference: values.reference.trim() } : {}),
              ...(values.note.trim() ? { note: values.note.trim() } : {}),
              ...foreign,
            },
            key,
          );
          setRecorded(donation);
          onRecorded();
        },
      })}
    >
      {recorded ? (
        <Notice>
          {t('donations.recorded', {
            amount: formatTenge(recorded.amount),
            available: formatTenge(recorded.fundAvailable),
          })}
        </Notice>
      ) : null}
      <FormAlert text={form.formError} />
      <PatronPicker form={form} name="patronId" allowNone />
      <TextField
        form={form}
        name="amount"
        label={t('field.amountTenge')}
        inputMode="decimal"
        placeholder="150 000,00"
        hint={t('hint.amount')}
        required
      />
      <SelectField form={form} name="fundId" label={t('field.fund')} options={fundOptions(funds)} />
      <FundBalance fundId={fundId} refresh={refresh} />
      <TextField
        form={form}
        name="date"
        label={t('field.date')}
        inputMode="numeric"
        placeholder={t('hint.datePlaceholder')}
        hint={t('hint.dateToday')}
      />
      <TextField
        form={form}
        name="reference"
        label={t('field.bankReference')}
        hint={t('hint.bankReference')}
      />
      <TextArea form={form} name="note" label={t('field.note')} />
      <details class="more">
        <summary>{t('donations.foreign')}</summary>
        <div class="grid three">
          <TextField
            form={form}
            name="originalAmount"
            label={t('field.originalAmount')}
            inputMode="decimal"
          />
          <TextField
            form={form}
            name="originalCurrency"
            label={t('field.originalCurrency')}
            maxLength={3}
            placeholder="USD"
          />
          <TextField
            form={form}
            name="rate"
            label={t('field.rate')}
            inputMode="decimal"
            placeholder="470,50"
          />
        </div>
      </details>
      <div class="actions">
        <SubmitButton busy={form.busy} label={t('donations.recordSubmit')} busyLabel={t('state.sending')} />
      </div>
    </form>
  );
}
