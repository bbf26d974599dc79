// The construct's checks of its props at synth time: the rules of the props that are not handler
// settings (names, VPC, memory, logs, alarms, ...), with the settings table's rules
// (lib/handler-settings.ts) merged in, SCF's limit on the size of the environment and CAM's on
// the size of a policy.
import { Token } from 'cdktf';
import { bucketDomainProblem } from '../contract/bucket-domain';
import { BUCKET_NAME, REGION, RESERVED_ENV_PREFIXES, SETTINGS, SETTINGS_ENV_PREFIX } from '../contract/settings';
import { SCF_LIMITS } from './function-defaults';
import { NOTICE_FREQUENCIES } from './alarms';
import { SCF_DESCRIPTION, SCF_DESCRIPTION_RULE } from './scf-description';
import { PropSettings, propSettings, shownValue } from './handler-settings';
import { CAM_POLICY_MAX_CHARS, PolicyDocument } from './policies';
import { TopicSelection } from '../contract/topic-selection';
import { CkafkaCosBackupProps } from './props';

const FUNCTION_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,58}[A-Za-z0-9]$/;
const NAMESPACE = /^[A-Za-z][A-Za-z0-9_-]{0,58}[A-Za-z0-9]$/;
const ENV_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

/** A value known only at apply time: it cannot be checked at synth time. */
function unresolved(value: unknown): boolean {
  return Token.isUnresolved(value);
}

function show(value: unknown): string {
  return shownValue(value);
}

/** Collects every problem so the user fixes them all in one round. */
class Problems {
  readonly messages: string[] = [];

  add(prop: string, value: unknown, rule: string): void {
    this.messages.push(`${prop}: ${show(value)} ${rule}`);
  }

  /** Checks a literal string against a pattern; tokens pass untouched. */
  match(prop: string, value: string | undefined, pattern: RegExp, rule: string): void {
    if (value === undefined || unresolved(value)) return;
    if (!pattern.test(value)) this.add(prop, value, rule);
  }

  integer(prop: string, value: number | undefined, min: number, max: number, extra = ''): void {
    if (value === undefined || unresolved(value)) return;
    if (!Number.isInteger(value) || value < min || value > max) {
      this.add(prop, value, `must be an integer from ${min} to ${max}${extra}`);
    }
  }
}

/**
 * Checks the props at synth time and returns every problem found, each naming the prop, the bad
 * value and the rule. An empty list means the props are valid. `settings`: the props' handler
 * settings, when the caller has read them already.
 */
export function validateProps(props: CkafkaCosBackupProps, settings: PropSettings = propSettings(props)): string[] {
  const p = new Problems();
  p.match(
    'functionName',
    props.functionName,
    FUNCTION_NAME,
    'must be 2-60 characters of letters, digits, "-" and "_", start with a letter and not end with "-" or "_"',
  );
  p.match(
    'namespace',
    props.namespace,
    NAMESPACE,
    'must be 2-60 characters of letters, digits, "-" and "_", start with a letter and not end with "-" or "_"',
  );

  validateBucket(p, props);
  validateKafka(p, props);
  // Settings the handler reads: their rules are shared with the handler (contract/settings.ts).
  for (const problem of settings.problems) p.messages.push(problem);
  if (!props.vpc)
    p.add('vpc', undefined, 'is required: { vpcId, subnetId } of a subnet that reaches the Kafka brokers');
  p.match('vpc.vpcId', props.vpc?.vpcId, /^vpc-[a-z0-9]+$/, 'must look like "vpc-xxxxxxxx"');
  p.match('vpc.subnetId', props.vpc?.subnetId, /^subnet-[a-z0-9]+$/, 'must look like "subnet-xxxxxxxx"');

  if (
    props.memoryMiB !== undefined &&
    !unresolved(props.memoryMiB) &&
    (!Number.isInteger(props.memoryMiB) ||
      props.memoryMiB % 128 !== 0 ||
      props.memoryMiB < 128 ||
      props.memoryMiB > SCF_LIMITS.maxMemoryMiB)
  ) {
    p.add('memoryMiB', props.memoryMiB, `must be a multiple of 128 from 128 to ${SCF_LIMITS.maxMemoryMiB}`);
  }
  p.integer('timeoutSeconds', props.timeoutSeconds, 1, SCF_LIMITS.maxTimeoutSeconds);
  if (
    props.timeoutSeconds !== undefined &&
    props.safetyMarginSeconds !== undefined &&
    !unresolved(props.timeoutSeconds) &&
    props.safetyMarginSeconds >= props.timeoutSeconds
  ) {
    p.add(
      'safetyMarginSeconds',
      props.safetyMarginSeconds,
      `must be less than timeoutSeconds (${props.timeoutSeconds})`,
    );
  }
  if (props.triggerMode !== undefined && props.triggerMode !== 'timer' && props.triggerMode !== 'ckafka') {
    p.add('triggerMode', props.triggerMode, 'must be "timer" or "ckafka"');
  }
  p.match(
    'runtime',
    props.runtime,
    /^Nodejs(1[6-9]|[2-9]\d)\.\d+$/,
    'must be a Node.js runtime from Nodejs16.13 on, such as "Nodejs18.15"',
  );
  p.match('description', props.description, SCF_DESCRIPTION, SCF_DESCRIPTION_RULE);
  validateEnvironment(p, props.environment);
  validateLogs(p, props);
  if (props.asyncRetry) {
    p.integer('asyncRetry.retryCount', props.asyncRetry.retryCount, 0, 2);
    p.integer('asyncRetry.eventTtlSeconds', props.asyncRetry.eventTtlSeconds, 60, 21600);
  }
  validateAlarms(p, props);
  if (props.handlerBundleDir !== undefined && !props.handlerBundleDir.startsWith('/')) {
    p.add(
      'handlerBundleDir',
      props.handlerBundleDir,
      'must be an absolute path (relative paths resolve against the app, not this library)',
    );
  }
  return p.messages;
}

