// The construct's public props: what to back up, where to, and how (CkafkaCosBackupProps and
// the interfaces it is made of), with their documented defaults.
import type { SaslMechanismName, StorageClass } from '../contract/settings';
import type { StartPosition } from '../contract/value-types';

export type { SaslMechanismName, StartPosition, StorageClass };

/** A bucket that already exists (bring your own). */
export interface ExistingBucket {
  /** Bucket name with its APPID suffix, `<name>-<appid>`, e.g. `backup-1250000000`. */
  readonly name: string;
  /** Region of the bucket, e.g. `ap-guangzhou`. */
  readonly region: string;
}

/** A bucket the construct creates and owns. */
export interface CreatedBucket extends ExistingBucket {
  /**
   * Keep every version of an overwritten object.
   * @default true - a retry that rewrites an object keeps the earlier version.
   */
  readonly versioning?: boolean;
  /**
   * Server-side encryption.
   * @default 'AES256' - COS-managed keys (SSE-COS).
   */
  readonly encryption?: 'AES256' | 'KMS' | 'SM4';
  /** KMS key id when `encryption` is `KMS`. @default - the account's default COS key */
  readonly kmsKeyId?: string;
  /**
   * Days after which backup objects move to STANDARD_IA. 0 turns the transition off.
   * @default 30
   */
  readonly infrequentAccessAfterDays?: number;
  /**
   * Days after which backup objects are deleted.
   * @default - never: backups are kept until you delete them.
   */
  readonly expireAfterDays?: number;
  /**
   * Days a version stays once it is no longer current (replaced or deleted), 1..3650. Every
   * multipart object gets its offset metadata by a copy onto itself, which on a versioned bucket
   * keeps the first version as a noncurrent one: this bounds that extra storage (about this many
   * days of backup volume in STANDARD) and is how long an overwritten or deleted object can be
   * recovered.
   * @default 7
   */
  readonly noncurrentVersionExpireDays?: number;
  /**
   * Days after which unfinished multipart uploads are aborted, so a crashed run leaves no
   * billed parts behind.
   * @default 1
   */
  readonly abortIncompleteUploadsAfterDays?: number;
  /**
   * Let `terraform destroy` delete a bucket that still holds objects.
   * @default false - destroy fails while backups exist.
   */
  readonly forceDestroy?: boolean;
}

/** SASL authentication towards CKafka. The password never appears in Terraform or in env. */
export interface KafkaSasl {
  /** SASL mechanism. */
  readonly mechanism: SaslMechanismName;
  /** User name; CKafka expects `<instanceId>#<user>`. */
  readonly username: string;
  /** Name of the Secrets Manager (SSM) secret whose current value is the password. */
  readonly passwordSecretName: string;
  /**
   * UIN of the account that created the secret (part of the secret's CAM resource string).
   * @default - the UIN of the account that runs Terraform
   */
  readonly secretCreatorUin?: string;
}

/**
 * Where the backup reads from: topics of a CKafka instance (exactly one of `topic`, `topics` and
 * `topicPattern`), through an access point the function's subnet reaches. In timer mode the handler reads it and commits its progress as
 * `consumerGroup`; in `ckafka` mode SCF's native trigger reads it (then no `sasl`, no
 * `{ timestamp }` start position and no `consumerGroup`).
 */
export interface KafkaSource {
  /** CKafka instance id, e.g. `ckafka-abc123`. Used in object keys and the native trigger. */
  readonly instanceId: string;
  /** The one topic to back up. @default - none: give exactly one of topic, topics and topicPattern */
  readonly topic?: string;
  /**
   * Topics to back up, by name (one function, timer and consumer group for all; the role may
   * write under each topic's prefix only). @default - none
   */
  readonly topics?: string[];
  /**
   * Back up every topic whose whole name matches this JavaScript regular expression (no flags),
   * e.g. `'orders\\..*'`, looked up on every run: a topic created later is backed up from its
   * earliest offset. Names beginning with `__` never match. The role may write under every topic's
   * prefix of the instance. Timer mode only. @default - none
   */
  readonly topicPattern?: string;
  /** The instance's VPC access address(es), `host:port` (IPv6 in brackets); at least one. */
  readonly bootstrapServers: string[];
  /**
   * Where to start when the consumer group has no committed offset.
   * @default 'earliest' - back up everything the topic still holds.
   */
  readonly startPosition?: StartPosition;
  /**
   * Consumer group whose committed offsets mark what is backed up.
   * @default - the function name
   */
  readonly consumerGroup?: string;
  /** SASL authentication. @default - none (PLAINTEXT VPC access point) */
  readonly sasl?: KafkaSasl;
  /**
   * Connect over TLS (SASL_SSL access points).
   * @default false - CKafka's VPC access points are plaintext.
   */
  readonly tls?: boolean;
}

