import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { ApiProblem, get, type Page, post, query } from '../api';
import { checkAmount, checkOptionalDate, checkRequired } from '../checks';
import { Count, fundLabel, PageHeader, StatusBadge } from '../components/bits';
import { FundBalance, fundOptions, RecipientPicker } from '../components/pickers';
import { amountSort, type Column, SortableTable } from '../components/sortable-table';
import { LoadState, useFunds, useLoad } from '../data';
import { formatDate, formatTenge, parseAmountInput, parseDateInput } from '../format';
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
import { categoryName, categoryOptions } from '../labels';
import { PersonName } from '../names';
import { useUser } from '../session';
import type { Aid, Fund, Recipient } from '../types';

/** Staff pay aid (seeing the fund's available balance first), approve others' pending aid, see the latest. */
export function AidPage() {
  const { t } = useI18n();
  const funds = useFunds();
  const pending = useLoad(() => get<Page<Aid>>(`/v1/aid${query({ status: 'pending', limit: 100 })}`), []);
  const recent = useLoad(() => get<Page<Aid>>(`/v1/aid${query({ limit: 25 })}`), []);
  const presetId = new URLSearchParams(location.search).get('recipient');
  const preset = useLoad(
    () =>
      presetId && /^[0-9]+$/.test(presetId)
        ? get<Recipient>(`/v1/recipients/${presetId}`)
        : Promise.resolve(undefined),
    [presetId],
  );
  const [round, setRound] = useState(0);
  const changed = () => {
    pending.reload();
    recent.reload();
    funds.reload();
    setRound((value) => value + 1);
  };
  return (
    <>
      <PageHeader title={t('aid.title')} lead={t('aid.lead')} />
      <section class="panel" aria-labelledby="approve-title">
        <h2 id="approve-title">
          {t('aid.pendingTitle')} {pending.data ? <Count value={pending.data.items.length} /> : null}
        </h2>
        <p class="hint">{t('aid.pendingLead')}</p>
        <LoadState loaded={pending} />
        {pending.data ? (
          <PendingAid rows={pending.data.items} funds={funds.data} onResolved={changed} />
        ) : null}
      </section>
      <div class="grid two wide-last">
        <section class="panel" aria-labelledby="pay-title">
          <h2 id="pay-title">{t('aid.payTitle')}</h2>
          {funds.data && !preset.loading ? (
            <PayAidForm funds={funds.data} preset={preset.data} onPaid={changed} refresh={round} />
          ) : (
            <LoadState loaded={funds} />
          )}
        </section>
        <section class="panel" aria-labelledby="recent-aid">
          <h2 id="recent-aid">{t('aid.recentTitle')}</h2>
          <LoadState loaded={recent} />
          {recent.data ? (
            <AidTable rows={recent.data.items} funds={funds.data} caption={t('aid.recentTitle')} />
          ) : null}
        </section>
      </div>
    </>
  );
}