const NOTICE_ID = /^notice-[A-Za-z0-9-]+$/;
const CHANNELS = ['EMAIL', 'SMS', 'CALL', 'WECHAT', 'RTX'];

function validateAlarms(p: Problems, props: CkafkaCosBackupProps): void {
  const alarms = props.alarms;
  if (!alarms || alarms.enabled === false) return;
  (alarms.noticeIds ?? []).forEach((id, i) =>
    p.match(`alarms.noticeIds[${i}]`, id, NOTICE_ID, 'must be a notification template id like "notice-xxxxxxxx"'),
  );
  const receivers = alarms.createNotice;
  if (receivers) {
    if (!receivers.userIds?.length && !receivers.groupIds?.length && !receivers.urls?.length) {
      p.add('alarms.createNotice', receivers, 'needs at least one of userIds, groupIds and urls');
    }
    (receivers.userIds ?? []).forEach((id, i) =>
      p.integer(`alarms.createNotice.userIds[${i}]`, id, 1, Number.MAX_SAFE_INTEGER),
    );
    (receivers.groupIds ?? []).forEach((id, i) =>
      p.integer(`alarms.createNotice.groupIds[${i}]`, id, 1, Number.MAX_SAFE_INTEGER),
    );
    if ((receivers.urls?.length ?? 0) > 3)
      p.add('alarms.createNotice.urls', receivers.urls, 'must have at most 3 URLs');
    (receivers.urls ?? []).forEach((url, i) =>
      p.match(
        `alarms.createNotice.urls[${i}]`,
        url,
        /^https?:\/\/\S{1,248}$/,
        'must be an http(s) URL of at most 256 characters',
      ),
    );
    for (const channel of receivers.channels ?? []) {
      if (!CHANNELS.includes(channel))
        p.add('alarms.createNotice.channels', channel, `must be one of ${CHANNELS.join(', ')}`);
    }
    if (receivers.channels !== undefined && receivers.channels.length === 0) {
      p.add('alarms.createNotice.channels', receivers.channels, 'must name at least one channel');
    }
    if (receivers.language !== undefined && receivers.language !== 'en-US' && receivers.language !== 'zh-CN') {
      p.add('alarms.createNotice.language', receivers.language, 'must be "en-US" or "zh-CN"');
    }
  }
  p.integer('alarms.functionErrors.threshold', alarms.functionErrors?.threshold, 0, 1_000_000);
  p.integer('alarms.duration.percentOfTimeout', alarms.duration?.percentOfTimeout, 1, 100);
  p.integer('alarms.consumerLag.records', alarms.consumerLag?.records, 1, 1_000_000_000_000);
  p.integer('alarms.consumerLag.continuePeriods', alarms.consumerLag?.continuePeriods, 1, 30);
  if (alarms.repeatSeconds !== undefined && !(NOTICE_FREQUENCIES as readonly number[]).includes(alarms.repeatSeconds)) {
    p.add(
      'alarms.repeatSeconds',
      alarms.repeatSeconds,
      `must be one of ${NOTICE_FREQUENCIES.join(', ')} (the repeat intervals the alarm API takes; 0: notify once)`,
    );
  }
  // 96 periods of at most 15 minutes: the CLS query window reaches back at most 1440 minutes.
  p.integer('alarms.stuck.runs', alarms.stuck?.runs, 1, 96);
  (alarms.clsNoticeIds ?? []).forEach((id, i) =>
    p.match(`alarms.clsNoticeIds[${i}]`, id, NOTICE_ID, 'must be a CLS notification group id like "notice-xxxxxxxx"'),
  );
  if (props.triggerMode === 'ckafka' && alarms.consumerLag && alarms.consumerLag.enabled !== false) {
    p.add(
      'alarms.consumerLag',
      alarms.consumerLag,
      'is only for triggerMode "timer": in ckafka mode SCF owns the consumer group (set enabled: false or remove it)',
    );
  }
}

