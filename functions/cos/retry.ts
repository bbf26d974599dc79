/**
 * Bounded retries with exponential backoff for COS requests that carry a body.
 *
 * The COS SDK retries failed requests itself, but back to back (no delay) and
 * only for bodies it can replay (a Buffer or string). Bodies are therefore sent
 * as streams, which turns the SDK's retry off, and retried here instead.
 */
export interface RetryPolicy {
  /** Tries in all, the first one included. */
  attempts: number;
  /** Wait before the second try; doubled for each further one. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { attempts: 4, baseDelayMs: 500, maxDelayMs: 8_000 };

/** Runs `request` until it succeeds, fails with an error that is not worth retrying, or runs out of tries. */
export async function withRetry<T>(policy: RetryPolicy, request: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await request();
    } catch (err) {
      if (attempt >= policy.attempts || !isRetryable(err)) throw err;
      await sleep(backoffMs(policy, attempt));
    }
  }
}

/** Server errors, throttling and network failures (no status: reset, timeout) are transient. */
export function isRetryable(err: unknown): boolean {
  const status = (err as { statusCode?: number } | undefined)?.statusCode;
  return status === undefined || status >= 500 || status === 429;
}

/** Exponential with jitter, so parallel parts that failed together do not retry in lockstep. */
function backoffMs(policy: RetryPolicy, attempt: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
