import { useCallback, useEffect, useState } from 'preact/hooks';
import { ApiProblem, get, type Page } from './api';
import { useI18n } from './i18n/language';
import type { Fund } from './types';

/** Data a page reads from the API: loaded on open and when its inputs change, reloadable after a write. */
export interface Loaded<T> {
  data: T | undefined;
  problem: ApiProblem | null;
  loading: boolean;
  reload(): void;
}

export function useLoad<T>(load: () => Promise<T>, dependencies: unknown[]): Loaded<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [loading, setLoading] = useState(true);
  const [round, setRound] = useState(0);
  useEffect(() => {
    let current = true;
    setLoading(true);
    load()
      .then((value) => {
        if (!current) return;
        setData(value);
        setProblem(null);
      })
      .catch((error: unknown) => {
        if (!current) return;
        if (!(error instanceof ApiProblem)) throw error;
        setProblem(error);
      })
      .finally(() => {
        if (current) setLoading(false);
      });
    return () => {
      current = false;
    };
  }, [...dependencies, round]);
  const reload = useCallback(() => setRound((value) => value + 1), []);
  return { data, problem, loading, reload };
}

export function useFunds(): Loaded<Fund[]> {
  return useLoad(async () => (await get<Page<Fund>>('/v1/funds')).items, []);
}

/** «Loading…» or the problem that stopped a page's data, in the chosen language. */
export function LoadState({ loaded }: { loaded: Loaded<unknown> }) {
  const { t, problemText } = useI18n();
  if (loaded.problem) {
    return (
      <div class="alert alert-error" role="alert">
        {problemText(loaded.problem)}
      </div>
    );
  }
  if (loaded.loading && loaded.data === undefined) {
    return (
      <p class="loading" role="status">
        {t('state.loading')}
      </p>
    );
  }
  return null;
}