/** The VPC and subnet the function runs in (SCF VPC access); the brokers must be reachable from it. */
export interface VpcPlacement {
  /** VPC id, e.g. `vpc-abcd1234`. */
  readonly vpcId: string;
  /** Subnet id, e.g. `subnet-abcd1234`; it needs free IPs. */
  readonly subnetId: string;
}

/** Ship the function's logs to an existing CLS logset and topic. */
export interface ExistingLogs {
  /** CLS logset id (lowercase letters, digits and `-`, at least 8 characters). */
  readonly logsetId: string;
  /** CLS topic id in that logset (lowercase letters, digits and `-`, at least 8 characters). */
  readonly topicId: string;
}

/** Create a CLS logset and topic for the function's logs. */
export interface CreatedLogs {
  /** Days CLS keeps the logs. @default 30 */
  readonly retentionDays?: number;
}

/** Async invocation retry settings (timer runs and fan-out runs are async). */
export interface AsyncRetry {
  /**
   * Retries after a failed run.
   * @default 0 - the next timer run resumes from the committed offsets anyway; a retry would
   * only overlap with it.
   */
  readonly retryCount?: number;
  /**
   * Seconds an undelivered async event is kept.
   * @default - the granularity in seconds, so a stale event never runs after the next tick.
   */
  readonly eventTtlSeconds?: number;
}

/** Who a notice template created by the construct notifies. At least one of `userIds`, `groupIds`, `urls`. */
export interface AlarmReceivers {
  /** Sub-account UIDs (CAM user ids) to notify. @default - none */
  readonly userIds?: number[];
  /** CAM user group ids to notify. @default - none */
  readonly groupIds?: number[];
  /**
   * Channels for users and groups: `EMAIL`, `SMS`, `CALL`, `WECHAT`, `RTX`.
   * @default ['EMAIL', 'SMS']
   */
  readonly channels?: Array<'EMAIL' | 'SMS' | 'CALL' | 'WECHAT' | 'RTX'>;
  /** Callback URLs (http or https, at most 3, each at most 256 characters) that receive the alarms. @default - none */
  readonly urls?: string[];
  /** Language of the notifications. @default 'en-US' */
  readonly language?: 'en-US' | 'zh-CN';
}

/** The SCF `Error` alarm. */
export interface FunctionErrorsAlarm {
  /** Create this alarm. @default true */
  readonly enabled?: boolean;
  /** Alarm when the errors in one period are above this count. @default 0 - any error */
  readonly threshold?: number;
}

/** The SCF `Duration` alarm: a run close to the function timeout. */
export interface DurationAlarm {
  /** Create this alarm. @default true */
  readonly enabled?: boolean;
  /**
   * Alarm when a run takes more than this percentage of the function timeout, 1..100.
   * @default 90
   */
  readonly percentOfTimeout?: number;
}

/**
 * The consumer-group lag alarm (timer mode, topics by name: in ckafka mode SCF owns the group, and
 * the topics of a `kafka.topicPattern` are known only at run time).
 */
export interface ConsumerLagAlarm {
  /** Create this alarm (timer mode, topics by name). @default true */
  readonly enabled?: boolean;
  /** Alarm when the backup's group has more unconsumed records on a topic than this. @default 1000000 */
  readonly records?: number;
  /**
   * Periods of 5 minutes in a row above the threshold before it alarms, 1..30.
   * @default 3 - 15 minutes, longer than one timer interval
   */
  readonly continuePeriods?: number;
}

/**
 * Cloud Monitor policy types and metric names, as the alarm API's policy-type table spells them
 * (cn 248/50397). The plan checks each name against the account (`checkMetricNames`); override
 * one here if that check fails (see docs/alarms.md).
 */
export interface AlarmMetricNames {
  /** Policy type (`namespace`) of the function alarms. @default 'SCF' */
  readonly functionPolicyType?: string;
  /** Policy type (`namespace`) of the lag alarm. @default 'CKAFKA-CONSUMERGROUP-TOPIC' */
  readonly consumerGroupPolicyType?: string;
  /** Metric of failed invocations. @default 'Error' */
  readonly errors?: string;
  /** Metric of run time in milliseconds. @default 'Duration' */
  readonly duration?: string;
  /** Metric of the group's unconsumed records on the topic, all partitions. @default 'UnconsumeTopic' */
  readonly consumerLag?: string;
}

/** The CLS log alarm's "stuck" rule (only with CLS logs: `logs` or `createLogs`). */
export interface StuckRunsAlarm {
  /**
   * Alarm when this many `run-finished` lines at level `warn` (partitions still behind) are logged
   * within this many granularity periods, 1..96 (and at most 1440 minutes in all).
   * @default 3
   */
  readonly runs?: number;
}

