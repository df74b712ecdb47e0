/** True when the database refused a row because a unique key already holds its value. */
export function isUniqueViolation(error: unknown): boolean {
  const code = codeOf(error);
  // 23505: PostgreSQL unique_violation; the SQLite codes are better-sqlite3's extended result codes.
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/**
 * PostgreSQL's "try again" states: serialization_failure, deadlock_detected (the victim was rolled
 * back), lock_not_available (a lock_timeout ran out), too_many_connections and cannot_connect_now
 * (nothing ran at all).
 */
const POSTGRES_TRANSIENT_CODES: ReadonlySet<string> = new Set(['40001', '40P01', '55P03', '53300', '57P03']);

/**
 * True when the database said "busy, try again" rather than "broken": SQLite's SQLITE_BUSY (another
 * process holds the write lock past the busy timeout, or a stale snapshot) and SQLITE_LOCKED in all
 * their extended forms, or one of PostgreSQL's transient codes. Each comes with the statement or
 * transaction rolled back, so running the whole transaction again is safe and quick.
 */
export function isTransientDatabaseError(error: unknown): boolean {
  const code = codeOf(error);
  if (code === undefined) return false;
  return (
    code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED') || POSTGRES_TRANSIENT_CODES.has(code)
  );
}

/**
 * True when the ledger could not get to the database in time and wrote nothing: a transient error
 * (above), or knex's pool gave up waiting for a free connection. Answered 503 with Retry-After.
 */
export function isDatabaseBusy(error: unknown): boolean {
  return isTransientDatabaseError(error) || nameOf(error) === 'KnexTimeoutError';
}

/** The driver's error code of an error, or of the errors it wraps (`cause`, two levels down). */
function codeOf(error: unknown): string | undefined {
  for (
    let current = error, depth = 0;
    depth < 3 && typeof current === 'object' && current !== null;
    depth += 1
  ) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function nameOf(error: unknown): string | undefined {
  return error instanceof Error ? error.name : undefined;
}
