// Turns the props into what the construct builds from, once: every default applied (the handler
// settings' from the settings table, contract/settings.ts; the rest from function-defaults.ts),
// and every problem the props have, gathered for the one error the constructor throws. The role's
// scope and execution policy are built here too, for the construct and for the size check.
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
import { TopicSelection, topicSelection } from '../contract/topic-selection';
import { functionDescription } from './topic-selection';
import { validateEnvironmentSize, validatePolicySize, validateProps } from './validation';
import { BackupScope, PolicyDocument, executionPolicy } from './policies';

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

/** The account values the role's documents name (the account data source, `DataTencentcloudUserInfo`). */
export interface AccountValues {
  readonly appId: string;
  readonly uin: string;
  readonly ownerUin: string;
}

/**
 * Stand-ins for the account's values when a document is measured at synth, before the account is
 * known: the longest each can be (a UIN is a 64-bit unsigned number, at most 20 digits; an APPID
 * in a bucket name has at most 12).
 */
const LONGEST_ACCOUNT: AccountValues = { appId: '9'.repeat(12), uin: '9'.repeat(20), ownerUin: '9'.repeat(20) };

/** The execution role's name, `<functionName>-role`. */
export function roleNameOf(functionName: string): string {
  return `${functionName}-role`;
}

/** The APPID is the numeric suffix of a literal bucket name; otherwise ask the account. */
function appIdOf(bucketName: string, account: AccountValues): string {
  if (Token.isUnresolved(bucketName)) return account.appId;
  return bucketName.slice(bucketName.lastIndexOf('-') + 1);
}

/** What the role may touch: this backup's keys in the bucket, its function, its secret. */
export function backupScopeOf(r: ResolvedProps, account: AccountValues): BackupScope {
  const { bucket, bucketRegion, prefix, instanceId, functionRegion } = r.settings;
  return {
    bucketName: bucket,
    bucketRegion,
    appId: appIdOf(bucket, account),
    prefix,
    instanceId,
    topics: r.topics.names && [...r.topics.names],
    functionRegion,
    ownerUin: account.ownerUin,
    namespace: r.namespace,
    functionName: r.functionName,
    roleName: roleNameOf(r.functionName),
  };
}

/** The execution role's policy: the backup's keys, fan-out in timer mode, the SASL secret if any. */
export function executionPolicyOf(r: ResolvedProps, scope: BackupScope, account: AccountValues): PolicyDocument {
  return executionPolicy(scope, {
    invokeSelf: r.triggerMode === 'timer',
    secret: r.sasl && { name: r.sasl.secretName, creatorUin: r.sasl.creatorUin ?? account.uin },
  });
}

/**
 * Checks the props and applies every default: the resolved props, or every problem found (each
 * naming the prop, the bad value and the rule). What is built from the props (the environment and
 * the role's policy, each against its platform's size limit) is checked only once the props are
 * otherwise valid.
 */
export function resolveProps(props: CkafkaCosBackupProps): PropsResolution {
  const handler = propSettings(props);
  const problems = validateProps(props, handler);
  if (problems.length > 0) return { problems };
  const environment = functionEnvironment(handler.values, props.environment);

  // Valid props: every setting the construct reads is present (required, or with a default).
  const settings = handler.values as unknown as ConstructSettings;
  const topics = topicSelection(settings);
  const { kafka, asyncRetry, createLogs } = props;
  const resolved: ResolvedProps = {
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
  };
  // The policy as CAM will get it, the account's values at their longest; for a head of the list too.
  const policyFor = (names?: readonly string[]): PolicyDocument => {
    const measured: ResolvedProps = names ? { ...resolved, topics: { kind: 'topics', names } } : resolved;
    return executionPolicyOf(measured, backupScopeOf(measured, LONGEST_ACCOUNT), LONGEST_ACCOUNT);
  };
  const sizeProblems = [
    ...validateEnvironmentSize(environment),
    ...validatePolicySize(policyFor, topics, settings.prefix),
  ];
  if (sizeProblems.length > 0) return { problems: sizeProblems };
  return { problems: [], resolved };
}
