import { useEffect, useState } from 'preact/hooks';
import { get, type Page, query } from '../api';
import { useLoad } from '../data';
import { formatTenge } from '../format';
import { type Form, SelectField } from '../forms';
import { useI18n } from '../i18n/language';
import { regionName } from '../labels';
import type { Fund, Patron, Recipient } from '../types';

/**
 * Choosing a person or a fund inside a form: a search box narrows a plain <select>, which is the
 * form's field (so its errors show beside it, and the keyboard works as with any select).
 */
type Values = Record<string, string | boolean>;

const PATRON_LIST_LIMIT = 200;
const RECIPIENT_MATCH_LIMIT = 20;
const SEARCH_DELAY_MS = 250;

function SearchBox({
  id,
  label,
  value,
  onInput,
}: {
  id: string;
  label: string;
  value: string;
  onInput: (value: string) => void;
}) {
  return (
    <div class="field search-box">
      <label for={id}>{label}</label>
      <input
        id={id}
        type="search"
        value={value}
        autoComplete="off"
        onInput={(event) => onInput((event.currentTarget as HTMLInputElement).value)}
        // Enter here narrows the list; it must not send the form around it.
        onKeyDown={(event) => {
          if (event.key === 'Enter') event.preventDefault();
        }}
      />
    </div>
  );
}

function useDebounced(value: string): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [value]);
  return settled;
}

/** Patrons: the newest few hundred, narrowed by name, IIN/BIN or e-mail as typed; or «no patron». */
export function PatronPicker<V extends Values>({
  form,
  name,
  allowNone,
}: {
  form: Form<V>;
  name: keyof V & string;
  allowNone: boolean;
}) {
  const { t } = useI18n();
  const [search, setSearch] = useState('');
  const patrons = useLoad(() => get<Page<Patron>>(`/v1/patrons${query({ limit: PATRON_LIST_LIMIT })}`), []);
  const needle = search.trim().toLocaleLowerCase();
  const selected = String(form.values[name] ?? '');
  const matches = (patrons.data?.items ?? []).filter(
    (patron) =>
      String(patron.id) === selected ||
      !needle ||
      `${patron.name ?? ''} ${patron.iin ?? ''} ${patron.bin ?? ''} ${patron.email ?? ''} #${patron.id}`
        .toLocaleLowerCase()
        .includes(needle),
  );
  return (
    <fieldset class="picker">
      <legend>{t('field.patron')}</legend>
      <SearchBox
        id={`${form.id}-${name}-search`}
        label={t('picker.searchPatron')}
        value={search}
        onInput={setSearch}
      />
      <SelectField
        form={form}
        name={name}
        label={t('picker.choosePatron', { count: matches.length })}
        options={[
          { value: '', label: allowNone ? t('donations.noPatron') : t('filter.choose') },
          ...matches.map((patron) => ({
            value: String(patron.id),
            label: `${patron.name ?? '—'}${patron.iin || patron.bin ? ` · ${patron.iin ?? patron.bin}` : ''}`,
          })),
        ]}
      />
    </fieldset>
  );
}

/** Recipients: searched on the server by name, or by IIN when 12 digits are typed. */
export function RecipientPicker<V extends Values>({
  form,
  name,
  preset,
}: {
  form: Form<V>;
  name: keyof V & string;
  preset?: Recipient | undefined;
}) {
  const { t, language } = useI18n();
  const [search, setSearch] = useState('');
  const settled = useDebounced(search.trim());
  const byIin = /^[0-9]{12}$/.test(settled);
  const found = useLoad(
    () =>
      get<Page<Recipient>>(
        `/v1/recipients${query({ ...(byIin ? { iin: settled } : { q: settled }), limit: RECIPIENT_MATCH_LIMIT })}`,
      ),
    [settled],
  );
  const items = found.data?.items ?? [];
  const options =
    preset && !items.some((recipient) => recipient.id === preset.id) ? [preset, ...items] : items;
  return (
    <fieldset class="picker">
      <legend>{t('field.recipient')}</legend>
      <SearchBox
        id={`${form.id}-${name}-search`}
        label={t('picker.searchRecipient')}
        value={search}
        onInput={setSearch}
      />
      <SelectField
        form={form}
        name={name}
        label={t('picker.chooseRecipient', { count: options.length })}
        required
        options={[
          { value: '', label: t('filter.choose') },
          ...options.map((recipient) => ({
            value: String(recipient.id),
            label: `${recipient.fullName ?? '—'} · ${recipient.iin ?? ''} · ${regionName(recipient.region, language, t)}`,
          })),
        ]}
      />
    </fieldset>
  );
}

export function fundOptions(funds: Fund[]): Array<{ value: string; label: string }> {
  return funds.map((fund) => ({ value: String(fund.id), label: `${fund.name} (${fund.code})` }));
}

/** A fund's available balance, read fresh (GET /v1/funds/:id) whenever the chosen fund changes. */
export function FundBalance({ fundId, refresh }: { fundId: string; refresh: number }) {
  const { t } = useI18n();
  const fund = useLoad(
    () => (fundId ? get<Fund>(`/v1/funds/${fundId}`) : Promise.resolve(undefined)),
    [fundId, refresh],
  );
  if (!fundId || !fund.data) return null;
  return (
    <div class="balance" aria-live="polite">
      <span>{t('aid.available')}</span>{' '}
      <strong data-testid="fund-available">{formatTenge(fund.data.available)}</strong>
      {fund.data.pendingOut !== '0.00' ? (
        <span class="muted"> · {t('aid.pendingOut', { amount: formatTenge(fund.data.pendingOut) })}</span>
      ) : null}
      {fund.data.capPerRecipientYear ? (
        <span class="muted"> · {t('aid.cap', { amount: formatTenge(fund.data.capPerRecipientYear) })}</span>
      ) : null}
    </div>
  );
}
