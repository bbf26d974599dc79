// The construct's own defaults and limits, for what the handler never reads.
/**
 * Defaults and limits of what the construct sets on the function itself and on a bucket it
 * creates. Settings the handler reads are in the settings table (contract/settings.ts), with
 * their own defaults.
 */
export const FUNCTION_DEFAULTS = {
  triggerMode: 'timer',
  namespace: 'default',
  runtime: 'Nodejs18.15',
  memoryMiB: 512,
  logRetentionDays: 30,
  asyncRetryCount: 0,
} as const;

/** Limits SCF sets (SCF "Limits" page; the provider checks timeout 1..900). */
export const SCF_LIMITS = {
  maxTimeoutSeconds: 900,
  maxMemoryMiB: 3072,
  maxEnvironmentBytes: 4096,
} as const;

/** Defaults of `createBucket` (`CreatedBucket`). */
export const BUCKET_DEFAULTS = {
  versioning: true,
  encryption: 'AES256',
  infrequentAccessAfterDays: 30,
  noncurrentVersionExpireDays: 7,
  abortIncompleteUploadsAfterDays: 1,
  forceDestroy: false,
} as const;
