import { post } from '../api';
import { checkRequired } from '../checks';
import { type FieldErrors, FormAlert, SubmitButton, TextField, useForm } from '../forms';
import { useI18n } from '../i18n/language';
import { Link, navigate } from '../router';
import { useSession } from '../session';
import type { LoginResult } from '../types';

/** As src/users/user-service.ts asks (MIN_PASSWORD_LENGTH); the API checks it again. */
const MINIMUM_PASSWORD_LENGTH = 10;

/** A patron makes their own login (POST /v1/auth/register) and lands on their donations. */
export function SignUpPage() {
  const { t } = useI18n();
  const session = useSession();
  const form = useForm({ name: '', email: '', password: '' });
  return (
    <section class="panel narrow">
      <h1>{t('signUp.title')}</h1>
      <p class="lead">{t('signUp.lead')}</p>
      <form
        noValidate
        onSubmit={form.submit({
          reset: false,
          validate: (values) => {
            const errors: FieldErrors = {};
            checkRequired(errors, values, ['name', 'email', 'password'], t);
            if (!errors.email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(values.email.trim()))
              errors.email = { text: t('check.email') };
            if (!errors.password && values.password.length < MINIMUM_PASSWORD_LENGTH) {
              errors.password = { text: t('check.passwordLength', { count: MINIMUM_PASSWORD_LENGTH }) };
            }
            return errors;
          },
          run: async (values) => {
            const result = await post<LoginResult>('/v1/auth/register', {
              name: values.name.trim(),
              email: values.email.trim(),
              password: values.password,
            });
            session.signIn(result);
            navigate('/my');
          },
        })}
      >
        <FormAlert text={form.formError} />
        <TextField form={form} name="name" label={t('field.yourName')} autoComplete="name" required />
        <TextField
          form={form}
          name="email"
          label={t('field.email')}
          type="email"
          autoComplete="email"
          required
        />
        <TextField
          form={form}
          name="password"
          label={t('field.password')}
          type="password"
          autoComplete="new-password"
          hint={t('hint.password', { count: MINIMUM_PASSWORD_LENGTH })}
          required
        />
        <div class="actions">
          <SubmitButton busy={form.busy} label={t('signUp.submit')} busyLabel={t('state.sending')} />
        </div>
      </form>
      <p class="aside">
        {t('signUp.haveAccount')} <Link href="/sign-in">{t('nav.signIn')}</Link>
      </p>
    </section>
  );
}
