import fs from 'node:fs';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { parseAmount } from '../../src/money/money.js';
import {
  CONSOLE_PASSWORD,
  type ConsoleHarness,
  type Language,
  moneyFromText,
  openAs,
  openPage,
  screenshot,
  tenge,
  useConsole,
  validIin,
  waitForText,
} from './console-harness.js';

/**
 * Proves that the web console does the daily work end to end, in a real browser against the real
 * server: a patron signs up and declares a donation, staff confirm it and pay aid from the fund they
 * see the balance of, an auditor sees the totals move and downloads the ledger as CSV, and the
 * patron gets a PDF receipt — once in each of Kazakh, Russian and English.
 */
describe('web console — a donation from declaration to aid, in each language', function () {
  this.timeout(120_000);
  const harness = useConsole();

  const WORDS: Record<Language, { signUp: RegExp; pending: string; posted: string }> = {
    kk: { signUp: /Тіркелгі жасау/, pending: 'күтуде', posted: 'өткізілді' },
    ru: { signUp: /Создать учётную запись/, pending: 'ожидает', posted: 'проведено' },
    en: { signUp: /Create my account/, pending: 'pending', posted: 'posted' },
  };

  const flows: Array<{ language: Language; patron: string; given: string; aid: string; iin: string }> = [
    {
      language: 'kk',
      patron: 'Әлия Қасымова',
      given: '150000.00',
      aid: '40000.00',
      iin: validIin('85030140001'),
    },
    {
      language: 'ru',
      patron: 'Ирина Смирнова',
      given: '75500.50',
      aid: '20000.00',
      iin: validIin('91121250002'),
    },
    {
      language: 'en',
      patron: 'Dana Seitkali',
      given: '1234567.89',
      aid: '234567.89',
      iin: validIin('77070760003'),
    },
  ];

  for (const flow of flows) {
    it(`console (${flow.language}) — patron declares, staff confirm and pay aid, auditor sees the totals and downloads the CSV`, async () => {
      const h = harness.current;
      const auditor = await openAs(h, 'auditor', flow.language);
      const before = await overviewTotals(auditor.page);

      const patron = await signUpPatron(h, flow.language, flow.patron, WORDS[flow.language].signUp);
      await declareDonation(patron.page, flow.given);
      const mine = patron.page.locator('section[aria-labelledby=mine-title] tbody tr').first();
      await mine.locator('.badge-pending').waitFor();
      expect(await mine.textContent()).to.contain(tenge(flow.given));
      expect(await mine.locator('.badge-pending').textContent()).to.equal(WORDS[flow.language].pending);
      await screenshot(patron.page, `patron-my-donations-${flow.language}`);

      const staff = await openAs(h, 'staff', flow.language);
      await confirmDeclared(staff.page, flow.patron, flow.given);
      await screenshot(staff.page, `staff-donations-${flow.language}`);
      const recipientId = await registerRecipient(staff.page, flow.iin, `${flow.patron} алушы`);
      await screenshot(staff.page, `staff-recipients-${flow.language}`);
      await payAid(staff.page, recipientId, flow.aid);
      await screenshot(staff.page, `staff-aid-${flow.language}`);

      await auditor.page.reload();
      const after = await overviewTotals(auditor.page);
      expect(after.in.minus(before.in).toString()).to.equal(parseAmount(flow.given).toString());
      expect(after.out.minus(before.out).toString()).to.equal(parseAmount(flow.aid).toString());
      await screenshot(auditor.page, `auditor-reports-${flow.language}`);
      const csv = await downloadLedgerCsv(auditor.page);
      expect(csv).to.contain(`,${flow.given},`);
      expect(csv).to.contain(`,-${flow.aid},`);
      const head = (await (await fetch(`${h.baseUrl}/healthz`)).json()) as { journal: { headHash: string } };
      expect(csv).to.contain(head.journal.headHash);
      await auditor.page.locator('section[aria-labelledby=verify-title] button').click();
      expect(await auditor.page.getByTestId('head-hash').textContent()).to.equal(head.journal.headHash);
      expect(await auditor.page.locator('.verify-result.ok').count()).to.equal(1);
      await screenshot(auditor.page, `auditor-audit-${flow.language}`);

      await patron.page.reload();
      await mine.locator('.badge-posted').waitFor();
      expect(await mine.locator('.badge-posted').textContent()).to.equal(WORDS[flow.language].posted);
      const [receipt] = await Promise.all([
        patron.page.waitForEvent('download'),
        mine.locator('button', { hasText: 'PDF' }).click(),
      ]);
      const pdf = fs.readFileSync((await receipt.path()) as string);
      expect(pdf.subarray(0, 5).toString()).to.equal('%PDF-');
      const [statement] = await Promise.all([
        patron.page.waitForEvent('download'),
        patron.page.locator('section[aria-labelledby=statement-title] button').click(),
      ]);
      expect(statement.suggestedFilename()).to.match(/\.pdf$/);
      await patron.page.locator('header nav a[href="/my/impact"]').click();
      await patron.page.locator('main .stat-value').first().waitFor();
      expect(await patron.page.locator('main .stat-value').first().textContent()).to.equal(tenge(flow.given));
      expect(await patron.page.locator('header nav [aria-current=page]').getAttribute('href')).to.equal(
        '/my/impact',
      );
      await screenshot(patron.page, `patron-impact-${flow.language}`);

      for (const opened of [patron, staff, auditor]) {
        expect(opened.errors, 'errors in the page').to.deep.equal([]);
        await opened.context.close();
      }
    });
  }
});

