import { isRetriable } from './errors'

// One bounded retry policy for every broker call. kafkajs retries some calls internally;
// this outer loop adds what it lacks for us: a metadata refresh after leader moves and
// broken connections, and a hard bound so a run fails instead of hanging.

export interface RetryPolicy {
  retries: number
  /** Called before each new attempt, e.g. to log and refresh metadata. */
  recover: (error: unknown, what: string) => Promise<void>
  signal?: AbortSignal
}

export async function withRetries<T>(what: string, policy: RetryPolicy, attempt: () => Promise<T>): Promise<T> {
  for (let failures = 0; ; failures++) {
    policy.signal?.throwIfAborted()
    try {
      return await attempt()
    } catch (error) {
      if (!isRetriable(error)) throw error
      if (failures >= policy.retries) {
        throw new Error(`${what} failed after ${failures + 1} attempts: ${(error as Error).message}`, { cause: error })
      }
      await sleep(backoffMs(failures), policy.signal)
      await policy.recover(error, what).catch(() => undefined) // the next attempt reports the real problem
    }
  }
}

export function backoffMs(failures: number): number {
  return Math.min(200 * 2 ** failures, 5000)
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason)
    const onAbort = () => {
      clearTimeout(timer)
      reject(signal?.reason)
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}
