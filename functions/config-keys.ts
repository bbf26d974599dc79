/**
 * Names of the environment variables through which the construct configures the
 * handler. The construct writes them and the handler reads them, so both import
 * this one list. SCF reserves the `SCF_`, `QCLOUD_` and `TENCENTCLOUD_` prefixes;
 * ours all start with `BACKUP_`.
 */
export const ENV = {
  /** Bucket that receives the backup, `<name>-<appid>`. */
  bucket: 'BACKUP_BUCKET',
  /** Region of the bucket. */
  bucketRegion: 'BACKUP_BUCKET_REGION',
  /** Object key prefix: '' or ending in '/'. */
  prefix: 'BACKUP_PREFIX',
  /** COS storage class of the backup objects. */
  storageClass: 'BACKUP_STORAGE_CLASS',
  /** CKafka instance id, the first path segment under the prefix. */
  instanceId: 'BACKUP_INSTANCE_ID',
  topic: 'BACKUP_TOPIC',
  /** Comma-separated `host:port` list (the instance's VPC access address). */
  bootstrapServers: 'BACKUP_BOOTSTRAP_SERVERS',
  consumerGroup: 'BACKUP_CONSUMER_GROUP',
  /** `earliest`, `latest` or `timestamp:<epoch ms>`. */
  startPosition: 'BACKUP_START_POSITION',
  granularityMinutes: 'BACKUP_GRANULARITY_MINUTES',
  /** Objects are closed once this many compressed bytes were written. */
  maxObjectBytes: 'BACKUP_MAX_OBJECT_BYTES',
  partSizeBytes: 'BACKUP_PART_SIZE_BYTES',
  /** gzip level of the objects, 1 (fastest) to 9 (smallest). */
  gzipLevel: 'BACKUP_GZIP_LEVEL',
  /** Partitions one invocation takes; more are fanned out to async invocations. */
  partitionsPerInvocation: 'BACKUP_PARTITIONS_PER_INVOCATION',
  /** Seconds kept free at the end of a run to finish uploads and commits. */
  safetyMarginSeconds: 'BACKUP_SAFETY_MARGIN_SECONDS',
  saslMechanism: 'BACKUP_SASL_MECHANISM',
  saslUsername: 'BACKUP_SASL_USERNAME',
  /** Name of the SSM secret that holds the SASL password (never the password). */
  saslSecretName: 'BACKUP_SASL_SECRET_NAME',
  /** `true` to connect to Kafka over TLS. */
  kafkaTls: 'BACKUP_KAFKA_TLS',
  /** Region of the function itself, for SCF and SSM API calls. */
  functionRegion: 'BACKUP_FUNCTION_REGION',
  /** Overrides for tests and private endpoints. */
  cosEndpoint: 'BACKUP_COS_ENDPOINT',
  /** Milliseconds a COS request may wait on a silent connection before it is retried (default 60000). */
  cosTimeoutMs: 'BACKUP_COS_TIMEOUT_MS',
  scfEndpoint: 'BACKUP_SCF_ENDPOINT',
  ssmEndpoint: 'BACKUP_SSM_ENDPOINT',
} as const;

/**
 * What the handler does when a variable is absent, and what the construct writes when a prop is
 * absent: one set of values for both.
 */
export const HANDLER_DEFAULTS = {
  storageClass: 'STANDARD',
  startPosition: 'earliest',
  granularityMinutes: 5,
  maxObjectMiB: 256,
  partSizeMiB: 8,
  gzipLevel: 6,
  partitionsPerInvocation: 16,
  safetyMarginSeconds: 30,
} as const;

/** Prefixes SCF keeps for itself: a user variable may not start with them. */
export const RESERVED_ENV_PREFIXES = ['SCF_', 'QCLOUD_', 'TENCENTCLOUD_'] as const;