function PayAidForm({
  funds,
  preset,
  onPaid,
  refresh,
}: {
  funds: Fund[];
  preset: Recipient | undefined;
  onPaid: () => void;
  refresh: number;
}) {
  const { t } = useI18n();
  const general = funds.find((fund) => fund.code === 'general');
  const initial = {
    recipientId: preset ? String(preset.id) : '',
    fundId: general ? String(general.id) : '',
    amount: '',
    category: 'food',
    date: '',
    note: '',
  };
  const form = useForm(initial);
  const [paid, setPaid] = useState<Aid | null>(null);
  return (
    <form
      noValidate
      onSubmit={form.submit({
        reset: false,
        fieldOfCode: {
          INSUFFICIENT_FUNDS: 'amount',
          RECIPIENT_CAP_EXCEEDED: 'amount',
          FUND_CLOSED: 'fundId',
          PERIOD_CLOSED: 'date',
          NOT_FOUND: 'recipientId',
        },
        validate: (values) => {
          const errors: FieldErrors = {};
          checkRequired(errors, values, ['recipientId', 'fundId', 'amount', 'category'], t);
          checkAmount(errors, 'amount', values.amount, t);
          checkOptionalDate(errors, 'date', values.date, t);
          return errors;
        },
        run: async (values, key) => {
          setPaid(null);
          const aid = await post<Aid>(
            '/v1/aid',
            {
              recipientId: Number(values.recipientId),
              fundId: Number(values.fundId),
              amount: parseAmountInput(values.amount),
              category: values.category,
              ...(values.date.trim() ? { date: parseDateInput(values.date) } : {}),
              ...(values.note.trim() ? { note: values.note.trim() } : {}),
            },
            key,
          );
          setPaid(aid);
          form.set('amount', '');
          form.set('note', '');
          onPaid();
        },
      })}
    >
      {paid ? (
        <Notice>
          {t(paid.status === 'pending' ? 'aid.paidPending' : 'aid.paid', {
            amount: formatTenge(paid.amount),
            available: formatTenge(paid.fundAvailable),
          })}
        </Notice>
      ) : null}
      <FormAlert text={form.formError} />
      <RecipientPicker form={form} name="recipientId" preset={preset} />
      <SelectField form={form} name="fundId" label={t('field.fund')} options={fundOptions(funds)} required />
      <FundBalance fundId={form.values.fundId} refresh={refresh} />
      <TextField
        form={form}
        name="amount"
        label={t('field.amountTenge')}
        inputMode="decimal"
        placeholder="50 000,00"
        hint={t('hint.aidAmount')}
        required
      />
      <SelectField
        form={form}
        name="category"
        label={t('field.category')}
        options={categoryOptions(t)}
        required
      />
      <TextField
        form={form}
        name="date"
        label={t('field.date')}
        inputMode="numeric"
        placeholder={t('hint.datePlaceholder')}
        hint={t('hint.dateToday')}
      />
      <TextArea form={form} name="note" label={t('field.note')} />
      <div class="actions">
        <SubmitButton busy={form.busy} label={t('aid.paySubmit')} busyLabel={t('state.sending')} />
      </div>
    </form>
  );
}

function AidTable({
  rows,
  funds,
  caption,
  actions,
}: {
  rows: Aid[];
  funds: Fund[] | undefined;
  caption: string;
  actions?: (aid: Aid) => ComponentChildren;
}) {
  const { t } = useI18n();
  const columns: Column<Aid>[] = [
    {
      key: 'date',
      label: t('field.date'),
      render: (row) => formatDate(row.date),
      sortValue: (row) => row.date,
    },
    {
      key: 'recipient',
      label: t('field.recipient'),
      // What and from where on a second line: the table stays narrow enough for half a page.
      render: (row) => (
        <>
          <PersonName kind="recipients" id={row.recipientId} />
          <div class="cell-detail">
            {categoryName(row.category, t)} · {fundLabel(funds, row.fundId)}
          </div>
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
    actions
      ? { key: 'actions', label: t('field.actions'), render: actions }
      : {
          key: 'status',
          label: t('field.status'),
          render: (row) => <StatusBadge status={row.status} />,
          sortValue: (row) => row.status,
        },
  ];
  return (
    <SortableTable
      caption={caption}
      columns={columns}
      rows={rows}
      rowKey={(row) => row.id}
      empty={t('table.empty')}
    />
  );
}

function PendingAid({
  rows,
  funds,
  onResolved,
}: {
  rows: Aid[];
  funds: Fund[] | undefined;
  onResolved: () => void;
}) {
  const { t } = useI18n();
  return (
    <AidTable
      rows={rows}
      funds={funds}
      caption={t('aid.pendingTitle')}
      actions={(aid) => <ResolveAid aid={aid} onResolved={onResolved} />}
    />
  );
}

/** Approve (a second person only: the API refuses one's own) or reject with an optional reason. */
function ResolveAid({ aid, onResolved }: { aid: Aid; onResolved: () => void }) {
  const { t, problemText } = useI18n();
  const user = useUser();
  const own = aid.createdBy === user.id;
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const act = async (action: 'approve' | 'reject') => {
    setBusy(true);
    setError(null);
    try {
      await post(
        `/v1/aid/${aid.id}/${action}`,
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
          <label class="visually-hidden" for={`reject-aid-${aid.id}`}>
            {t('field.reason')}
          </label>
          <input
            id={`reject-aid-${aid.id}`}
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
            disabled={busy || own}
            onClick={() => void act('approve')}
            title={own ? t('aid.ownHint') : undefined}
          >
            {t('action.approve')}
          </button>
          <button
            type="button"
            class="button secondary small"
            disabled={busy}
            onClick={() => setRejecting(true)}
          >
            {t('action.reject')}…
          </button>
          {own ? <span class="muted small-text">{t('aid.ownHint')}</span> : null}
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
