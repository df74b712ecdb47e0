import { useState } from 'preact/hooks';
import { get, type Page, post } from '../api';
import { checkAmount, checkOptionalDate, checkRequired } from '../checks';
import { PageHeader } from '../components/bits';
import { amountSort, type Column, SortableTable } from '../components/sortable-table';
import { LoadState, useFunds, useLoad } from '../data';
import { formatDate, formatTenge, parseAmountInput, parseDateInput } from '../format';
import {
  CheckboxField,
  type FieldErrors,
  FormAlert,
  Notice,
  SelectField,
  SubmitButton,
  TextField,
  useForm,
} from '../forms';
import { useI18n } from '../i18n/language';
import type { Fund, User } from '../types';

/** An admin adds staff and auditors, and opens funds: what a new center needs before its first day. */
export function AdminPage() {
  const { t } = useI18n();
  const users = useLoad(() => get<Page<User>>('/v1/users?limit=200'), []);
  const funds = useFunds();
  const userColumns: Column<User>[] = [
    { key: 'email', label: t('field.email'), render: (row) => row.email, sortValue: (row) => row.email },
    {
      key: 'name',
      label: t('field.name'),
      render: (row) => row.name ?? '—',
      sortValue: (row) => row.name ?? '',
    },
    {
      key: 'role',
      label: t('field.role'),
      render: (row) => t(`role.${row.role}`),
      sortValue: (row) => row.role,
    },
  ];
  const fundColumns: Column<Fund>[] = [
    {
      key: 'name',
      label: t('field.fund'),
      render: (row) => `${row.name} (${row.code})`,
      sortValue: (row) => row.name,
    },
    {
      key: 'restricted',
      label: t('field.restricted'),
      render: (row) => (row.restricted ? t('answer.yes') : t('answer.no')),
    },
    { key: 'closesOn', label: t('field.closesOn'), render: (row) => formatDate(row.closesOn) },
    {
      key: 'available',
      label: t('field.available'),
      numeric: true,
      render: (row) => formatTenge(row.available),
      sortValue: (row) => amountSort(row.available),
    },
  ];
  return (
    <>
      <PageHeader title={t('admin.title')} lead={t('admin.lead')} />
      <div class="grid two">
        <section class="panel" aria-labelledby="users-title">
          <h2 id="users-title">{t('admin.usersTitle')}</h2>
          <NewUserForm onCreated={users.reload} />
          <LoadState loaded={users} />
          {users.data ? (
            <SortableTable
              caption={t('admin.usersTitle')}
              columns={userColumns}
              rows={users.data.items}
              rowKey={(row) => row.id}
            />
          ) : null}
        </section>
        <section class="panel" aria-labelledby="funds-title">
          <h2 id="funds-title">{t('admin.fundsTitle')}</h2>
          <NewFundForm onCreated={funds.reload} />
          <LoadState loaded={funds} />
          {funds.data ? (
            <SortableTable
              caption={t('admin.fundsTitle')}
              columns={fundColumns}
              rows={funds.data}
              rowKey={(row) => row.id}
            />
          ) : null}
        </section>
      </div>
    </>
  );
}

function NewUserForm({ onCreated }: { onCreated: () => void }) {
  const { t } = useI18n();
  const form = useForm({ email: '', name: '', role: 'staff', password: '' });
  const [created, setCreated] = useState<string | null>(null);
  return (
    <form
      noValidate
      onSubmit={form.submit({
        validate: (values) => {
          const errors: FieldErrors = {};
          checkRequired(errors, values, ['email', 'password'], t);
          if (!errors.password && values.password.length < 10)
            errors.password = { text: t('check.passwordLength', { count: 10 }) };
          return errors;
        },
        run: async (values) => {
          setCreated(null);
          const user = await post<User>('/v1/users', {
            email: values.email.trim(),
            password: values.password,
            role: values.role,
            ...(values.name.trim() ? { name: values.name.trim() } : {}),
          });
          setCreated(user.email);
          onCreated();
        },
      })}
    >
      {created ? <Notice>{t('admin.userCreated', { email: created })}</Notice> : null}
      <FormAlert text={form.formError} />
      <div class="grid two tight">
        <TextField
          form={form}
          name="email"
          label={t('field.email')}
          type="email"
          autoComplete="off"
          required
        />
        <TextField form={form} name="name" label={t('field.name')} autoComplete="off" />
        <SelectField
          form={form}
          name="role"
          label={t('field.role')}
          options={(['staff', 'auditor', 'admin'] as const).map((role) => ({
            value: role,
            label: t(`role.${role}`),
          }))}
        />
        <TextField
          form={form}
          name="password"
          label={t('field.password')}
          type="password"
          autoComplete="new-password"
          hint={t('hint.password', { count: 10 })}
          required
        />
      </div>
      <div class="actions">
        <SubmitButton busy={form.busy} label={t('admin.createUser')} busyLabel={t('state.sending')} />
      </div>
    </form>
  );
}

function NewFundForm({ onCreated }: { onCreated: () => void }) {
  const { t } = useI18n();
  const form = useForm({
    code: '',
    name: '',
    restricted: true as boolean,
    capPerRecipientYear: '',
    closesOn: '',
  });
  const [created, setCreated] = useState<string | null>(null);
  return (
    <form
      noValidate
      onSubmit={form.submit({
        validate: (values) => {
          const errors: FieldErrors = {};
          checkRequired(errors, values, ['code', 'name'], t);
          if (!errors.code && !/^[a-z0-9][a-z0-9-]{1,39}$/.test(values.code.trim()))
            errors.code = { text: t('check.fundCode') };
          if (values.capPerRecipientYear.trim())
            checkAmount(errors, 'capPerRecipientYear', values.capPerRecipientYear, t);
          checkOptionalDate(errors, 'closesOn', values.closesOn, t);
          return errors;
        },
        run: async (values) => {
          setCreated(null);
          const fund = await post<Fund>('/v1/funds', {
            code: values.code.trim(),
            name: values.name.trim(),
            restricted: values.restricted,
            ...(values.capPerRecipientYear.trim()
              ? { capPerRecipientYear: parseAmountInput(values.capPerRecipientYear) }
              : {}),
            ...(values.closesOn.trim() ? { closesOn: parseDateInput(values.closesOn) } : {}),
          });
          setCreated(fund.name);
          onCreated();
        },
      })}
    >
      {created ? <Notice>{t('admin.fundCreated', { name: created })}</Notice> : null}
      <FormAlert text={form.formError} />
      <div class="grid two tight">
        <TextField
          form={form}
          name="code"
          label={t('field.fundCode')}
          hint={t('hint.fundCode')}
          autoComplete="off"
          required
        />
        <TextField form={form} name="name" label={t('field.name')} autoComplete="off" required />
        <TextField form={form} name="capPerRecipientYear" label={t('field.cap')} inputMode="decimal" />
        <TextField
          form={form}
          name="closesOn"
          label={t('field.closesOn')}
          inputMode="numeric"
          placeholder={t('hint.datePlaceholder')}
        />
      </div>
      <CheckboxField form={form} name="restricted" label={t('field.restrictedLong')} />
      <div class="actions">
        <SubmitButton busy={form.busy} label={t('admin.createFund')} busyLabel={t('state.sending')} />
      </div>
    </form>
  );
}
