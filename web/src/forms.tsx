import type { ComponentChildren } from 'preact';
import { useRef, useState } from 'preact/hooks';
import { ApiProblem, newIdempotencyKey } from './api';
import { type I18n, useI18n } from './i18n/language';
import type { TextKey } from './i18n/texts';
import { Link } from './router';

/**
 * Forms that never lose what was typed: a refused request leaves every value in place and puts the
 * API's problem, in the chosen language, beside the field it concerns (or above the form when it
 * concerns no one field). Values are kept as typed text; pages convert them when they send.
 */
export interface FieldMessage {
  text: string;
  link?: { href: string; label: string };
}

export type FieldErrors = Record<string, FieldMessage>;
type Values = Record<string, string | boolean>;

export interface SubmitOptions<V> {
  /** Checks made before sending; a field with a message is not sent. */
  validate?: (values: V) => FieldErrors;
  /** The request. Its ApiProblem is shown; anything it returns is ignored. */
  run: (values: V, idempotencyKey: string) => Promise<void>;
  /** Problem codes that concern one field of this form though the API names none (INSUFFICIENT_FUNDS → amount). */
  fieldOfCode?: Record<string, string>;
  /** Extra words for a problem beside its field: a link to the existing person of a duplicate IIN. */
  decorate?: (problem: ApiProblem, message: FieldMessage) => FieldMessage;
  /** Clear the form after success (default true). */
  reset?: boolean;
}

export interface Form<V extends Values> {
  values: V;
  errors: FieldErrors;
  formError: string | null;
  busy: boolean;
  /** A form's id prefix, so two forms on a page never share an input id. */
  id: string;
  set<K extends keyof V & string>(name: K, value: V[K]): void;
  submit(options: SubmitOptions<V>): (event: Event) => Promise<void>;
  setErrors(errors: FieldErrors): void;
}

let formCounter = 0;

export function fieldErrorsOf(
  problem: ApiProblem,
  i18n: I18n,
  known: readonly string[],
  fieldOfCode: Record<string, string> = {},
): { fields: FieldErrors; form: string | null } {
  const fields: FieldErrors = {};
  if (problem.sessionEnded) return { fields, form: i18n.t('expired.resend') };
  const text = i18n.problemText(problem);
  const named =
    problem.fields.length > 0
      ? problem.fields.map((field) => field.field)
      : [fieldOfCode[problem.code] ?? ''];
  for (const name of named) {
    if (!known.includes(name)) continue;
    fields[name] = {
      text: problem.code === 'VALIDATION_FAILED' ? i18n.t('problem.VALIDATION_FAILED.field') : text,
    };
  }
  const anyShown = Object.keys(fields).length > 0;
  return { fields, form: anyShown ? null : text };
}

