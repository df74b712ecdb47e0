import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { createApp } from '../../src/app.js';
import type { Role } from '../../src/auth/roles.js';
import { DEFAULT_CONSOLE_DIRECTORY } from '../../src/console/console-routes.js';
import { formatTengeForPeople } from '../../src/money/display.js';
import { Money, parseAmount } from '../../src/money/money.js';
import { taxIdCheckDigit } from '../../src/people/tax-id.js';
import { type TestDatabase, useTestDatabase } from '../support/test-database.js';

/**
 * The web console end to end: the real bundle (built when missing or older than web/), served by the
 * real app over a test database on a random port, driven by Debian's headless Chromium through
 * playwright-core. Without Chromium the browser tests are skipped with the reason printed, except
 * under CI=true, where a missing browser fails the run.
 */
export const CHROMIUM_PATH = '/usr/bin/chromium';
/** Resolved to 127.0.0.1 inside the test browser only; to the browser, plain http there is not secure. */
export const LAN_HOST = 'console.jomart.test';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // A name that is not localhost for this machine, so a test can load the console as from a LAN.
  `--host-resolver-rules=MAP ${LAN_HOST} 127.0.0.1`,
];
export const CONSOLE_PASSWORD = 'console-test-password';
export const DESKTOP_VIEWPORT = { width: 1280, height: 900 };
export const PHONE_VIEWPORT = { width: 390, height: 844 };
/**
 * What Chromium logs as errors that are no fault of the console: a refused request a test provoked
 * (a 4xx is a "failed resource"), and the isolation headers it ignores on a plain-http LAN origin.
 */
const EXPECTED_BROWSER_COMPLAINTS =
  /Failed to load resource|Cross-Origin-Opener-Policy header has been ignored|origin-keyed agent cluster/;
/** One browser step (a click and what it sets off) never waits longer than this. */
const STEP_TIMEOUT_MS = 15_000;

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const ARTIFACT_DIRECTORY = path.join(repositoryRoot, 'test-artifacts', 'console');
/** Server files the bundle shares (the check digit, the regions, the aid categories). */
const SHARED_SOURCES = ['src/people/tax-id.ts', 'src/recipients/regions.ts', 'src/ledger/chart.ts'];

function newestModification(folder: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestModification(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** Builds the bundle unless dist/console is newer than every source of it (CI builds it first). */
export async function ensureConsoleBuilt(): Promise<void> {
  const index = path.join(DEFAULT_CONSOLE_DIRECTORY, 'index.html');
  const sources = Math.max(
    newestModification(path.join(repositoryRoot, 'web')),
    ...SHARED_SOURCES.map((file) => fs.statSync(path.join(repositoryRoot, file)).mtimeMs),
  );
  if (fs.existsSync(index) && fs.statSync(index).mtimeMs >= sources) return;
  console.log('    building the web console bundle (dist/console is missing or older than web/)');
  const { build } = await import('vite');
  // Vite's build sets process.env.NODE_ENV=production for the whole process; the suites after this
  // one start child processes with this environment, which would then demand a JWT_SECRET.
  const nodeEnv = process.env.NODE_ENV;
  try {
    await build({ configFile: path.join(repositoryRoot, 'web', 'vite.config.ts'), logLevel: 'warn' });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
}

export interface ConsoleHarness {
  baseUrl: string;
  browser: Browser;
  testDatabase: TestDatabase;
  emails: Record<Exclude<Role, 'patron'> | 'staff2', string>;
}

/**
 * Mocha hooks for one suite: a test database, the app listening on 127.0.0.1, the users of each
 * role, and a browser. `current` is null when the browser is missing and the suite is skipped.
 */
export function useConsole(): { readonly current: ConsoleHarness } {
  const testDatabase = useTestDatabase();
  const holder: { current?: ConsoleHarness; close?: () => Promise<void> } = {};
  before(async function () {
    this.timeout(180_000);
    if (!fs.existsSync(CHROMIUM_PATH)) {
      const reason = `${CHROMIUM_PATH} is missing (apt-get install chromium)`;
      if (process.env.CI) throw new Error(`${reason}: CI must run the browser tests`);
      console.log(`    skipping the web console browser tests: ${reason}`);
      this.skip();
    }
    await ensureConsoleBuilt();
    const database = testDatabase.current;
    const emails = {
      admin: 'admin@console.kz',
      staff: 'staff@console.kz',
      staff2: 'approver@console.kz',
      auditor: 'auditor@console.kz',
    };
    const roles = { admin: 'admin', staff: 'staff', staff2: 'staff', auditor: 'auditor' } as const;
    for (const [actor, role] of Object.entries(roles)) {
      const name = {
        admin: 'Әкімші Админ',
        staff: 'Айгерім Сейітова',
        staff2: 'Бауыржан Омаров',
        auditor: 'Ольга Аудитор',
      }[actor as keyof typeof roles];
      await database.services.users.create(
        { email: emails[actor as keyof typeof roles], password: CONSOLE_PASSWORD, role, name },
        null,
      );
    }
    const app = createApp(database.services, pino({ level: 'silent' }));
    const server = app.listen(0, '127.0.0.1');
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    const { port } = server.address() as AddressInfo;
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    fs.mkdirSync(ARTIFACT_DIRECTORY, { recursive: true });
    holder.current = { baseUrl: `http://127.0.0.1:${port}`, browser, testDatabase: database, emails };
    holder.close = async () => {
      await browser.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    };
  });
  after(async () => {
    await holder.close?.();
  });
  return {
    get current(): ConsoleHarness {
      if (!holder.current) throw new Error('the console harness is not ready');
      return holder.current;
    },
  };
}

export type Language = 'kk' | 'ru' | 'en';

export interface OpenPage {
  page: Page;
  context: BrowserContext;
  /** Errors the page threw or logged: a test ends by asserting there were none. */
  errors: string[];
}

/**
 * A fresh browser context (no cookies, no storage) with the console's language chosen and the
 * browser's clock set to the server's test clock, so "today" and "this year" agree on both sides.
 */
export async function openPage(
  harness: ConsoleHarness,
  language: Language,
  viewport: { width: number; height: number } = DESKTOP_VIEWPORT,
): Promise<OpenPage> {
  const context = await harness.browser.newContext({
    viewport,
    baseURL: harness.baseUrl,
    acceptDownloads: true,
  });
  context.setDefaultTimeout(STEP_TIMEOUT_MS);
  await context.clock.setFixedTime(harness.testDatabase.clock.now());
  // Scripts for the page are strings: this project's TypeScript has no DOM types (it is a server).
  await context.addInitScript({
    content: `if (!localStorage.getItem('jomart.language')) localStorage.setItem('jomart.language', '${language}');`,
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && !EXPECTED_BROWSER_COMPLAINTS.test(message.text()))
      errors.push(message.text());
  });
  return { page, context, errors };
}

/** Signs in through the sign-in page and waits for the role's first page. */
export async function signIn(page: Page, email: string, password = CONSOLE_PASSWORD): Promise<void> {
  await page.goto('/sign-in');
  await page.locator('main input[name=email]').fill(email);
  await page.locator('main input[name=password]').fill(password);
  await page.locator('main button[type=submit]').click();
  await page.waitForURL((url) => url.pathname !== '/sign-in');
}

export async function openAs(
  harness: ConsoleHarness,
  actor: keyof ConsoleHarness['emails'],
  language: Language,
  viewport?: { width: number; height: number },
): Promise<OpenPage> {
  const opened = await openPage(harness, language, viewport);
  await signIn(opened.page, harness.emails[actor]);
  return opened;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(ARTIFACT_DIRECTORY, `${name}.png`), fullPage: true });
}

