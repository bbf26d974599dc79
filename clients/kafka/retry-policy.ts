// Kafka's policy on the shared retry helper, for every broker call. kafkajs retries some calls
// internally; this outer loop adds what it lacks for us: a metadata refresh after leader moves
// and broken connections, and a hard bound so a run fails instead of hanging.
import { withRetries } from '../retry';
import { isRetriable } from './errors';

export interface KafkaRetryPolicy {
  /** Attempts after the first one. */
  retries: number;
  /** Called before each new attempt, e.g. to log and refresh metadata. */
  recover: (error: unknown, what: string) => Promise<void>;
  signal?: AbortSignal;
}

export const KAFKA_BACKOFF = { baseDelayMs: 200, maxDelayMs: 5000 };

export function withKafkaRetries<T>(what: string, policy: KafkaRetryPolicy, attempt: () => Promise<T>): Promise<T> {
  return withRetries(
    {
      ...KAFKA_BACKOFF,
      attempts: policy.retries + 1,
      retryable: isRetriable,
      beforeRetry: (error) => policy.recover(error, what),
      signal: policy.signal,
      operation: what,
    },
    attempt,
  );
}