export function useForm<V extends Values>(initial: V): Form<V> {
  const i18n = useI18n();
  const [values, setValues] = useState<V>(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const idRef = useRef(`form${++formCounter}`);
  // One key per intended write: kept across refusals and retries (the API stores only successes,
  // so a retry after a refusal is tried afresh), renewed after a success.
  const keyRef = useRef(newIdempotencyKey());
  const id = idRef.current;

  const focusFirstError = (names: string[]) => {
    requestAnimationFrame(() => {
      const first = names.map((name) => document.getElementById(`${id}-${name}`)).find(Boolean);
      first?.focus();
    });
  };

  return {
    values,
    errors,
    formError,
    busy,
    id,
    set(name, value) {
      setValues((previous) => ({ ...previous, [name]: value }));
      setErrors((previous) => {
        if (!previous[name]) return previous;
        const { [name]: _cleared, ...rest } = previous;
        return rest;
      });
    },
    setErrors,
    submit(options) {
      return async (event: Event) => {
        event.preventDefault();
        if (busy) return;
        const checked = options.validate?.(values) ?? {};
        setFormError(null);
        if (Object.keys(checked).length > 0) {
          setErrors(checked);
          focusFirstError(Object.keys(checked));
          return;
        }
        setErrors({});
        setBusy(true);
        try {
          await options.run(values, keyRef.current);
          keyRef.current = newIdempotencyKey();
          if (options.reset !== false) setValues(initial);
        } catch (error) {
          if (!(error instanceof ApiProblem)) throw error;
          const shown = fieldErrorsOf(error, i18n, Object.keys(values), options.fieldOfCode);
          const decorated = Object.fromEntries(
            Object.entries(shown.fields).map(([name, message]) => [
              name,
              options.decorate?.(error, message) ?? message,
            ]),
          );
          setErrors(decorated);
          setFormError(shown.form);
          focusFirstError(Object.keys(decorated));
        } finally {
          setBusy(false);
        }
      };
    },
  };
}

function FieldError({ id, message }: { id: string; message: FieldMessage | undefined }) {
  if (!message) return null;
  return (
    <p class="field-error" id={id}>
      <span aria-hidden="true">⚠ </span>
      {message.text}
      {message.link ? (
        <>
          {' '}
          <Link href={message.link.href}>{message.link.label}</Link>
        </>
      ) : null}
    </p>
  );
}

interface FieldProps<V extends Values> {
  form: Form<V>;
  name: keyof V & string;
  label: string;
  hint?: string;
  /** Feedback computed as the person types (the IIN check digit): shown when the API has said nothing. */
  live?: { tone: 'ok' | 'error'; text: string } | null;
  required?: boolean;
}

function describedBy(...ids: Array<string | false | null | undefined>) {
  const joined = ids.filter(Boolean).join(' ');
  return joined || undefined;
}

/** The few input attributes the console's fields set. */
interface InputProps {
  type?: 'text' | 'email' | 'password' | 'search';
  inputMode?: 'text' | 'numeric' | 'decimal' | 'email';
  autoComplete?: string;
  placeholder?: string;
  maxLength?: number;
  readOnly?: boolean;
  autoFocus?: boolean;
}

export function TextField<V extends Values>({
  form,
  name,
  label,
  hint,
  live,
  required,
  ...input
}: FieldProps<V> & InputProps) {
  const id = `${form.id}-${name}`;
  const error = form.errors[name];
  const liveError = !error && live?.tone === 'error' ? live : null;
  return (
    <div class={`field${error || liveError ? ' invalid' : ''}`}>
      <label for={id}>
        {label}
        {required ? (
          <span class="required" aria-hidden="true">
            {' '}
            *
          </span>
        ) : null}
      </label>
      <input
        id={id}
        name={name}
        value={String(form.values[name] ?? '')}
        onInput={(event) => form.set(name, (event.currentTarget as HTMLInputElement).value as V[typeof name])}
        aria-invalid={error || liveError ? 'true' : undefined}
        aria-describedby={describedBy(hint && `${id}-hint`, (error || live) && `${id}-message`)}
        required={required}
        // Preact types each input type apart; the four text-like ones take the same attributes.
        {...(input as Omit<InputProps, 'type'>)}
        type={(input.type ?? 'text') as 'text'}
      />
      {hint ? (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <FieldError id={`${id}-message`} message={error} />
      ) : live ? (
        <p class={live.tone === 'ok' ? 'field-ok' : 'field-error'} id={`${id}-message`} aria-live="polite">
          <span aria-hidden="true">{live.tone === 'ok' ? '✓ ' : '⚠ '}</span>
          {live.text}
        </p>
      ) : null}
    </div>
  );
}

export function TextArea<V extends Values>({ form, name, label, hint, required }: FieldProps<V>) {
  const id = `${form.id}-${name}`;
  const error = form.errors[name];
  return (
    <div class={`field${error ? ' invalid' : ''}`}>
      <label for={id}>
        {label}
        {required ? (
          <span class="required" aria-hidden="true">
            {' '}
            *
          </span>
        ) : null}
      </label>
      <textarea
        id={id}
        name={name}
        rows={2}
        value={String(form.values[name] ?? '')}
        onInput={(event) =>
          form.set(name, (event.currentTarget as HTMLTextAreaElement).value as V[typeof name])
        }
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(hint && `${id}-hint`, error && `${id}-message`)}
        required={required}
      />
      {hint ? (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      <FieldError id={`${id}-message`} message={error} />
    </div>
  );
}

export interface Option {
  value: string;
  label: string;
}

export function SelectField<V extends Values>({
  form,
  name,
  label,
  hint,
  required,
  options,
  onChange,
}: FieldProps<V> & { options: readonly Option[]; onChange?: (value: string) => void }) {
  const id = `${form.id}-${name}`;
  const error = form.errors[name];
  return (
    <div class={`field${error ? ' invalid' : ''}`}>
      <label for={id}>
        {label}
        {required ? (
          <span class="required" aria-hidden="true">
            {' '}
            *
          </span>
        ) : null}
      </label>
      <select
        id={id}
        name={name}
        value={String(form.values[name] ?? '')}
        onChange={(event) => {
          const value = (event.currentTarget as HTMLSelectElement).value;
          form.set(name, value as V[typeof name]);
          onChange?.(value);
        }}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(hint && `${id}-hint`, error && `${id}-message`)}
        required={required}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      {hint ? (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      <FieldError id={`${id}-message`} message={error} />
    </div>
  );
}

export function CheckboxField<V extends Values>({ form, name, label }: FieldProps<V>) {
  const id = `${form.id}-${name}`;
  return (
    <div class="field checkbox">
      <input
        type="checkbox"
        id={id}
        name={name}
        checked={Boolean(form.values[name])}
        onChange={(event) =>
          form.set(name, (event.currentTarget as HTMLInputElement).checked as V[typeof name])
        }
      />
      <label for={id}>{label}</label>
    </div>
  );
}

export function FormAlert({ text }: { text: string | null }) {
  if (!text) return null;
  return (
    <div class="alert alert-error" role="alert">
      {text}
    </div>
  );
}

export function Notice({
  children,
  tone = 'success',
}: {
  children: ComponentChildren;
  tone?: 'success' | 'info';
}) {
  return (
    <div class={`alert alert-${tone}`} role="status">
      {children}
    </div>
  );
}

export function SubmitButton({
  busy,
  label,
  busyLabel,
}: {
  busy: boolean;
  label: string;
  busyLabel?: string;
}) {
  return (
    <button type="submit" class="button primary" disabled={busy} aria-busy={busy ? 'true' : undefined}>
      {busy ? (busyLabel ?? label) : label}
    </button>
  );
}

/** The field error of a required field left empty. */
export function required(t: (key: TextKey) => string): FieldMessage {
  return { text: t('check.required') };
}
