import { useEffect, useRef } from 'preact/hooks';
import { post } from '../api';
import { homeOf } from '../app';
import { checkRequired } from '../checks';
import { type FieldErrors, FormAlert, SubmitButton, TextField, useForm } from '../forms';
import { useI18n } from '../i18n/language';
import { Link, navigate } from '../router';
import { useSession } from '../session';
import type { LoginResult } from '../types';

/** Wrong email or password concern both fields; shown once, above them. */
const SIGN_IN_CODES = {};

export function SignInPage() {
  const { t } = useI18n();
  const session = useSession();
  const form = useForm({ email: '', password: '' });
  useEffect(() => {
    if (session.user) navigate(homeOf(session.user.role), { replace: true });
  }, [session.user]);
  return (
    <section class="panel narrow">
      <h1>{t('signIn.title')}</h1>
      <p class="lead">{t('signIn.lead')}</p>
      <form
        noValidate
        onSubmit={form.submit({
          reset: false,
          fieldOfCode: SIGN_IN_CODES,
          validate: (values) => {
            const errors: FieldErrors = {};
            checkRequired(errors, values, ['email', 'password'], t);
            return errors;
          },
          run: async (values) => {
            const result = await post<LoginResult>('/v1/auth/login', {
              email: values.email.trim(),
              password: values.password,
            });
            session.signIn(result);
            navigate(homeOf(result.user.role));
          },
        })}
      >
        <FormAlert text={form.formError} />
        <TextField
          form={form}
          name="email"
          label={t('field.email')}
          type="email"
          autoComplete="username"
          required
        />
        <TextField
          form={form}
          name="password"
          label={t('field.password')}
          type="password"
          autoComplete="current-password"
          required
        />
        <div class="actions">
          <SubmitButton busy={form.busy} label={t('signIn.submit')} busyLabel={t('state.sending')} />
        </div>
      </form>
      <p class="aside">
        {t('signIn.noAccount')} <Link href="/sign-up">{t('nav.signUp')}</Link>
      </p>
    </section>
  );
}

/** The token ran out while a page was open: sign in again on top of it, keeping the page as it is. */
export function SessionExpiredDialog({ email }: { email: string }) {
  const { t } = useI18n();
  const session = useSession();
  const form = useForm({ email, password: '' });
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    if (dialog.current && !dialog.current.open) dialog.current.showModal();
  }, []);
  return (
    <dialog
      ref={dialog}
      class="dialog"
      aria-labelledby="expired-title"
      onCancel={(event) => event.preventDefault()}
    >
      <h2 id="expired-title">{t('expired.title')}</h2>
      <p>{t('expired.lead')}</p>
      <form
        noValidate
        onSubmit={form.submit({
          reset: false,
          validate: (values) => {
            const errors: FieldErrors = {};
            checkRequired(errors, values, ['password'], t);
            return errors;
          },
          run: async (values) => {
            const result = await post<LoginResult>('/v1/auth/login', {
              email: values.email.trim(),
              password: values.password,
            });
            session.signIn(result);
          },
        })}
      >
        <FormAlert text={form.formError} />
        <TextField
          form={form}
          name="email"
          label={t('field.email')}
          type="email"
          autoComplete="username"
          readOnly
        />
        <TextField
          form={form}
          name="password"
          label={t('field.password')}
          type="password"
          autoComplete="current-password"
          autoFocus
          required
        />
        <div class="actions">
          <SubmitButton busy={form.busy} label={t('signIn.submit')} busyLabel={t('state.sending')} />
          <button
            type="button"
            class="button secondary"
            onClick={() => {
              session.signOut();
              navigate('/sign-in');
            }}
          >
            {t('nav.signOut')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
