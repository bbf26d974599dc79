// Bounded retries with exponential backoff, for COS requests and Kafka broker calls. Each caller
// says which errors are worth another try; Kafka also refreshes metadata between tries and stops
// when its read is aborted.

export interface RetryPolicy {
  /** Tries in all, the first one included. */
  attempts: number;
  /** Wait before the second try; doubled for each further one. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export interface RetryOptions extends RetryPolicy {
  /** Whether a failure is worth another try; any other is thrown at once. */
  retryable: (error: unknown) => boolean;
  /** Waits drawn from [delay/2, delay], so parallel calls that failed together do not retry in lockstep. */
  jitter?: boolean;
  /** Runs after the wait, before the next try (e.g. a metadata refresh). Its own failure is ignored: the next try reports the real problem. */
  beforeRetry?: (error: unknown) => Promise<void>;
  /** Checked before each try and ends a wait early; the signal's reason is thrown. */
  signal?: AbortSignal;
  /** When set, running out of tries throws "<operation> failed after N attempts: <message>" (the last error as cause) instead of the last error. */
  operation?: string;
}

/** Runs `attempt` until it succeeds, fails with an error that is not retryable, or runs out of tries. */
export async function withRetries<T>(options: RetryOptions, attempt: () => Promise<T>): Promise<T> {
  for (let tries = 1; ; tries++) {
    options.signal?.throwIfAborted();
    try {
      return await attempt();
    } catch (error) {
      if (!options.retryable(error)) throw error;
      if (tries >= options.attempts) {
        if (options.operation === undefined) throw error;
        throw new Error(`${options.operation} failed after ${tries} attempts: ${(error as Error).message}`, {
          cause: error,
        });
      }
      await sleep(backoffMs(options, tries), options.signal);
      await options.beforeRetry?.(error).catch(() => undefined);
    }
  }
}

/** The wait after the `failures`-th failure in a row: baseDelayMs, doubled for each further one, at most maxDelayMs. */
export function backoffMs(
  backoff: { baseDelayMs: number; maxDelayMs: number; jitter?: boolean },
  failures: number,
): number {
  const ceiling = Math.min(backoff.maxDelayMs, backoff.baseDelayMs * 2 ** (failures - 1));
  return backoff.jitter ? ceiling / 2 + Math.random() * (ceiling / 2) : ceiling;
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
