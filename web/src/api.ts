/**
 * The console's one door to the API: JSON requests with the bearer token, RFC 9457 problems turned
 * into ApiProblem values, authenticated downloads saved as files, and uploads with progress.
 */
export interface FieldProblem {
  field: string;
  message: string;
}

/** A problem the API answered (or a network failure, code NETWORK): what forms show beside their fields. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    /** Field errors of VALIDATION_FAILED, or the one `field` other problems name. */
    readonly fields: FieldProblem[],
    /** Every other member of the problem, such as `existingId`. */
    readonly extensions: Readonly<Record<string, unknown>>,
    /** A 401 to a signed-in request: the session ended (not a wrong password). */
    readonly sessionEnded = false,
  ) {
    super(detail || code);
  }
}

export interface Page<Item> {
  items: Item[];
  nextCursor: string | null;
}

type SessionListener = () => void;

let token: string | null = null;
let onUnauthenticated: SessionListener = () => {};

/** The session module sets the token; a 401 on a signed-in request tells it the session ended. */
export function setApiToken(next: string | null, whenUnauthenticated: SessionListener): void {
  token = next;
  onUnauthenticated = whenUnauthenticated;
}

function headers(extra: Record<string, string> = {}): Record<string, string> {
  return {
    Accept: 'application/json, application/problem+json',
    ...extra,
    ...(token ? { Authorization: `Bearer ${token}` } : {}),
  };
}

const STANDARD_MEMBERS = new Set(['type', 'title', 'status', 'detail', 'code', 'errors', 'field']);

/** A 401 to a signed-in request ends the session (the console asks for the password again). */
function endSession(status: number): boolean {
  if (status !== 401 || !token) return false;
  onUnauthenticated();
  return true;
}

/** Builds the ApiProblem of a problem body (or of whatever a failed response held). */
export function problemOf(status: number, body: unknown, sessionEnded = false): ApiProblem {
  const problem = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const fields: FieldProblem[] = [];
  if (Array.isArray(problem.errors)) {
    for (const error of problem.errors as Array<Record<string, unknown>>) {
      fields.push({ field: String(error.field ?? ''), message: String(error.message ?? '') });
    }
  } else if (typeof problem.field === 'string') {
    fields.push({ field: problem.field, message: String(problem.detail ?? '') });
  }
  const extensions = Object.fromEntries(
    Object.entries(problem).filter(([key]) => !STANDARD_MEMBERS.has(key)),
  );
  return new ApiProblem(
    status,
    typeof problem.code === 'string' ? problem.code : status >= 500 ? 'INTERNAL' : 'BAD_REQUEST',
    typeof problem.detail === 'string' ? problem.detail : '',
    fields,
    extensions,
    sessionEnded,
  );
}

async function failure(response: Response): Promise<ApiProblem> {
  const body = await response.json().catch(() => null);
  return problemOf(response.status, body, endSession(response.status));
}

async function send(method: string, path: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(path, { method, ...init });
  } catch {
    throw new ApiProblem(0, 'NETWORK', 'the server could not be reached', [], {});
  }
}

export interface RequestOptions {
  body?: unknown;
  idempotencyKey?: string;
}

export async function request<T>(
  method: 'GET' | 'POST',
  path: string,
  options: RequestOptions = {},
): Promise<T> {
  const extra: Record<string, string> = {};
  if (options.body !== undefined) extra['Content-Type'] = 'application/json';
  if (options.idempotencyKey) extra['Idempotency-Key'] = options.idempotencyKey;
  const response = await send(method, path, {
    headers: headers(extra),
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  if (!response.ok) throw await failure(response);
  return (await response.json()) as T;
}

export const get = <T>(path: string) => request<T>('GET', path);
export const post = <T>(path: string, body?: unknown, idempotencyKey?: string) =>
  request<T>('POST', path, { body, ...(idempotencyKey ? { idempotencyKey } : {}) });

/** `?a=1&b=2` of the set values only. */
export function query(parameters: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(parameters)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

function fileNameOf(response: Response, fallback: string): string {
  const disposition = response.headers.get('Content-Disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (star?.[1]) return decodeURIComponent(star[1]);
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  return plain?.[1] ?? fallback;
}

/**
 * Downloads a file the API serves only with the bearer token (exports, receipts, statements): the
 * body is fetched as a Blob and saved through a temporary object URL, so no token is put in a link.
 */
export async function download(path: string, fallbackName: string): Promise<string> {
  const response = await send('GET', path, { headers: headers({ Accept: '*/*' }) });
  if (!response.ok) throw await failure(response);
  const blob = await response.blob();
  const name = fileNameOf(response, fallbackName);
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return name;
}

/**
 * Posts a file as the raw body with XMLHttpRequest, whose upload events (unlike fetch's) tell how
 * much has been sent: `onProgress` gets 0..1 while sending, then the answer is parsed as JSON.
 */
export function upload<T>(
  path: string,
  file: Blob,
  contentType: string,
  onProgress: (fraction: number) => void,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    for (const [name, value] of Object.entries(headers({ 'Content-Type': contentType })))
      xhr.setRequestHeader(name, value);
    xhr.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    });
    xhr.upload.addEventListener('load', () => onProgress(1));
    xhr.addEventListener('load', () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(body as T);
      reject(problemOf(xhr.status, body, endSession(xhr.status)));
    });
    xhr.addEventListener('error', () =>
      reject(new ApiProblem(0, 'NETWORK', 'the server could not be reached', [], {})),
    );
    xhr.send(file);
  });
}

/** A fresh Idempotency-Key (getRandomValues works on plain-http pages too, unlike randomUUID). */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `console-${Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')}`;
}