function validateBucket(p: Problems, props: CkafkaCosBackupProps): void {
  const { bucket, createBucket } = props;
  if (bucket && createBucket) {
    p.add(
      'bucket',
      bucket.name,
      'conflicts with createBucket: give an existing bucket or let the construct create one, not both',
    );
  }
  if (!bucket && !createBucket) {
    p.add('bucket', undefined, 'is required: give an existing bucket ({ name, region }) or createBucket');
  }
  // A name the settings rules accept can still be too long for its COS domain in that region.
  for (const [prop, b] of [
    ['bucket', bucket],
    ['createBucket', createBucket],
  ] as const) {
    if (!b || unresolved(b.name) || unresolved(b.region)) continue;
    if (BUCKET_NAME.check(b.name).length > 0 || REGION.check(b.region).length > 0) continue;
    const problem = bucketDomainProblem(b.name, b.region);
    if (problem) p.add(`${prop}.name`, b.name, problem);
  }
  if (createBucket) {
    p.integer('createBucket.infrequentAccessAfterDays', createBucket.infrequentAccessAfterDays, 0, 3650);
    p.integer('createBucket.expireAfterDays', createBucket.expireAfterDays, 1, 36500);
    p.integer('createBucket.noncurrentVersionExpireDays', createBucket.noncurrentVersionExpireDays, 1, 3650);
    if (createBucket.noncurrentVersionExpireDays !== undefined && createBucket.versioning === false) {
      p.add(
        'createBucket.noncurrentVersionExpireDays',
        createBucket.noncurrentVersionExpireDays,
        'needs createBucket.versioning (an unversioned bucket keeps no old versions)',
      );
    }
    p.integer('createBucket.abortIncompleteUploadsAfterDays', createBucket.abortIncompleteUploadsAfterDays, 1, 3650);
    const { infrequentAccessAfterDays: ia, expireAfterDays: exp } = createBucket;
    if (ia !== undefined && exp !== undefined && ia > 0 && exp <= ia) {
      p.add('createBucket.expireAfterDays', exp, `must be greater than infrequentAccessAfterDays (${ia})`);
    }
    if (createBucket.kmsKeyId !== undefined && createBucket.encryption !== 'KMS') {
      p.add('createBucket.kmsKeyId', createBucket.kmsKeyId, 'needs createBucket.encryption "KMS"');
    }
  }
}

function validateKafka(p: Problems, props: CkafkaCosBackupProps): void {
  const kafka = props.kafka;
  if (!kafka) {
    p.add('kafka', undefined, 'is required');
    return;
  }
  if (kafka.topics !== undefined && unresolved(kafka.topics)) {
    // A name in the list may be a token, the list itself may not: its length decides the statements.
    p.messages.push(
      'kafka.topics: a list known only at apply time cannot be used: write the list out (a name in it may be known only at apply time), ' +
        "since the role's policy and the lag alarm name each topic",
    );
  }
  if (kafka.sasl) {
    const { mechanism, secretCreatorUin } = kafka.sasl;
    p.match('kafka.sasl.secretCreatorUin', secretCreatorUin, /^\d+$/, 'must be a numeric UIN');
    if (props.triggerMode === 'ckafka') {
      p.add(
        'kafka.sasl',
        mechanism,
        'conflicts with triggerMode "ckafka": the native trigger reads the topic itself and takes no credentials',
      );
    }
  }
  if (props.triggerMode === 'ckafka' && typeof kafka.startPosition === 'object' && kafka.startPosition !== null) {
    p.add(
      'kafka.startPosition',
      kafka.startPosition,
      'conflicts with triggerMode "ckafka": the native trigger starts at "latest" or "earliest" here (its time-point format is not documented)',
    );
  }
  if (props.triggerMode === 'ckafka') {
    // The native trigger is bound to one topic (its name and description name it), and SCF allows
    // 10 triggers of a type per function: many topics are the timer mode's.
    for (const [prop, value] of [
      ['kafka.topics', kafka.topics],
      ['kafka.topicPattern', kafka.topicPattern],
    ] as const) {
      if (value === undefined) continue;
      p.add(
        prop,
        value,
        'conflicts with triggerMode "ckafka": the native trigger reads one topic, kafka.topic (back up many topics in the timer mode)',
      );
    }
  }
  if (props.triggerMode === 'ckafka' && kafka.consumerGroup !== undefined) {
    p.add(
      'kafka.consumerGroup',
      kafka.consumerGroup,
      'conflicts with triggerMode "ckafka": the native trigger owns its consumer group',
    );
  }
}

