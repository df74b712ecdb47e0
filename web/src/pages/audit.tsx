import { useState } from 'preact/hooks';
import { ApiProblem, get, query } from '../api';
import { DownloadButton, PageHeader } from '../components/bits';
import { formatCount, parseDateInput } from '../format';
import { useI18n } from '../i18n/language';
import type { TextKey } from '../i18n/texts';
import type { Verification } from '../types';

const FORMATS: Array<{ format: string; label: string; extension: string; description: TextKey }> = [
  { format: 'csv', label: 'CSV', extension: 'csv', description: 'audit.csv' },
  { format: 'xlsx', label: 'XLSX', extension: 'xlsx', description: 'audit.xlsx' },
  { format: 'ndjson', label: 'NDJSON', extension: 'ndjson', description: 'audit.ndjson' },
  { format: 'hledger', label: 'hledger', extension: 'journal', description: 'audit.hledger' },
  { format: 'beancount', label: 'Beancount', extension: 'beancount', description: 'audit.beancount' },
];

/** Exports of the whole journal in every format, and the hash chain checked on demand. */
export function AuditPage() {
  const { t } = useI18n();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const window = query({ from: parseDateInput(from) ?? undefined, to: parseDateInput(to) ?? undefined });
  const badFrom = from.trim() !== '' && parseDateInput(from) === null;
  const badTo = to.trim() !== '' && parseDateInput(to) === null;
  return (
    <>
      <PageHeader title={t('audit.title')} lead={t('audit.lead')} />
      <div class="grid two">
        <section class="panel" aria-labelledby="verify-title">
          <h2 id="verify-title">{t('audit.verifyTitle')}</h2>
          <p class="hint">{t('audit.verifyLead')}</p>
          <Verify />
        </section>
        <section class="panel" aria-labelledby="export-title">
          <h2 id="export-title">{t('audit.exportTitle')}</h2>
          <p class="hint">{t('audit.exportLead')}</p>
          <div class="filters">
            <div class={`field${badFrom ? ' invalid' : ''}`}>
              <label for="export-from">{t('field.from')}</label>
              <input
                id="export-from"
                inputMode="numeric"
                placeholder={t('hint.datePlaceholder')}
                value={from}
                onInput={(event) => setFrom((event.currentTarget as HTMLInputElement).value)}
                aria-invalid={badFrom ? 'true' : undefined}
              />
              {badFrom ? <p class="field-error">{t('check.date')}</p> : null}
            </div>
            <div class={`field${badTo ? ' invalid' : ''}`}>
              <label for="export-to">{t('field.to')}</label>
              <input
                id="export-to"
                inputMode="numeric"
                placeholder={t('hint.datePlaceholder')}
                value={to}
                onInput={(event) => setTo((event.currentTarget as HTMLInputElement).value)}
                aria-invalid={badTo ? 'true' : undefined}
              />
              {badTo ? <p class="field-error">{t('check.date')}</p> : null}
            </div>
          </div>
          <ul class="export-list">
            {FORMATS.map((item) => (
              <li key={item.format}>
                <DownloadButton
                  class="button primary small"
                  path={`/v1/exports/ledger${query({ format: item.format })}${window.replace('?', '&')}`}
                  fileName={`jomart-ledger.${item.extension}`}
                >
                  {t('audit.download', { format: item.label })}
                </DownloadButton>
                <span class="hint">{t(item.description)}</span>
              </li>
            ))}
          </ul>
        </section>
      </div>
    </>
  );
}

function Verify() {
  const { t, problemText } = useI18n();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Verification | null>(null);
  const [error, setError] = useState<string | null>(null);
  return (
    <div>
      <button
        type="button"
        class="button primary"
        disabled={busy}
        aria-busy={busy ? 'true' : undefined}
        onClick={async () => {
          setBusy(true);
          setError(null);
          try {
            setResult(await get<Verification>('/v1/audit/verify'));
          } catch (problem) {
            if (!(problem instanceof ApiProblem)) throw problem;
            setError(problemText(problem));
          } finally {
            setBusy(false);
          }
        }}
      >
        {busy ? t('audit.verifying') : t('audit.verify')}
      </button>
      {error ? (
        <div class="alert alert-error" role="alert">
          {error}
        </div>
      ) : null}
      {result ? (
        <div class={`verify-result ${result.ok ? 'ok' : 'bad'}`} role="status" data-testid="verify-result">
          <p class="verify-verdict">
            <span aria-hidden="true">{result.ok ? '✓ ' : '✗ '}</span>
            {result.ok
              ? t('audit.ok', { entries: formatCount(result.entries) })
              : t('audit.broken', { id: result.firstBadEntryId ?? '?' })}
          </p>
          <p class="hint">{t('audit.headHash')}</p>
          <code class="hash" data-testid="head-hash">
            {result.headHash}
          </code>
          {result.problem ? <p class="hint">{result.problem}</p> : null}
        </div>
      ) : null}
    </div>
  );
}
