/**
 * A small HTTP client for the reliability tests, which talk to real server processes: every call
 * ends either in an answer (any status) or in "no answer" (connection refused or cut, timeout), and
 * the caller decides what each means. Also the set-up those tests share: users, funds, recipients.
 */
import { taxIdCheckDigit } from '../../src/people/tax-id.js';

/** A request the server may take long to answer under load is still waited for, but not forever. */
export const REQUEST_TIMEOUT_MILLISECONDS = 20_000;

export const ADMIN_EMAIL = 'admin@reliability.kz';
export const ADMIN_PASSWORD = 'reliability admin password';
export const STAFF_EMAIL = 'staff@reliability.kz';
export const SECOND_STAFF_EMAIL = 'staff2@reliability.kz';
export const STAFF_PASSWORD = 'reliability staff password';
export const PATRON_EMAIL = 'patron@reliability.kz';
export const PATRON_PASSWORD = 'reliability patron password';
export const JWT_SECRET = 'reliability-secret-that-is-long-enough-for-hs256';

/** What every server process of one test shares: the key of its tokens, the first admin, long tokens. */
export function serverEnvironment(database: Record<string, string>): Record<string, string> {
  return {
    ...database,
    JWT_SECRET,
    ADMIN_EMAIL,
    ADMIN_PASSWORD,
    TOKEN_TTL_SECONDS: '3600',
    PASSWORD_HASH_COST: '1024',
  };
}

export type Reply =
  | { answered: true; status: number; body: ProblemOrRecord; headers: Headers }
  | { answered: false; reason: string };

/** A JSON body as the tests read it: records and problems alike are plain objects. */
export type ProblemOrRecord = Record<string, unknown> & { code?: string };

export interface CallOptions {
  token?: string;
  body?: unknown;
  idempotencyKey?: string;
  timeoutMilliseconds?: number;
}

export async function call(
  baseUrl: string,
  method: 'GET' | 'POST',
  path: string,
  options: CallOptions = {},
): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  try {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: AbortSignal.timeout(options.timeoutMilliseconds ?? REQUEST_TIMEOUT_MILLISECONDS),
    });
    const text = await response.text();
    let body: ProblemOrRecord;
    try {
      body = text === '' ? {} : (JSON.parse(text) as ProblemOrRecord);
    } catch {
      body = { unparsedBody: text };
    }
    return { answered: true, status: response.status, body, headers: response.headers };
  } catch (error) {
    // A cut connection, a refused one, or a timeout: the server may or may not have done the work.
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return { answered: false, reason: cause?.code ?? cause?.message ?? String(error) };
  }
}

/** A call that must succeed with `expectedStatus`; anything else throws with the server's answer. */
export async function callExpecting(
  baseUrl: string,
  method: 'GET' | 'POST',
  path: string,
  expectedStatus: number,
  options: CallOptions = {},
): Promise<ProblemOrRecord> {
  const reply = await call(baseUrl, method, path, options);
  if (!reply.answered) throw new Error(`${method} ${path}: no answer (${reply.reason})`);
  if (reply.status !== expectedStatus) {
    throw new Error(
      `${method} ${path}: expected ${expectedStatus}, got ${reply.status} ${JSON.stringify(reply.body)}`,
    );
  }
  return reply.body;
}

export async function login(baseUrl: string, email: string, password: string): Promise<string> {
  const body = await callExpecting(baseUrl, 'POST', '/v1/auth/login', 200, { body: { email, password } });
  return String(body.token);
}

/** The people and places of a reliability scenario, made through the API of a running server. */
export interface Scenario {
  adminToken: string;
  staffToken: string;
  /** A second staff member, so two people can race to confirm the same donation. */
  secondStaffToken: string;
  patronToken: string;
  fundIds: number[];
  recipientIds: number[];
}

export async function prepareScenario(
  baseUrl: string,
  counts: { funds: number; recipients: number },
): Promise<Scenario> {
  const adminToken = await login(baseUrl, ADMIN_EMAIL, ADMIN_PASSWORD);
  for (const [email, name] of [
    [STAFF_EMAIL, 'Staff One'],
    [SECOND_STAFF_EMAIL, 'Staff Two'],
  ] as const) {
    await callExpecting(baseUrl, 'POST', '/v1/users', 201, {
      token: adminToken,
      body: { email, password: STAFF_PASSWORD, role: 'staff', name },
    });
  }
  const staffToken = await login(baseUrl, STAFF_EMAIL, STAFF_PASSWORD);
  const secondStaffToken = await login(baseUrl, SECOND_STAFF_EMAIL, STAFF_PASSWORD);
  const patron = await callExpecting(baseUrl, 'POST', '/v1/auth/register', 201, {
    body: { email: PATRON_EMAIL, password: PATRON_PASSWORD, name: 'Патрон Сенімді' },
  });
  const fundIds: number[] = [];
  for (let index = 1; index <= counts.funds; index += 1) {
    const fund = await callExpecting(baseUrl, 'POST', '/v1/funds', 201, {
      token: adminToken,
      body: { code: `drill-${index}`, name: `Drill fund ${index}`, restricted: true },
    });
    fundIds.push(Number(fund.id));
  }
  const recipientIds: number[] = [];
  for (let index = 1; index <= counts.recipients; index += 1) {
    const recipient = await callExpecting(baseUrl, 'POST', '/v1/recipients', 201, {
      token: staffToken,
      body: { iin: validIin(index), fullName: `Алушы ${index}`, region: 'KZ-75' },
    });
    recipientIds.push(Number(recipient.id));
  }
  return {
    adminToken,
    staffToken,
    secondStaffToken,
    patronToken: String(patron.token),
    fundIds,
    recipientIds,
  };
}

/** The `serial`-th valid IIN of a fixed stem (stems without a check digit are skipped). */
export function validIin(serial: number): string {
  let found = 0;
  for (let counter = 1; ; counter += 1) {
    const first11 = `9001013${String(counter).padStart(4, '0')}`;
    const check = taxIdCheckDigit(first11);
    if (check === null) continue;
    found += 1;
    if (found === serial) return `${first11}${check}`;
  }
}

/** Decimal string → tiyn, independently of the app's Money: "-12.30" → -1230n. Refuses anything else. */
export function tiynOf(amount: unknown): bigint {
  const match = typeof amount === 'string' ? /^(-?)(\d+)\.(\d{2})$/.exec(amount) : null;
  if (!match) throw new Error(`not a decimal amount with two places: ${JSON.stringify(amount)}`);
  const magnitude = BigInt(match[2] as string) * 100n + BigInt(match[3] as string);
  return match[1] === '-' ? -magnitude : magnitude;
}

/** Tiyn → the wire's decimal string: 123456n → "1234.56". */
export function amountOf(tiyn: bigint): string {
  const sign = tiyn < 0n ? '-' : '';
  const magnitude = tiyn < 0n ? -tiyn : tiyn;
  return `${sign}${magnitude / 100n}.${String(magnitude % 100n).padStart(2, '0')}`;
}
