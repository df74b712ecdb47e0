import { useState } from 'preact/hooks';
import { ApiProblem, upload } from '../api';
import { PageHeader, ScrollRegion, Stat } from '../components/bits';
import { formatCount, formatTenge } from '../format';
import { FormAlert } from '../forms';
import { useI18n } from '../i18n/language';
import type { StatementImport } from '../types';

/** The API's limit on a statement's body (POST /v1/statements): checked here before a byte is sent. */
const MAX_STATEMENT_BYTES = 20 * 1024 * 1024;

type Phase =
  | { name: 'idle' }
  | { name: 'sending'; fraction: number }
  | { name: 'booking' }
  | { name: 'done'; result: StatementImport };

/**
 * A bank statement CSV booked through POST /v1/statements (raw text/csv body): the bar follows the
 * upload (XMLHttpRequest's upload events), then waits while the server books the rows, then shows
 * what was booked, skipped (already booked references) and rejected (with line numbers).
 */
export function StatementImportPage() {
  const { t, problemText } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const [phase, setPhase] = useState<Phase>({ name: 'idle' });
  const [error, setError] = useState<string | null>(null);
  const busy = phase.name === 'sending' || phase.name === 'booking';
  const percent =
    phase.name === 'sending' ? Math.round(phase.fraction * 100) : phase.name === 'idle' ? 0 : 100;

  const start = async (event: Event) => {
    event.preventDefault();
    setError(null);
    if (!file) return setError(t('import.chooseFile'));
    if (file.size > MAX_STATEMENT_BYTES)
      return setError(t('import.tooLarge', { megabytes: MAX_STATEMENT_BYTES / 1024 / 1024 }));
    setPhase({ name: 'sending', fraction: 0 });
    try {
      const result = await upload<StatementImport>('/v1/statements', file, 'text/csv', (fraction) =>
        setPhase(fraction >= 1 ? { name: 'booking' } : { name: 'sending', fraction }),
      );
      setPhase({ name: 'done', result });
    } catch (problem) {
      if (!(problem instanceof ApiProblem)) throw problem;
      setPhase({ name: 'idle' });
      setError(problemText(problem));
    }
  };

  return (
    <>
      <PageHeader title={t('import.title')} lead={t('import.lead')} />
      <section class="panel" aria-labelledby="upload-title">
        <h2 id="upload-title">{t('import.uploadTitle')}</h2>
        <form onSubmit={start} noValidate>
          <FormAlert text={error} />
          <div class="field">
            <label for="statement-file">{t('import.file')}</label>
            <input
              id="statement-file"
              type="file"
              accept=".csv,text/csv"
              aria-describedby="statement-file-hint"
              onChange={(event) => {
                setFile((event.currentTarget as HTMLInputElement).files?.[0] ?? null);
                setPhase({ name: 'idle' });
                setError(null);
              }}
            />
            <p class="hint" id="statement-file-hint">
              {t('import.fileHint')}
            </p>
          </div>
          <div class="progress-block" hidden={phase.name === 'idle'}>
            <label for="statement-progress">
              {phase.name === 'sending'
                ? t('import.sending', { percent })
                : phase.name === 'booking'
                  ? t('import.booking')
                  : t('import.done')}
            </label>
            <progress
              id="statement-progress"
              max={100}
              value={phase.name === 'booking' ? undefined : percent}
            />
          </div>
          <div class="actions">
            <button
              type="submit"
              class="button primary"
              disabled={busy}
              aria-busy={busy ? 'true' : undefined}
            >
              {t('import.submit')}
            </button>
          </div>
        </form>
      </section>
      {phase.name === 'done' ? <ImportSummary result={phase.result} /> : null}
    </>
  );
}

function ImportSummary({ result }: { result: StatementImport }) {
  const { t } = useI18n();
  const rejected = result.rejectedCount ?? result.rejected.length;
  return (
    <section class="panel" aria-labelledby="summary-title" role="status">
      <h2 id="summary-title">{t('import.summaryTitle')}</h2>
      <div class="stats">
        <Stat label={t('import.booked')} value={formatCount(result.booked)} tone="in" />
        <Stat label={t('import.skipped')} value={formatCount(result.skipped)} />
        <Stat
          label={t('import.rejected')}
          value={formatCount(rejected)}
          tone={rejected > 0 ? 'out' : undefined}
        />
        <Stat label={t('import.total')} value={formatTenge(result.totalKzt)} />
      </div>
      {result.rejected.length > 0 ? (
        <ScrollRegion label={t('import.rejectedTitle')}>
          <table>
            <caption>
              {t('import.rejectedTitle')}
              {rejected > result.rejected.length
                ? ` (${t('import.firstListed', { count: formatCount(result.rejected.length) })})`
                : null}
            </caption>
            <thead>
              <tr>
                <th scope="col" class="numeric">
                  {t('import.line')}
                </th>
                <th scope="col">{t('import.reason')}</th>
              </tr>
            </thead>
            <tbody>
              {result.rejected.map((row) => (
                <tr key={row.line}>
                  <td class="numeric">{row.line}</td>
                  <td>{row.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      ) : null}
    </section>
  );
}
