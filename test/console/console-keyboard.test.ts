import { expect } from 'chai';
import type { Page } from 'playwright-core';
import {
  apiAs,
  CONSOLE_PASSWORD,
  focusIsOn,
  openAs,
  openPage,
  screenshot,
  tabTo,
  tenge,
  useConsole,
  validIin,
} from './console-harness.js';

/**
 * Proves the console's main forms work with the keyboard alone (Tab to move, typing, Enter to send)
 * and that a refused form keeps everything typed, with the API's problem beside the field it
 * concerns: a wrong IIN check digit as it is typed, a duplicate IIN with a link to the person, aid
 * above the fund's balance, approval by a second person, a reversal with a reason, and twice.
 */
describe('web console — keyboard only, and refusals that keep what was typed', function () {
  this.timeout(120_000);
  const harness = useConsole();

  it('staff forms — keyboard only — recipient, duplicate IIN link, refused then pending aid, approval, reversal', async () => {
    const h = harness.current;
    const admin = await apiAs(h, 'admin');
    await admin('/v1/donations', { amount: '1000000.00', reference: 'KB-SEED-1' });

    const staff = await openPage(h, 'en');
    const page = staff.page;
    await page.goto('/sign-in');
    await tabTo(page, 'input[name=email]');
    await page.keyboard.type(h.emails.staff);
    await page.keyboard.press('Tab');
    await page.keyboard.type(CONSOLE_PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL('**/donations');

    // A recipient, the IIN checked as typed: a wrong last digit, then the right one.
    const iin = validIin('88021540011');
    const wrong = `${iin.slice(0, 11)}${(Number(iin[11]) + 1) % 10}`;
    await page.goto('/recipients');
    const register = page.locator('section[aria-labelledby=register-title]');
    await tabTo(page, 'section[aria-labelledby=register-title] input[name=iin]');
    await page.keyboard.type(wrong);
    expect(await register.locator('.field-error').textContent()).to.contain('check digit does not match');
    await page.keyboard.press('Backspace');
    await page.keyboard.type(iin.slice(11));
    expect(await register.locator('.field-ok').textContent()).to.contain('check digit is correct');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Нұрлан Keyboard');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Astana');
    await tabTo(page, 'section[aria-labelledby=register-title] button[type=submit]');
    await page.keyboard.press('Enter');
    await register.locator('.alert-success').waitFor();
    const existingHref = await register
      .locator('.alert-success a[href^="/recipients/"]')
      .getAttribute('href');

    // The same IIN again: refused beside the IIN field, with a link to the registered person.
    await register.locator('input[name=iin]').focus();
    await page.keyboard.type(iin);
    await page.keyboard.press('Tab');
    await page.keyboard.type('Someone Else');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Almaty');
    await tabTo(page, 'section[aria-labelledby=register-title] button[type=submit]');
    await page.keyboard.press('Enter');
    const duplicate = register.locator('.field-error a');
    await duplicate.waitFor();
    expect(await register.locator('.field-error').textContent()).to.contain('registered already');
    expect(await duplicate.getAttribute('href')).to.equal(existingHref);
    expect(await register.locator('input[name=fullName]').inputValue()).to.equal('Someone Else');
    await screenshot(page, 'staff-recipients-duplicate-en');
    await tabTo(page, 'section[aria-labelledby=register-title] .field-error a');
    await page.keyboard.press('Enter');
    await page.waitForURL(`**${existingHref}`);
    await page.locator('h1', { hasText: 'Нұрлан Keyboard' }).waitFor();

    // Aid above what the fund holds: refused beside the amount, nothing typed is lost.
    await page.locator('main a[href^="/aid?recipient="]').focus();
    await page.keyboard.press('Enter');
    await page.waitForURL('**/aid?recipient=*');
    const pay = page.locator('section[aria-labelledby=pay-title] form');
    await pay.getByTestId('fund-available').waitFor();
    expect(await pay.getByTestId('fund-available').textContent()).to.equal(tenge('1000000.00'));
    await tabTo(page, 'section[aria-labelledby=pay-title] select[name=recipientId]');
    await tabTo(page, 'section[aria-labelledby=pay-title] input[name=amount]');
    await page.keyboard.type('2 000 000');
    await page.keyboard.press('Tab');
    await page.keyboard.type('medical');
    await tabTo(page, 'section[aria-labelledby=pay-title] textarea[name=note]');
    await page.keyboard.type('insulin for a year');
    await tabTo(page, 'section[aria-labelledby=pay-title] button[type=submit]');
    await page.keyboard.press('Enter');
    const amountError = pay.locator('.field.invalid .field-error');
    await amountError.waitFor();
    expect(await amountError.textContent()).to.contain('does not have this much available');
    expect(await focusIsOn(page, 'section[aria-labelledby=pay-title] input[name=amount]')).to.equal(true);
    expect(await pay.locator('input[name=amount]').inputValue()).to.equal('2 000 000');
    expect(await pay.locator('textarea[name=note]').inputValue()).to.equal('insulin for a year');
    expect(await pay.locator('select[name=category]').inputValue()).to.equal('medical');
    await screenshot(page, 'staff-aid-refused-en');

    // The amount corrected, sent with Enter: at the threshold it waits for a second person.
    await page.keyboard.press('Control+A');
    await page.keyboard.type('600 000,00');
    await page.keyboard.press('Enter');
    await pay.locator('.alert-success').waitFor();
    expect(await pay.locator('.alert-success').textContent()).to.contain('pending');
    const pendingRow = page.locator('section[aria-labelledby=approve-title] tbody tr', {
      hasText: '600 000,00',
    });
    await pendingRow.waitFor();
    expect(await pendingRow.getByRole('button', { name: 'Approve' }).isDisabled()).to.equal(true);

    // The second staff member approves it with the keyboard.
    const approver = await openAs(h, 'staff2', 'en');
    await approver.page.goto('/aid');
    await tabTo(approver.page, 'section[aria-labelledby=approve-title] button.primary');
    await approver.page.keyboard.press('Enter');
    await approver.page
      .locator('section[aria-labelledby=approve-title] tbody tr', { hasText: '600 000,00' })
      .waitFor({ state: 'detached' });
    await approver.page.locator('section[aria-labelledby=pay-title] [data-testid=fund-available]').waitFor();
    expect(await approver.page.getByTestId('fund-available').textContent()).to.equal(tenge('400000.00'));

    // A reversal with a reason, then the same entry again: refused beside the reason.
    await reverseNewest(page, 'paid to the wrong person');
    const first = page.locator('main tbody tr').first();
    await first.locator('text=→').waitFor();
    await screenshot(page, 'staff-journal-en');
    await reverseSecondRow(page, 'once more');
    const refusal = page.locator('tr.subrow .field-error');
    await refusal.waitFor();
    expect(await refusal.textContent()).to.contain('reversed already');
    expect(await page.locator('tr.subrow input[name=reason]').inputValue()).to.equal('once more');

    for (const opened of [staff, approver]) {
      expect(opened.errors, 'errors in the page').to.deep.equal([]);
      await opened.context.close();
    }
  });

  it('patron forms — keyboard only — sign up, a rejected amount kept, a declared donation, a session that ends mid-form', async () => {
    const h = harness.current;
    const patron = await openPage(h, 'ru');
    const page = patron.page;
    await page.goto('/sign-up');
    await tabTo(page, 'main input[name=name]');
    await page.keyboard.type('Гүлнар Клавиатура');
    await page.keyboard.press('Tab');
    await page.keyboard.type('keyboard@mail.kz');
    await page.keyboard.press('Tab');
    await page.keyboard.type(CONSOLE_PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL('**/my');
    // Focus is on the new page's content as soon as it shows, so what is typed next is not lost.
    expect(await focusIsOn(page, 'main')).to.equal(true);

    const declare = page.locator('section[aria-labelledby=declare-title] form');
    await tabTo(page, 'section[aria-labelledby=declare-title] input[name=amount]');
    await page.keyboard.type('12,345.60');
    await tabTo(page, 'section[aria-labelledby=declare-title] textarea[name=note]');
    await page.keyboard.type('на зимнюю одежду');
    await tabTo(page, 'section[aria-labelledby=declare-title] button[type=submit]');
    await page.keyboard.press('Enter');
    expect(await declare.locator('.field-error').textContent()).to.contain('не более двух знаков');
    expect(await focusIsOn(page, 'section[aria-labelledby=declare-title] input[name=amount]')).to.equal(true);
    expect(await declare.locator('textarea[name=note]').inputValue()).to.equal('на зимнюю одежду');

    await page.keyboard.press('Control+A');
    await page.keyboard.type('12 345,60');
    await page.keyboard.press('Enter');
    await page.locator('section[aria-labelledby=declare-title] .alert-success').waitFor();
    const row = page.locator('section[aria-labelledby=mine-title] tbody tr').first();
    await row.locator('.badge-pending').waitFor();
    expect(await row.textContent()).to.contain(tenge('12345.60'));

    // The session ends while a form is open: the password is asked for over the page, the form kept.
    await page.route('**/v1/donations', (route) =>
      route.fulfill({
        status: 401,
        contentType: 'application/problem+json',
        body: JSON.stringify({
          status: 401,
          code: 'UNAUTHENTICATED',
          title: 'Unauthenticated',
          detail: 'expired',
        }),
      }),
    );
    await declare.locator('input[name=amount]').focus();
    await page.keyboard.type('5 000');
    await page.keyboard.press('Enter');
    await page.locator('dialog[open]').waitFor();
    expect(await focusIsOn(page, 'dialog input[name=password]')).to.equal(true);
    await page.unroute('**/v1/donations');
    await page.keyboard.type(CONSOLE_PASSWORD);
    await page.keyboard.press('Enter');
    await page.locator('dialog[open]').waitFor({ state: 'detached' });
    expect(await declare.locator('input[name=amount]').inputValue()).to.equal('5 000');
    expect(await declare.locator('.alert-error').textContent()).to.contain('Ничего не отправлено');
    await declare.locator('input[name=amount]').focus();
    await page.keyboard.press('Enter');
    await page
      .locator('section[aria-labelledby=mine-title] tbody tr', { hasText: tenge('5000.00') })
      .waitFor();
    expect(patron.errors, 'errors in the page').to.deep.equal([]);
    await patron.context.close();
  });
});

/** Opens the reverse form of the newest entry with the keyboard and sends a reason. */
async function reverseNewest(page: Page, reason: string) {
  await page.goto('/journal');
  await tabTo(page, 'main tbody tr:first-child button');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  await page.keyboard.type(reason);
  await page.keyboard.press('Enter');
  await page.locator('tr.subrow').waitFor({ state: 'detached' });
}

/** The entry just reversed is now the second row (its reversal is the first): reverse it again. */
async function reverseSecondRow(page: Page, reason: string) {
  await page.locator('main tbody tr:nth-child(2) button').focus();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  await page.keyboard.type(reason);
  await page.keyboard.press('Enter');
}