function validateEnvironment(p: Problems, environment: Record<string, string> | undefined): void {
  if (!environment) return;
  for (const name of Object.keys(environment)) {
    if (!ENV_NAME.test(name)) {
      p.add(`environment.${name}`, name, 'must start with a letter and hold only letters, digits and "_"');
    }
    const reserved = [...RESERVED_ENV_PREFIXES, SETTINGS_ENV_PREFIX].find((prefix) =>
      name.toUpperCase().startsWith(prefix),
    );
    if (reserved) {
      p.add(
        `environment.${name}`,
        name,
        `must not start with "${reserved}" (reserved by ${reserved === SETTINGS_ENV_PREFIX ? 'this construct' : 'SCF'})`,
      );
    }
  }
}

function validateLogs(p: Problems, props: CkafkaCosBackupProps): void {
  if (props.logs && props.createLogs) {
    p.add(
      'logs',
      props.logs.logsetId,
      'conflicts with createLogs: ship to an existing CLS topic or create one, not both',
    );
  }
  if (props.logs) {
    p.match('logs.logsetId', props.logs.logsetId, /^[a-z0-9-]{8,}$/, 'must be a CLS logset id');
    p.match('logs.topicId', props.logs.topicId, /^[a-z0-9-]{8,}$/, 'must be a CLS topic id');
  }
  if (props.createLogs) {
    p.integer('createLogs.retentionDays', props.createLogs.retentionDays, 1, 3600);
  }
}

/** Bytes of an environment as SCF counts it against its limit: names and values, in UTF-8. */
export function environmentBytes(environment: Record<string, string>): number {
  return Object.entries(environment).reduce((sum, [k, v]) => sum + Buffer.byteLength(k) + Buffer.byteLength(v), 0);
}

/**
 * Checks the assembled environment against SCF's 4 KB limit (only when every value is known). When
 * `kafka.topics` takes most of it, the message says so and what to do instead.
 */
export function validateEnvironmentSize(environment: Record<string, string>): string[] {
  if (Object.values(environment).some((v) => unresolved(v))) return [];
  const bytes = environmentBytes(environment);
  const limit = SCF_LIMITS.maxEnvironmentBytes;
  if (bytes <= limit) return [];
  const topics = environment[SETTINGS.topics.env];
  const own = topics === undefined ? 0 : environmentBytes({ [SETTINGS.topics.env]: topics });
  if (topics !== undefined && own > bytes - own) {
    const count = topics.split(',').length;
    return [
      `kafka.topics: ${count} topics make the function's environment ${bytes} bytes (${own} of them in ${SETTINGS.topics.env}), ` +
        `and SCF allows at most ${limit} bytes per function: back up by kafka.topicPattern instead (the variable then holds ` +
        'one regular expression), or split the topics across backups',
    ];
  }
  return [
    `environment: ${bytes} bytes in all must be at most ${limit} bytes (SCF limit, construct variables included)`,
  ];
}

/**
 * Checks the execution role's policy against CAM's limit on one policy document (only when every
 * value in it is known at synth). `policyFor(names)` is the policy with only these named topics, to
 * say how many of a list fit. A long list is what reaches the limit: the message suggests a pattern.
 */
export function validatePolicySize(
  policyFor: (names?: readonly string[]) => PolicyDocument,
  topics: TopicSelection,
  prefix: string,
): string[] {
  const limit = CAM_POLICY_MAX_CHARS;
  const length = (names?: readonly string[]): number => JSON.stringify(policyFor(names)).length;
  const text = JSON.stringify(policyFor());
  if (unresolved(text) || text.length <= limit) return [];
  const where = `and CAM takes at most ${limit} in one policy (intl 598/10609)`;
  const names = topics.names ?? [];
  // The longest head of the list whose policy fits: each name only adds to the policy.
  let fit = 0;
  for (let step = 2 ** Math.ceil(Math.log2(names.length + 1)); step >= 1; step /= 2) {
    if (fit + step < names.length && length(names.slice(0, fit + step)) <= limit) fit += step;
  }
  if (names.length > 1 && fit > 0) {
    return [
      `kafka.topics: ${names.length} topics make the execution role's policy ${text.length} characters, ${where}: ` +
        `the first ${fit} of them fit; back up by kafka.topicPattern instead (the policy then names the instance's prefix once), ` +
        'or split the topics across backups',
    ];
  }
  return [
    `prefix: a ${prefix.length}-character prefix makes the execution role's policy ${text.length} characters, ${where}: ` +
      'shorten it (the policy names it three times for each topic)',
  ];
}
