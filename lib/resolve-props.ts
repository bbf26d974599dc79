// Turns the props into what the construct builds from, once: every default applied (the handler
// settings' from the settings table, contract/settings.ts; the rest from function-defaults.ts),
// and every problem the props have, gathered for the one error the constructor throws.
import { Fn, Op, Token } from 'cdktf';
import { Settings } from '../contract/settings';
import { BUCKET_DEFAULTS, FUNCTION_DEFAULTS, SCF_LIMITS } from './function-defaults';
import { functionEnvironment, propSettings } from './handler-settings';
import {
  BackupAlarms,
  CkafkaCosBackupProps,
  CreatedBucket,
  ExistingLogs,
  KafkaSasl,
  TriggerMode,
  VpcPlacement,
} from './props';
import { TopicSelection, functionDescription, topicSelection } from './topic-selection';
import { validateEnvironmentSize, validateProps } from './validation';

/** The handler settings the construct itself reads (for names, policies, triggers and alarms). */
export type ConstructSettings = Pick<
  Settings,
  | 'bucket'
  | 'bucketRegion'
  | 'prefix'
  | 'instanceId'
  | 'topic'
  | 'topics'
  | 'topicPattern'
  | 'consumerGroup'
  | 'startPosition'
  | 'saslSecretName'
  | 'granularityMinutes'
  | 'functionRegion'
  | 'enablePublicNet'
>;

/** `createBucket` with its defaults. */
export type ResolvedCreatedBucket = Required<Omit<CreatedBucket, 'kmsKeyId' | 'expireAfterDays'>> &
  Pick<CreatedBucket, 'kmsKeyId' | 'expireAfterDays'>;

/** The props with every default applied. */
export interface ResolvedProps {
  /** Handler settings, defaults applied (the bucket is `bucket` or `createBucket`). */
  readonly settings: ConstructSettings;
  /** The topics backed up: by name (`kafka.topic`, `kafka.topics`) or by `kafka.topicPattern`. */
  readonly topics: TopicSelection;
  /** The function's environment: `environment` and every handler setting as a `BACKUP_*` variable. */
  readonly environment: Record<string, string>;
  readonly functionName: string;
  readonly namespace: string;
  readonly triggerMode: TriggerMode;
  readonly createBucket?: ResolvedCreatedBucket;
  readonly manageBucketPolicy: boolean;
  /** The SASL password's secret; without `creatorUin` it is the account's own. */
  readonly sasl?: { readonly secretName: string; readonly creatorUin?: KafkaSasl['secretCreatorUin'] };
  readonly vpc: VpcPlacement;
  readonly runtime: string;
  readonly memoryMiB: number;
  /** Seconds; may be a token. */
  readonly timeoutSeconds: number;
  readonly description: string;
  readonly asyncRetry: { readonly retryCount: number; readonly eventTtlSeconds: number };
  readonly logs?: ExistingLogs;
  readonly createLogs?: { readonly retentionDays: number };
  readonly alarms?: BackupAlarms;
  readonly handlerBundleDir?: string;
  readonly tags?: Record<string, string>;
}

/** The resolved props, or every problem the props have (then nothing is resolved). */
export type PropsResolution =
  | { readonly resolved: ResolvedProps; readonly problems: readonly [] }
  | { readonly resolved?: undefined; readonly problems: readonly string[] };

/** Minutes as seconds, capped at SCF's 900 s limit; works on values known only at apply time. */
function cappedSeconds(minutes: number): number {
  if (Token.isUnresolved(minutes)) return Token.asNumber(Fn.min([SCF_LIMITS.maxTimeoutSeconds, Op.mul(minutes, 60)]));
  return Math.min(SCF_LIMITS.maxTimeoutSeconds, minutes * 60);
}

/** `createBucket` with its defaults. */
function createdBucket(options: CreatedBucket): ResolvedCreatedBucket {
  return {
    name: options.name,
    region: options.region,
    versioning: options.versioning ?? BUCKET_DEFAULTS.versioning,
    encryption: options.encryption ?? BUCKET_DEFAULTS.encryption,
    kmsKeyId: options.kmsKeyId,
    infrequentAccessAfterDays: options.infrequentAccessAfterDays ?? BUCKET_DEFAULTS.infrequentAccessAfterDays,
    expireAfterDays: options.expireAfterDays,
    noncurrentVersionExpireDays: options.noncurrentVersionExpireDays ?? BUCKET_DEFAULTS.noncurrentVersionExpireDays,
    abortIncompleteUploadsAfterDays:
      options.abortIncompleteUploadsAfterDays ?? BUCKET_DEFAULTS.abortIncompleteUploadsAfterDays,
    forceDestroy: options.forceDestroy ?? BUCKET_DEFAULTS.forceDestroy,
  };
}

/**
 * Checks the props and applies every default: the resolved props, or every problem found (each
 * naming the prop, the bad value and the rule). The environment's size is checked only once the
 * props are otherwise valid, since it is built from them.
 */
export function resolveProps(props: CkafkaCosBackupProps): PropsResolution {
  const handler = propSettings(props);
  const problems = validateProps(props, handler);
  if (problems.length > 0) return { problems };
  const environment = functionEnvironment(handler.values, props.environment);
  const sizeProblems = validateEnvironmentSize(environment);
  if (sizeProblems.length > 0) return { problems: sizeProblems };

  // Valid props: every setting the construct reads is present (required, or with a default).
  const settings = handler.values as unknown as ConstructSettings;
  const topics = topicSelection(settings);
  const { kafka, asyncRetry, createLogs } = props;
  return {
    problems: [],
    resolved: {
      settings,
      topics,
      environment,
      functionName: props.functionName,
      namespace: props.namespace ?? FUNCTION_DEFAULTS.namespace,
      triggerMode: props.triggerMode ?? FUNCTION_DEFAULTS.triggerMode,
      createBucket: props.createBucket && createdBucket(props.createBucket),
      manageBucketPolicy: props.manageBucketPolicy ?? false,
      sasl: kafka.sasl && { secretName: settings.saslSecretName!, creatorUin: kafka.sasl.secretCreatorUin },
      vpc: props.vpc,
      runtime: props.runtime ?? FUNCTION_DEFAULTS.runtime,
      memoryMiB: props.memoryMiB ?? FUNCTION_DEFAULTS.memoryMiB,
      timeoutSeconds: props.timeoutSeconds ?? cappedSeconds(settings.granularityMinutes),
      description: props.description ?? functionDescription(topics, settings.instanceId, settings.bucket),
      asyncRetry: {
        retryCount: asyncRetry?.retryCount ?? FUNCTION_DEFAULTS.asyncRetryCount,
        eventTtlSeconds: asyncRetry?.eventTtlSeconds ?? cappedSeconds(settings.granularityMinutes),
      },
      logs: props.logs,
      createLogs: createLogs && { retentionDays: createLogs.retentionDays ?? FUNCTION_DEFAULTS.logRetentionDays },
      alarms: props.alarms,
      handlerBundleDir: props.handlerBundleDir,
      tags: props.tags,
    },
  };
}
