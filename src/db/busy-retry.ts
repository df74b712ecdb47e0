import { AsyncLocalStorage } from 'node:async_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { isTransientDatabaseError } from './database-errors.js';

/**
 * Runs a unit of database work again when the database answers "busy" (see isTransientDatabaseError),
 * a few times, after short random pauses ("full jitter": a random wait below a doubling cap), within
 * a time budget. Then it gives up and rethrows, and the HTTP layer answers 503 with Retry-After.
 *
 * Only whole units of work may be retried: a transaction that the error rolled back, or reads. Work
 * that committed part of itself before the error must not be wrapped.
 *
 * Nested calls do not multiply the attempts: inside a retrying call, an inner one runs its work once
 * and lets the error reach the outer one, which retries the whole unit.
 */
export interface BusyRetryPolicy {
  /** Tries in all, the first included. */
  maxAttempts: number;
  /** The cap of the first pause; it doubles with each retry up to `maxDelayMilliseconds`. */
  baseDelayMilliseconds: number;
  maxDelayMilliseconds: number;
  /** No retry starts after this long since the first try began. */
  budgetMilliseconds: number;
}

export const DEFAULT_BUSY_RETRY_POLICY: Readonly<BusyRetryPolicy> = {
  maxAttempts: 5,
  baseDelayMilliseconds: 10,
  maxDelayMilliseconds: 250,
  budgetMilliseconds: 2_000,
};

/** What the retry loop needs from the world, replaceable in tests. */
export interface BusyRetryEnvironment {
  sleep(milliseconds: number): Promise<unknown>;
  /** A number in [0, 1). */
  random(): number;
  nowMilliseconds(): number;
  /** Told of each retry before its pause (for logs and figures). */
  onRetry?(error: unknown, attempt: number, delayMilliseconds: number): void;
}

const SYSTEM_ENVIRONMENT: BusyRetryEnvironment = {
  sleep: (milliseconds) => sleep(milliseconds),
  random: Math.random,
  nowMilliseconds: Date.now,
};

const retrying = new AsyncLocalStorage<true>();

export async function retryWhileBusy<T>(
  work: () => Promise<T>,
  policy: Readonly<BusyRetryPolicy> = DEFAULT_BUSY_RETRY_POLICY,
  environment: BusyRetryEnvironment = SYSTEM_ENVIRONMENT,
): Promise<T> {
  if (retrying.getStore()) return work();
  return retrying.run(true, async () => {
    const started = environment.nowMilliseconds();
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await work();
      } catch (error) {
        if (!isTransientDatabaseError(error) || attempt >= policy.maxAttempts) throw error;
        const cap = Math.min(policy.maxDelayMilliseconds, policy.baseDelayMilliseconds * 2 ** (attempt - 1));
        const delay = Math.floor(environment.random() * cap);
        if (environment.nowMilliseconds() + delay - started > policy.budgetMilliseconds) throw error;
        environment.onRetry?.(error, attempt, delay);
        await environment.sleep(delay);
      }
    }
  });
}
