import fs from 'node:fs';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import {
  apiAs,
  LAN_HOST,
  moneyFromText,
  openAs,
  openPage,
  PHONE_VIEWPORT,
  screenshot,
  tenge,
  useConsole,
  validIin,
  waitForText,
} from './console-harness.js';

/**
 * Proves the auditor's pages (every report with its sortable table and charts, every export format,
 * the journal check), the bank-statement upload with its progress bar and summary, the public page
 * without a login, the remembered language, and a phone-width screen on which nothing overflows.
 */
describe('web console — reports, exports, statement upload, public page and a phone', function () {
  this.timeout(180_000);
  const harness = useConsole();

  /** Aid to 6 people in Almaty and 5 in Astana (shown publicly) and 2 in Shymkent (folded into «other»). */
  const PEOPLE: Array<{ region: string; amount: string; category: string }> = [
    ...Array.from({ length: 6 }, (_unused, index) => ({
      region: 'KZ-75',
      amount: `${(index + 1) * 10000}.00`,
      category: 'food',
    })),
    ...Array.from({ length: 5 }, (_unused, index) => ({
      region: 'KZ-71',
      amount: `${(index + 2) * 7000}.00`,
      category: 'medical',
    })),
    ...Array.from({ length: 2 }, () => ({ region: 'KZ-79', amount: '5000.00', category: 'housing' })),
  ];

  before(async function () {
    this.timeout(60_000);
    const h = harness.current;
    const admin = await apiAs(h, 'admin');
    const staff = await apiAs(h, 'staff');
    const winter = await admin<{ id: number }>('/v1/funds', {
      code: 'winter',
      name: 'Қысқы көмек',
      restricted: true,
    });
    const patron = await staff<{ id: number }>('/v1/patrons', { name: 'ТОО «Береке»', kind: 'organization' });
    await staff('/v1/donations', { patronId: patron.id, amount: '900000.00', reference: 'PAGES-1' });
    await staff('/v1/donations', {
      patronId: patron.id,
      amount: '250000.00',
      fundId: winter.id,
      reference: 'PAGES-2',
    });
    for (const [index, person] of PEOPLE.entries()) {
      const recipient = await staff<{ id: number }>('/v1/recipients', {
        iin: validIin(`9${String(index).padStart(2, '0')}10130000`),
        fullName: `Алушы ${index + 1}`,
        region: person.region,
      });
      await staff('/v1/aid', {
        recipientId: recipient.id,
        fundId: 1,
        amount: person.amount,
        category: person.category,
      });
    }
  });

  it('auditor — every report sorts, filters and downloads as CSV; charts are drawn; every export format downloads', async () => {
    const h = harness.current;
    const auditor = await openAs(h, 'auditor', 'en');
    const page = auditor.page;
    await page.goto('/reports');
    await page.getByTestId('total-in').waitFor();
    expect(await page.getByTestId('total-in').textContent()).to.equal(tenge('1150000.00'));
    const paid = PEOPLE.reduce((sum, person) => sum + Number(person.amount), 0);
    expect(moneyFromText(await page.getByTestId('total-out').textContent()).toString()).to.equal(
      `${paid}.00`,
    );
    expect(await inkedPixels(page, 'section[aria-labelledby=months-title] canvas')).to.be.greaterThan(200);
    expect(await inkedPixels(page, 'section[aria-labelledby=regions-title] canvas')).to.be.greaterThan(200);
    await screenshot(page, 'auditor-reports-overview-en');

    for (const name of ['recipients', 'patrons', 'funds', 'regions', 'categories', 'trial-balance']) {
      await page.locator(`nav.tabs a[href="/reports/${name}"]`).click();
      await page.locator('section[aria-labelledby=report-title] tfoot tr').waitFor();
      await screenshot(page, `auditor-report-${name}-en`);
    }
    expect(await page.locator('tfoot td').last().textContent()).to.equal('0,00\u00a0₸');

    // Recipients, biggest aid first: a click on the header sorts, a second click reverses.
    await page.locator('nav.tabs a[href="/reports/recipients"]').click();
    const totalHeader = page.locator('thead th', { hasText: 'Total' });
    await totalHeader.locator('button').click();
    await totalHeader.locator('button').click();
    expect(await totalHeader.getAttribute('aria-sort')).to.equal('descending');
    expect(await page.locator('tbody tr').first().locator('td').nth(4).textContent()).to.equal(
      tenge('60000.00'),
    );
    expect(await page.locator('tbody tr').last().locator('td').nth(4).textContent()).to.equal(
      tenge('5000.00'),
    );

    // A filter narrows the report; its CSV is the same report, with a BOM for Excel.
    await page.locator('select[name=region]').selectOption('KZ-71');
    await page.locator('section[aria-labelledby=report-title] form button[type=submit]').click();
    await page.locator('main tbody tr').nth(5).waitFor({ state: 'detached' });
    const [report] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    const csv = fs.readFileSync((await report.path()) as string, 'utf8');
    expect(csv.startsWith('\ufeffrecipientId,')).to.equal(true);
    expect(csv.trim().split('\n')).to.have.length(7);

    await page.goto('/audit');
    const expected: Record<string, (content: Buffer) => boolean> = {
      CSV: (content) => content.toString('utf8').startsWith('\ufeffentry_id,'),
      XLSX: (content) => content.subarray(0, 2).toString() === 'PK',
      NDJSON: (content) => JSON.parse(content.toString('utf8').split('\n')[0] ?? '').type === 'header',
      hledger: (content) => /expenses:aid/.test(content.toString('utf8')),
      Beancount: (content) => /open Assets/i.test(content.toString('utf8')),
    };
    for (const [label, check] of Object.entries(expected)) {
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: `Download ${label}` }).click(),
      ]);
      const content = fs.readFileSync((await download.path()) as string);
      expect(check(content), `${label} export`).to.equal(true);
    }
    await page.getByRole('button', { name: 'Verify the journal' }).click();
    await page.locator('.verify-result.ok').waitFor();
    await screenshot(page, 'auditor-audit-verified-en');
    expect(auditor.errors, 'errors in the page').to.deep.equal([]);
    await auditor.context.close();
  });

  it('admin — opens a fund, adds an auditor, registers a patron (a duplicate BIN links to it) and records its donation into the fund', async () => {
    const h = harness.current;
    const admin = await openAs(h, 'admin', 'kk');
    const page = admin.page;
    await page.locator('header nav a[href="/admin"]').click();
    const fund = page.locator('section[aria-labelledby=funds-title] form');
    await fund.locator('input[name=code]').fill('Bad Code');
    await fund.locator('input[name=name]').fill('Мектепке дайындық');
    await fund.locator('button[type=submit]').click();
    await fund.locator('.field.invalid input[name=code]').waitFor();
    await fund.locator('input[name=code]').fill('school-2026');
    await fund.locator('button[type=submit]').click();
    await fund.locator('.alert-success').waitFor();
    const user = page.locator('section[aria-labelledby=users-title] form');
    await user.locator('input[name=email]').fill('second.auditor@console.kz');
    await user.locator('select[name=role]').selectOption('auditor');
    await user.locator('input[name=password]').fill('a-long-auditor-password');
    await user.locator('button[type=submit]').click();
    await user.locator('.alert-success').waitFor();
    await page
      .locator('section[aria-labelledby=users-title] tbody tr', { hasText: 'second.auditor@console.kz' })
      .waitFor();
    await screenshot(page, 'admin-kk');

    // A patron registered with a BIN; the same BIN again links to the registered one.
    const bin = validIin('05064000012');
    await page.locator('header nav a[href="/patrons"]').click();
    const register = page.locator('section[aria-labelledby=patron-register] form');
    for (const name of ['ТОО «Алтын Дән»', 'ТОО «Алтын Дән» (қайта)']) {
      await register.locator('input[name=name]').fill(name);
      await register.locator('select[name=kind]').selectOption('organization');
      await register.locator('input[name=taxId]').fill(bin);
      await register.locator('button[type=submit]').click();
      if (name.endsWith('(қайта)')) await register.locator('.field-error a[href^="/patrons/"]').waitFor();
      else await register.locator('.alert-success').waitFor();
    }
    expect(await register.locator('input[name=name]').inputValue()).to.equal('ТОО «Алтын Дән» (қайта)');
    await screenshot(page, 'staff-patrons-duplicate-kk');

    // Money received from that patron, recorded into the new fund.
    await page.locator('header nav a[href="/donations"]').click();
    const record = page.locator('section[aria-labelledby=record-title] form');
    await record.locator('input[type=search]').fill('Алтын');
    await record
      .locator('select[name=patronId] option', { hasText: 'Алтын Дән' })
      .waitFor({ state: 'attached' });
    const patronOption = await record
      .locator('select[name=patronId] option', { hasText: 'Алтын Дән' })
      .getAttribute('value');
    await record.locator('select[name=patronId]').selectOption(patronOption ?? '');
    await record.locator('input[name=amount]').fill('320 000,50');
    await record.locator('select[name=fundId]').selectOption({ label: 'Мектепке дайындық (school-2026)' });
    await record.locator('input[name=reference]').fill('KASPI-SCHOOL-1');
    await record.locator('button[type=submit]').click();
    await record.locator('.alert-success').waitFor();
    expect(await record.locator('.alert-success').textContent()).to.contain(tenge('320000.50'));
    await page.locator('section[aria-labelledby=recent-title] tbody tr', { hasText: 'Алтын Дән' }).waitFor();
    await page.goto('/aid');
    // The pay form appears once the funds are read; the new fund is among its choices.
    await page
      .locator('section[aria-labelledby=pay-title] select[name=fundId] option', {
        hasText: 'Мектепке дайындық (school-2026)',
      })
      .waitFor({ state: 'attached' });
    expect(admin.errors, 'errors in the page').to.deep.equal([]);
    await admin.context.close();
  });

  it('staff — a bank statement uploads with a progress bar, then books, skips and rejects rows by line', async () => {
    const h = harness.current;
    const staff = await openAs(h, 'staff', 'ru');
    const page = staff.page;
    const rows = 1500;
    const lines = ['date;amount;reference;payer_name;payer_iin_bin;purpose'];
    for (let index = 1; index <= rows; index += 1) {
      lines.push(
        `25.11.2026;1 000,00;STMT-${index};Плательщик ${index % 50};;Благотворительная помощь детям и семьям №${index}`,
      );
    }
    lines.push('25.11.2026;12,34.5;STMT-BAD;Ошибка;;сумма неоднозначна');
    const file = Buffer.from(`${lines.join('\n')}\n`, 'utf8');

    await page.goto('/import');
    // The upload is slowed to a crawl so the bar has something to show between 0 and 100 %.
    const network = await staff.context.newCDPSession(page);
    await network.send('Network.enable');
    await network.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 20,
      downloadThroughput: -1,
      uploadThroughput: file.length / 3,
    });
    await page
      .locator('#statement-file')
      .setInputFiles({ name: 'statement.csv', mimeType: 'text/csv', buffer: file });
    await page.locator('main button[type=submit]').click();
    const seen = new Set<number>();
    const summary = page.locator('section[aria-labelledby=summary-title]');
    while ((await summary.count()) === 0) {
      const value = await page.locator('#statement-progress').getAttribute('value');
      if (value !== null) seen.add(Number(value));
      if (seen.size === 3) await screenshot(page, 'staff-import-progress-ru');
      await page.waitForTimeout(100);
    }
    expect(
      [...seen].some((percent) => percent > 0 && percent < 100),
      `progress seen: ${[...seen]}`,
    ).to.equal(true);
    await network.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });

    const stats = summary.locator('.stat-value');
    expect(await stats.nth(0).textContent()).to.equal('1\u00a0500');
    expect(await stats.nth(1).textContent()).to.equal('0');
    expect(await stats.nth(2).textContent()).to.equal('1');
    expect(await stats.nth(3).textContent()).to.equal(tenge('1500000.00'));
    expect(await summary.locator('tbody tr td').first().textContent()).to.equal(String(rows + 2));
    await screenshot(page, 'staff-import-ru');

    // The same file again books nothing: every reference is booked already.
    await page.locator('main button[type=submit]').click();
    await waitForText(page, 'section[aria-labelledby=summary-title] .stat-value', '1\u00a0500');
    expect(await stats.nth(0).textContent()).to.equal('0');
    expect(staff.errors, 'errors in the page').to.deep.equal([]);
    await staff.context.close();
  });

  it('public page and a phone — no login, the language remembered, nothing wider than 390 pixels', async () => {
    const h = harness.current;
    const visitor = await openPage(h, 'en');
    await visitor.page.goto('/');
    await visitor.page.getByTestId('public-disbursed').waitFor();
    expect(
      await inkedPixels(visitor.page, 'section[aria-labelledby=public-regions] canvas'),
    ).to.be.greaterThan(200);
    const regions = await visitor.page
      .locator('section[aria-labelledby=public-region-table] tbody tr')
      .allTextContents();
    expect(regions.map((row) => row.split(/[0-9]/)[0])).to.have.members(['Almaty', 'Astana', 'Other']);
    await screenshot(visitor.page, 'public-summary-en');

    // Over plain http at a host that is not localhost (a LAN address) the page still loads its bundle.
    await visitor.page.goto(h.baseUrl.replace('127.0.0.1', LAN_HOST));
    await visitor.page.getByTestId('public-disbursed').waitFor();
    await visitor.page.getByRole('button', { name: 'Русский' }).click();
    await visitor.page.locator('h1', { hasText: 'Куда идут деньги' }).waitFor();
    await visitor.page.reload();
    await visitor.page.locator('h1', { hasText: 'Куда идут деньги' }).waitFor();
    expect(await visitor.page.getAttribute('html', 'lang')).to.equal('ru');
    expect(visitor.errors, 'errors in the page').to.deep.equal([]);
    await visitor.context.close();

    const phone = await openPage(h, 'kk', PHONE_VIEWPORT);
    await phone.page.goto('/');
    await phone.page.getByTestId('public-disbursed').waitFor();
    await expectFitsPhone(phone.page, 'phone-public-summary-kk');
    await phone.context.close();

    const staff = await openAs(h, 'staff', 'kk', PHONE_VIEWPORT);
    for (const [path, ready] of [
      ['/donations', 'section[aria-labelledby=recent-title] tbody tr'],
      ['/aid', 'section[aria-labelledby=recent-aid] tbody tr'],
      ['/recipients', 'section[aria-labelledby=search-title] tbody tr'],
      ['/reports/recipients', 'tfoot tr'],
      ['/journal', 'main tbody tr'],
    ] as const) {
      await staff.page.goto(path);
      await staff.page.locator(ready).first().waitFor();
      await expectFitsPhone(staff.page, `phone-staff${path.replaceAll('/', '-')}-kk`);
    }
    expect(staff.errors, 'errors in the page').to.deep.equal([]);
    await staff.context.close();
  });

  async function expectFitsPhone(page: Page, name: string) {
    await screenshot(page, name);
    const width = await page.evaluate('document.documentElement.scrollWidth');
    expect(width, `${name}: page width`).to.be.at.most(PHONE_VIEWPORT.width);
  }
});

/** Pixels of a chart's canvas that hold ink: zero for a chart that drew nothing. */
async function inkedPixels(page: Page, selector: string): Promise<number> {
  await page.locator(selector).waitFor();
  return (await page.evaluate(`(() => {
    const canvas = document.querySelector(${JSON.stringify(selector)});
    const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let inked = 0;
    for (let index = 0; index < pixels.length; index += 4) if (pixels[index + 3] > 0) inked += 1;
    return inked;
  })()`)) as number;
}