/** Cloud Monitor alarms on the backup. On by default. */
export interface BackupAlarms {
  /** Create the alarms. @default true */
  readonly enabled?: boolean;
  /**
   * Existing notification templates (`notice-xxxxxxxx`) the alarms notify.
   * @default - none; see `createNotice`
   */
  readonly noticeIds?: string[];
  /**
   * Create a notification template for these receivers (added to `noticeIds`).
   * @default - none: without `noticeIds` either, the alarms exist (visible in the console) but notify
   * nobody, and synth prints a warning
   */
  readonly createNotice?: AlarmReceivers;
  /** Function errors. @default - on, alarms on any error */
  readonly functionErrors?: FunctionErrorsAlarm;
  /** Run time near the timeout. @default - on, alarms above 90% of the timeout */
  readonly duration?: DurationAlarm;
  /** Consumer-group lag (timer mode only). @default - on in timer mode, alarms above 1,000,000 records for 15 minutes */
  readonly consumerLag?: ConsumerLagAlarm;
  /**
   * Seconds between repeated notifications while an alarm lasts: one of 0 (notify once), 300, 600,
   * 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400 (the values the alarm API takes).
   * @default 3600
   */
  readonly repeatSeconds?: number;
  /** Policy types and metric names. @default - see `AlarmMetricNames` */
  readonly metricNames?: AlarmMetricNames;
  /**
   * Check at plan time, against the alarm API's own metric list (data source
   * `tencentcloud_monitor_alarm_metric`, API DescribeAlarmMetrics), that every metric name exists
   * for its policy type and takes the rule's period and continue period: a wrong one fails
   * `terraform plan` with the prop to set. Turn off when the deploy role may not call
   * `monitor:DescribeAlarmMetrics`.
   * @default true
   */
  readonly checkMetricNames?: boolean;
  /**
   * CLS log alarm (with `logs` or `createLogs`): runs still behind. The alarm also fires on any
   * `records-expired-before-backup` or `partition-failed` line.
   * @default - 3 runs
   */
  readonly stuck?: StuckRunsAlarm;
  /**
   * CLS alarm notification groups (`tencentcloud_cls_alarm_notice` ids) the CLS log alarm notifies
   * instead of `noticeIds` and the created notice (the provider takes one or the other:
   * `alarm_notice_ids` or `monitor_notice`).
   * @default - none: the CLS log alarm notifies `noticeIds` and the created notice through `monitor_notice`
   */
  readonly clsNoticeIds?: string[];
}

/**
 * How the function is run: `timer` (a timer trigger, every `granularityMinutes`) or `ckafka`
 * (SCF's native CKafka trigger). See {@link CkafkaCosBackupProps.triggerMode}.
 */
export type TriggerMode = 'timer' | 'ckafka';

/**
 * Props of {@link CkafkaCosBackup}. The construct checks them when it is created and throws
 * {@link CkafkaCosBackupPropsError} with every broken rule; values known only at apply time
 * (tokens) pass unchecked. Settings the handler reads become its `BACKUP_*` environment
 * variables (README, "Handler configuration").
 */
export interface CkafkaCosBackupProps {
  /** SCF function name: 2-60 letters, digits, `-`, `_`; letter first; not ending in `-`/`_`. ForceNew. */
  readonly functionName: string;
  /** SCF namespace. ForceNew. @default 'default' */
  readonly namespace?: string;
  /**
   * Region the function runs in (must be the provider's region); used in CAM resource strings.
   * @default - the bucket's region
   */
  readonly region?: string;

  /** An existing bucket. Exactly one of `bucket` and `createBucket`. */
  readonly bucket?: ExistingBucket;
  /** A bucket the construct creates. Exactly one of `bucket` and `createBucket`. */
  readonly createBucket?: CreatedBucket;
  /**
   * Manage the bucket policy. `tencentcloud_cos_bucket_policy` REPLACES the bucket's whole
   * policy, so for a bucket you bring, turn this on only when this construct is the only
   * policy author; otherwise merge `bucketPolicyStatements` into your own policy.
   * @default false - no `tencentcloud_cos_bucket_policy`, for a created bucket too: in the
   * function's own account the role's CAM policy alone gives access; for a bucket in another
   * account, `bucketPolicyStatements` (also a stack output) says what its owner must grant.
   */
  readonly manageBucketPolicy?: boolean;
  /** Key prefix of the backup objects: '' (bucket root) or ending in '/', no leading '/'. @default '' */
  readonly prefix?: string;
  /**
   * COS storage class of the backup objects.
   * @default 'STANDARD'
   */
  readonly storageClass?: StorageClass;

