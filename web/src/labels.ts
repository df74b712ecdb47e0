import { AID_CATEGORIES } from '../../src/ledger/chart';
import { REGIONS } from '../../src/recipients/regions';
import type { Language, Translate } from './i18n/language';

/**
 * Names of the things the API names by code: the 20 regions (the server's own table, with their
 * kk/ru/en names) and the aid categories.
 */
export { AID_CATEGORIES, REGIONS };

export function regionName(code: string | null | undefined, language: Language, t: Translate): string {
  if (!code) return '—';
  if (code === 'other') return t('summary.other');
  const region = REGIONS.find((candidate) => candidate.code === code);
  return region ? region[language] : code;
}

export function regionOptions(language: Language): Array<{ value: string; label: string }> {
  return [...REGIONS]
    .map((region) => ({ value: region.code, label: region[language] }))
    .sort((left, right) => left.label.localeCompare(right.label, language));
}

export function categoryName(code: string, t: Translate): string {
  if (code === 'other') return t('category.other');
  return (AID_CATEGORIES as readonly string[]).includes(code)
    ? t(`category.${code as (typeof AID_CATEGORIES)[number]}`)
    : code;
}

export function categoryOptions(t: Translate): Array<{ value: string; label: string }> {
  return AID_CATEGORIES.map((code) => ({ value: code, label: categoryName(code, t) }));
}

/** `2026-03` → `03.2026`. */
export function monthLabel(code: string, t: Translate): string {
  const match = /^([0-9]{4})-([0-9]{2})$/.exec(code);
  return match ? `${match[2]}.${match[1]}` : code === 'other' ? t('summary.other') : code;
}
