// What the Kafka and COS clients, the backup handler and the CLI share: retries with backoff,
// bounded concurrency and Tencent Cloud credentials. Code outside clients/ imports from here,
// from clients/kafka or from clients/cos only.
export { backoffMs, sleep, withRetries, type RetryOptions, type RetryPolicy } from './retry';
export { mapConcurrent, mapSettled } from './concurrency';
export { credentialsFromEnv, type CloudCredentials } from './credentials';
