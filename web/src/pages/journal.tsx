import { Fragment } from 'preact';
import { useState } from 'preact/hooks';
import { get, type Page, post, query } from '../api';
import { checkRequired } from '../checks';
import { PageHeader, ScrollRegion, StatusBadge } from '../components/bits';
import { LoadState, useLoad } from '../data';
import { amountTiyn, formatDate, formatTenge } from '../format';
import { type FieldErrors, FormAlert, SubmitButton, TextField, useForm } from '../forms';
import { useI18n } from '../i18n/language';
import type { TextKey } from '../i18n/texts';
import { useUser } from '../session';
import type { Entry } from '../types';

const PAGE_LIMIT = 25;

/** The money an entry moves: the sum of its debits. */
function entryAmount(entry: Entry): string {
  const tiyn = entry.postings.reduce((sum, posting) => {
    const amount = amountTiyn(posting.amount);
    return amount > 0n ? sum + amount : sum;
  }, 0n);
  return `${tiyn / 100n}.${String(tiyn % 100n).padStart(2, '0')}`;
}

const KIND_KEYS: Record<string, TextKey> = {
  donation: 'kind.donation',
  aid: 'kind.aid',
  reversal: 'kind.reversal',
};

/** The journal, newest first, page by page; staff reverse an entry here, with a reason. */
export function JournalPage() {
  const { t } = useI18n();
  const user = useUser();
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors.at(-1);
  const entries = useLoad(
    () => get<Page<Entry>>(`/v1/entries${query({ limit: PAGE_LIMIT, cursor })}`),
    [cursor],
  );
  const [reversing, setReversing] = useState<number | null>(null);
  const maySign = user.role === 'staff' || user.role === 'admin';
  return (
    <>
      <PageHeader title={t('journal.title')} lead={t('journal.lead')} />
      <section class="panel">
        <LoadState loaded={entries} />
        {entries.data ? (
          <ScrollRegion label={t('journal.title')}>
            <table>
              <caption class="visually-hidden">{t('journal.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">№</th>
                  <th scope="col">{t('field.date')}</th>
                  <th scope="col">{t('field.kind')}</th>
                  <th scope="col">{t('field.memo')}</th>
                  <th scope="col" class="numeric">
                    {t('field.amount')}
                  </th>
                  <th scope="col">{t('field.status')}</th>
                  <th scope="col">{t('field.hash')}</th>
                  {maySign ? <th scope="col">{t('field.actions')}</th> : null}
                </tr>
              </thead>
              <tbody>
                {entries.data.items.map((entry) => (
                  <Fragment key={entry.id}>
                    <tr>
                      <td>{entry.id}</td>
                      <td>{formatDate(entry.date)}</td>
                      <td>
                        {KIND_KEYS[entry.kind] ? t(KIND_KEYS[entry.kind] as TextKey) : entry.kind}
                        {entry.reverses ? <span class="muted"> → №{entry.reverses}</span> : null}
                      </td>
                      <td class="memo">{entry.memo ?? '—'}</td>
                      <td class="numeric">{formatTenge(entryAmount(entry))}</td>
                      <td>
                        <StatusBadge status={entry.status} />
                      </td>
                      <td class="mono" title={entry.hash}>
                        {entry.hash.slice(0, 10)}…
                      </td>
                      {maySign ? (
                        <td>
                          {entry.status === 'posted' && entry.kind !== 'reversal' ? (
                            <button
                              type="button"
                              class="button secondary small"
                              aria-expanded={reversing === entry.id}
                              onClick={() => setReversing(reversing === entry.id ? null : entry.id)}
                            >
                              {t('journal.reverse')}
                            </button>
                          ) : null}
                        </td>
                      ) : null}
                    </tr>
                    {reversing === entry.id ? (
                      <tr class="subrow">
                        <td colSpan={maySign ? 8 : 7}>
                          <ReverseForm
                            entry={entry}
                            onDone={() => {
                              setReversing(null);
                              entries.reload();
                            }}
                          />
                        </td>
                      </tr>
                    ) : null}
                  </Fragment>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        ) : null}
        <div class="pager">
          <button
            type="button"
            class="button secondary small"
            disabled={cursors.length === 0}
            onClick={() => setCursors(cursors.slice(0, -1))}
          >
            ← {t('action.newer')}
          </button>
          <button
            type="button"
            class="button secondary small"
            disabled={!entries.data?.nextCursor}
            onClick={() => entries.data?.nextCursor && setCursors([...cursors, entries.data.nextCursor])}
          >
            {t('action.older')} →
          </button>
        </div>
      </section>
    </>
  );
}

function ReverseForm({ entry, onDone }: { entry: Entry; onDone: () => void }) {
  const { t } = useI18n();
  const form = useForm({ reason: '' });
  return (
    <form
      class="reverse-form"
      noValidate
      onSubmit={form.submit({
        fieldOfCode: {
          ALREADY_REVERSED: 'reason',
          NOT_REVERSIBLE: 'reason',
          PERIOD_CLOSED: 'reason',
          INSUFFICIENT_FUNDS: 'reason',
        },
        validate: (values) => {
          const errors: FieldErrors = {};
          checkRequired(errors, values, ['reason'], t);
          return errors;
        },
        run: async (values, key) => {
          await post(`/v1/entries/${entry.id}/reverse`, { reason: values.reason.trim() }, key);
          onDone();
        },
      })}
    >
      <FormAlert text={form.formError} />
      <TextField
        form={form}
        name="reason"
        label={t('journal.reasonFor', { id: entry.id })}
        hint={t('journal.reverseHint')}
        required
      />
      <div class="actions">
        <SubmitButton busy={form.busy} label={t('journal.reverseSubmit')} busyLabel={t('state.sending')} />
      </div>
    </form>
  );
}