  /** Minutes between backups, an integer from 5 to 15. @default 5 */
  readonly granularityMinutes?: number;
  /** The Kafka source. */
  readonly kafka: KafkaSource;
  /** VPC placement; the bootstrap servers must be reachable from this subnet. */
  readonly vpc: VpcPlacement;
  /**
   * Give the function public network access as well as its VPC address: COS
   * (`<bucket>.cos.<region>.myqcloud.com`) and the Cloud APIs (`scf.tencentcloudapi.com` for
   * fan-out, `ssm.tencentcloudapi.com` for the SASL secret) are then reached over the public
   * network. Without it (private-only mode) the handler calls the APIs at
   * `<service>.internal.tencentcloudapi.com`, and the subnet needs a route to COS and to those
   * hosts (README, "Permissions and network").
   * @default true
   */
  readonly enablePublicNet?: boolean;

  /**
   * `timer`: a timer trigger runs the backup every `granularityMinutes` (exactly-once, keys,
   * timestamps and headers kept). `ckafka`: SCF's native CKafka trigger pushes batches (lower
   * latency; SCF delivers only key and value, and owns the consumer group).
   * @default 'timer'
   */
  readonly triggerMode?: TriggerMode;
  /** Function runtime. @default 'Nodejs18.15' */
  readonly runtime?: string;
  /** Memory in MiB, a multiple of 128 up to 3072. @default 512 */
  readonly memoryMiB?: number;
  /**
   * Function timeout in seconds, 1..900.
   * @default - the granularity in seconds (300 for 5 minutes), at most 900
   */
  readonly timeoutSeconds?: number;
  /**
   * Seconds kept free at the end of each run to finish uploads and commit offsets, 1..300.
   * @default 30
   */
  readonly safetyMarginSeconds?: number;
  /**
   * Uncompressed size at which an object is closed, in MiB (1,048,576 bytes), 1..4096 (timer
   * mode; in `ckafka` mode each pushed batch becomes one object per partition). Counted are the
   * JSON Lines bytes before gzip: each record's line in UTF-8 plus its newline. The check follows
   * each record, so an object ends with the record that reaches the cap (exceeding it by less
   * than one line), or earlier when the run ends; a retry from the same offset cuts at the same
   * record. The stored gzip object is smaller, by how much depends on the data.
   * @default 256
   */
  readonly maxObjectMiB?: number;
  /**
   * gzip level of the objects: 1 compresses faster than 6 and stores more, 9 slower and stores
   * less (the benchmarks' gzip table, docs/benchmarks.md, measures both on the handler's lines).
   * @default 6
   */
  readonly compressionLevel?: number;
  /**
   * Multipart part size in MiB, 1..64, in compressed bytes: the gzip output is cut into parts of
   * exactly this size (the last one smaller); an object that fits in one part is written with a
   * single PutObject. Memory is about 3 parts per partition in flight (2 uploading, 1 filling):
   * in timer mode the handler runs as many partitions at once as 60% of `memoryMiB` holds at 3
   * parts plus 16 MiB of fetched records each. When given, must not exceed `maxObjectMiB` (its
   * default follows a smaller `maxObjectMiB`); the handler checks this as well.
   * @default - 8, or `maxObjectMiB` when smaller
   */
  readonly partSizeMiB?: number;
  /**
   * Partitions one invocation backs up, 1..1000; the rest are split across async invocations of
   * the same function.
   * @default 16
   */
  readonly partitionsPerInvocation?: number;
  /** Extra environment variables (no `SCF_`, `QCLOUD_`, `TENCENTCLOUD_` or `BACKUP_` names). */
  readonly environment?: Record<string, string>;
  /** Tags on every taggable resource. @default - none */
  readonly tags?: Record<string, string>;
  /** Function description. @default - says what it backs up */
  readonly description?: string;

  /** Ship logs to an existing CLS logset/topic. Not with `createLogs`. @default - SCF's default logging */
  readonly logs?: ExistingLogs;
  /** Create a CLS logset and topic for the logs. Not with `logs`. @default - SCF's default logging */
  readonly createLogs?: CreatedLogs;
  /** Async retry settings. @default - see `AsyncRetry` */
  readonly asyncRetry?: AsyncRetry;
  /**
   * Cloud Monitor alarms on function errors, run time near the timeout and consumer-group lag,
   * and who they notify.
   * @default - all three alarms (lag in timer mode only), notifying nobody until `noticeIds` or
   * `createNotice` is given (synth warns)
   */
  readonly alarms?: BackupAlarms;
  /**
   * Absolute path of a prebuilt handler bundle directory (with `index.js` at its root), instead
   * of the one shipped with this package.
   * @default - the bundled handler of this package
   */
  readonly handlerBundleDir?: string;
}