/**
 * Waits until an element's text is exactly the given one (a balance updated after a payment).
 * Locators, not waitForFunction: polling a string predicate needs eval, which the console's CSP forbids.
 */
export async function waitForText(page: Page, selector: string, text: string): Promise<void> {
  const exact = new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  await page.locator(selector).filter({ hasText: exact }).first().waitFor();
}

/** Whether the keyboard focus is on an element matching the selector. */
export async function focusIsOn(page: Page, selector: string): Promise<boolean> {
  return (
    (await page.evaluate(`document.activeElement?.matches(${JSON.stringify(selector)}) ?? false`)) === true
  );
}

/** Presses Tab until the focus reaches the selector, as a keyboard user moves through a page. */
export async function tabTo(page: Page, selector: string, limit = 80): Promise<number> {
  for (let presses = 1; presses <= limit; presses += 1) {
    await page.keyboard.press('Tab');
    if (await focusIsOn(page, selector)) return presses;
  }
  throw new Error(`${limit} presses of Tab never reached ${selector}`);
}

/** `1 234 567,89 ₸` as the console (and the receipts) write it. */
export function tenge(amount: string | Money): string {
  return formatTengeForPeople(typeof amount === 'string' ? parseAmount(amount) : amount, 'en');
}

/** The money in a `1 234 567,89 ₸` text read off the page. */
export function moneyFromText(text: string | null): Money {
  const plain = (text ?? '').replace(/[\s\u00a0₸]/g, '').replace('\u2212', '-');
  if (!/^-?[0-9]+,[0-9]{2}$/.test(plain))
    throw new Error(`not an amount as the console writes one: "${text}"`);
  return Money.fromTiyn(plain.replace(',', ''));
}

/** A valid IIN: the given 11 digits and their check digit, the next 11 digits when they have none. */
export function validIin(first11: string): string {
  let digits = first11;
  for (;;) {
    const check = taxIdCheckDigit(digits);
    if (check !== null) return `${digits}${check}`;
    digits = String(Number(digits) + 1).padStart(11, '0');
  }
}

/** The API itself, for what a test sets up rather than proves (money in a fund, say). */
export async function apiAs(harness: ConsoleHarness, actor: keyof ConsoleHarness['emails']) {
  const login = await fetch(`${harness.baseUrl}/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: harness.emails[actor], password: CONSOLE_PASSWORD }),
  });
  const { token } = (await login.json()) as { token: string };
  return async function post<T = Record<string, unknown>>(path: string, body: unknown): Promise<T> {
    const response = await fetch(`${harness.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
}
