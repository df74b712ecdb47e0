import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { ApiProblem, download } from '../api';
import { useI18n } from '../i18n/language';
import type { Fund, Status } from '../types';

/** Small pieces several pages share. */
export function StatusBadge({ status }: { status: Status }) {
  const { t } = useI18n();
  return <span class={`badge badge-${status}`}>{t(`status.${status}`)}</span>;
}

/** A fund's name for a table cell (its code is in the lists where one is chosen). */
export function fundLabel(funds: Fund[] | undefined, fundId: number | null): string {
  const fund = funds?.find((candidate) => candidate.id === fundId);
  return fund ? fund.name : fundId === null ? '—' : `#${fundId}`;
}

/** A button that downloads an authenticated file, saying what went wrong beside itself. */
export function DownloadButton({
  path,
  fileName,
  children,
  class: className = 'button secondary small',
}: {
  path: string;
  fileName: string;
  children: ComponentChildren;
  class?: string;
}) {
  const { t, problemText } = useI18n();
  const [state, setState] = useState<{ busy: boolean; error: string | null; saved: string | null }>({
    busy: false,
    error: null,
    saved: null,
  });
  return (
    <span class="download">
      <button
        type="button"
        class={className}
        disabled={state.busy}
        aria-busy={state.busy ? 'true' : undefined}
        onClick={async () => {
          setState({ busy: true, error: null, saved: null });
          try {
            const saved = await download(path, fileName);
            setState({ busy: false, error: null, saved });
          } catch (error) {
            if (!(error instanceof ApiProblem)) throw error;
            setState({ busy: false, error: problemText(error), saved: null });
          }
        }}
      >
        {children}
      </button>
      {state.error ? (
        <span class="field-error inline" role="alert">
          {state.error}
        </span>
      ) : null}
      {state.saved ? (
        <span class="field-ok inline" role="status">
          {t('download.saved', { name: state.saved })}
        </span>
      ) : null}
    </span>
  );
}

export function PageHeader({
  title,
  lead,
  children,
}: {
  title: string;
  lead?: string;
  children?: ComponentChildren;
}) {
  return (
    <div class="page-header">
      <div>
        <h1>{title}</h1>
        {lead ? <p class="lead">{lead}</p> : null}
      </div>
      {children ? <div class="page-actions">{children}</div> : null}
    </div>
  );
}

export function Stat({
  label,
  value,
  tone,
}: {
  label: string;
  value: ComponentChildren;
  tone?: 'in' | 'out';
}) {
  return (
    <div class={`stat${tone ? ` stat-${tone}` : ''}`}>
      <div class="stat-label">{label}</div>
      <div class="stat-value">{value}</div>
    </div>
  );
}

/**
 * A wide table's own horizontal scroller, so the page never scrolls sideways on a phone. It takes
 * keyboard focus, or a keyboard user could not scroll it (WCAG 2.1.1).
 */
export function ScrollRegion({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
    <section class="table-scroll" aria-label={label} tabIndex={0}>
      {children}
    </section>
  );
}

/** How many wait (beside a heading): grey when none do. */
export function Count({ value }: { value: number }) {
  return <span class={value === 0 ? 'count zero' : 'count'}>{value}</span>;
}
