import { useEffect, useState } from 'preact/hooks';
import { get } from './api';
import { useI18n } from './i18n/language';
import { Link } from './router';
import type { Patron, Recipient } from './types';

/**
 * Lists of donations and aid name people by id; these look the names up once per id and page
 * (a page shows a few dozen rows at most), so tables can show who, not only a number.
 */
type Kind = 'patrons' | 'recipients';
const cache = new Map<string, Promise<string | null>>();

function nameOf(kind: Kind, id: number): Promise<string | null> {
  const key = `${kind}/${id}`;
  let found = cache.get(key);
  if (!found) {
    found = get<Patron | Recipient>(`/v1/${kind}/${id}`)
      .then((person) => ('fullName' in person ? person.fullName : person.name))
      .catch(() => null);
    cache.set(key, found);
  }
  return found;
}

/** Forget names after a write that may have changed them. */
export function forgetNames(): void {
  cache.clear();
}

export function PersonName({ kind, id }: { kind: Kind; id: number | null }) {
  const { t } = useI18n();
  const [name, setName] = useState<string | null | undefined>(undefined);
  useEffect(() => {
    if (id === null) return;
    let current = true;
    void nameOf(kind, id).then((found) => {
      if (current) setName(found);
    });
    return () => {
      current = false;
    };
  }, [kind, id]);
  if (id === null) return <span class="muted">{t('donations.noPatron')}</span>;
  return <Link href={`/${kind}/${id}`}>{name ?? `#${id}`}</Link>;
}