async function overviewTotals(page: Page) {
  await page.goto('/reports');
  await page.getByTestId('total-in').waitFor();
  return {
    in: moneyFromText(await page.getByTestId('total-in').textContent()),
    out: moneyFromText(await page.getByTestId('total-out').textContent()),
  };
}

async function signUpPatron(h: ConsoleHarness, language: Language, name: string, submit: RegExp) {
  const opened = await openPage(h, language);
  await opened.page.goto('/');
  await opened.page.locator('main a[href="/sign-up"]').click();
  await opened.page.locator('main input[name=name]').fill(name);
  await opened.page.locator('main input[name=email]').fill(`${language}.patron@mail.kz`);
  await opened.page.locator('main input[name=password]').fill(CONSOLE_PASSWORD);
  await opened.page.getByRole('button', { name: submit }).click();
  await opened.page.waitForURL('**/my');
  return opened;
}

/** Types the amount the Kazakhstan way, `1 234 567,89`, as a person would. */
function typedAmount(amount: string): string {
  return tenge(amount)
    .replace(/\u00a0₸$/, '')
    .replaceAll('\u00a0', ' ');
}

async function declareDonation(page: Page, amount: string) {
  const form = page.locator('section[aria-labelledby=declare-title] form');
  await form.locator('input[name=amount]').fill(typedAmount(amount));
  await form.locator('button[type=submit]').click();
  await page.locator('section[aria-labelledby=declare-title] .alert-success').waitFor();
}

async function confirmDeclared(page: Page, patronName: string, amount: string) {
  await page.goto('/donations');
  const row = page.locator('section[aria-labelledby=pending-title] tbody tr', { hasText: patronName });
  await row.waitFor();
  expect(await row.textContent()).to.contain(tenge(amount));
  await row.locator('button.primary').click();
  await row.waitFor({ state: 'detached' });
}

/** Registers a recipient, watching the IIN's check digit accepted as typed; returns the new id. */
async function registerRecipient(page: Page, iin: string, fullName: string): Promise<number> {
  await page.goto('/recipients');
  const form = page.locator('section[aria-labelledby=register-title] form');
  await form.locator('input[name=iin]').pressSequentially(iin);
  await form.locator('.field-ok').waitFor();
  await form.locator('input[name=fullName]').fill(fullName);
  await form.locator('select[name=region]').selectOption('KZ-75');
  await form.locator('button[type=submit]').click();
  const payLink = form.locator('.alert-success a[href^="/aid?recipient="]');
  await payLink.waitFor();
  return Number(((await payLink.getAttribute('href')) ?? '').split('=')[1]);
}

/** Pays aid from the general fund after reading its available balance off the form. */
async function payAid(page: Page, recipientId: number, amount: string) {
  await page.goto(`/aid?recipient=${recipientId}`);
  const form = page.locator('section[aria-labelledby=pay-title] form');
  await form.getByTestId('fund-available').waitFor();
  const available = moneyFromText(await form.getByTestId('fund-available').textContent());
  await form.locator('select[name=recipientId]').selectOption(String(recipientId));
  await form.locator('input[name=amount]').fill(typedAmount(amount));
  await form.locator('select[name=category]').selectOption('medical');
  await form.locator('button[type=submit]').click();
  await form.locator('.alert-success').waitFor();
  const expected = available.minus(parseAmount(amount));
  await waitForText(page, '[data-testid=fund-available]', tenge(expected));
}

async function downloadLedgerCsv(page: Page): Promise<string> {
  await page.goto('/audit');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('button', { hasText: 'CSV' }).click(),
  ]);
  expect(download.suggestedFilename()).to.match(/\.csv$/);
  return fs.readFileSync((await download.path()) as string, 'utf8');
}
