// Every setting that crosses from the construct to the handler, defined once: the prop it comes
// from, the environment variable that carries it, its unit, default and rule. The construct
// validates props and writes the environment from this table (lib/handler-settings.ts); the
// handler parses its environment from it (functions/config.ts). Rules between settings
// (`CROSS_RULES`) are here too, and both sides check them. A rule therefore exists in one place,
// and a value one side accepts the other accepts too (test/contract/settings.test.ts).
//
// Names: a setting is called by its prop name everywhere (construct, handler config, docs); its
// environment variable is `BACKUP_` plus that name in upper snake case. Units are in the names.
import {
  IsDeferred,
  StartPosition,
  ValueType,
  flag,
  hostPortList,
  httpUrl,
  integer,
  keyPrefix,
  matching,
  oneOf,
  startPosition,
  topicList,
  topicName,
  topicPattern,
} from './value-types';

export interface Setting<T> {
  /** Environment variable that carries the value to the handler. */
  readonly env: string;
  /**
   * Where the value comes from in `CkafkaCosBackupProps`, as paths; the first one present wins.
   * None: the setting exists only in the handler's environment (test and private-endpoint overrides).
   */
  readonly props?: readonly string[];
  /** Props whose value is the default when none of `props` is given (first present wins). */
  readonly defaultFromProps?: readonly string[];
  readonly type: ValueType<T>;
  /** Value when neither the prop nor the variable is given; without one the setting is required. */
  readonly default?: T;
  /**
   * A default that follows other settings, used instead of `default` when it gives a value. It
   * sees the settings before this one in the table, defaults applied, and not those that break
   * their own rule (nor, at synth, values known only at apply time): see `defaultOf`.
   */
  readonly defaultFrom?: DerivedDefault<T>;
  /** May be absent with no default (the setting is then off). */
  readonly optional?: boolean;
  readonly unit?: string;
  /** What it means, for docs and messages. */
  readonly doc: string;
}

/** A default computed from other settings' values. */
export interface DerivedDefault<T> {
  /** How the docs continue after the plain default: `8`, or <doc>. */
  readonly doc: string;
  /** The default for these values; undefined keeps the plain `default`. */
  value(values: Readonly<Partial<Record<string, unknown>>>): T | undefined;
}

/** Storage classes a backup object may be written in (COS PutObject `x-cos-storage-class`). */
export const STORAGE_CLASSES = [
  'STANDARD',
  'STANDARD_IA',
  'MAZ_STANDARD',
  'MAZ_STANDARD_IA',
  'INTELLIGENT_TIERING',
  'ARCHIVE',
  'DEEP_ARCHIVE',
] as const;
/**
 * COS storage class of the backup objects: `STANDARD`, `STANDARD_IA`, `MAZ_STANDARD`,
 * `MAZ_STANDARD_IA`, `INTELLIGENT_TIERING`, `ARCHIVE` or `DEEP_ARCHIVE` (`STORAGE_CLASSES`).
 */
export type StorageClass = (typeof STORAGE_CLASSES)[number];

/** SASL mechanisms the handler authenticates with. */
export const SASL_MECHANISMS = ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'] as const;
/** SASL mechanism towards CKafka: `PLAIN`, `SCRAM-SHA-256` or `SCRAM-SHA-512` (`SASL_MECHANISMS`). */
export type SaslMechanismName = (typeof SASL_MECHANISMS)[number];

export const REGION = matching(/^[a-z]+(?:-[a-z0-9]+)+$/, 'must be a Tencent Cloud region such as "ap-guangzhou"');
export const BUCKET_NAME = matching(
  /^[a-z0-9](?:[a-z0-9-]{0,48}[a-z0-9])?-\d{5,12}$/,
  'must be "<name>-<appid>": lowercase letters, digits and "-" (1-50 characters) followed by "-" and the numeric APPID',
);
const KAFKA_NAME_RULE = 'must be 1-249 characters of letters, digits, ".", "_" and "-"';
const KAFKA_NAME = /^[A-Za-z0-9._-]{1,249}$/;
/** Default multipart part size, in MiB, unless `maxObjectMiB` is smaller. */
const PART_SIZE_DEFAULT_MIB = 8;

/** A setting the handler always has (given, or its default). */
function setting<T>(s: Setting<T> & { optional?: never }): Setting<T> {
  return s;
}

/** A setting that may be absent; the feature it configures is then off. */
function optionalSetting<T>(s: Omit<Setting<T>, 'optional' | 'default'>): Setting<T> & { optional: true } {
  return { ...s, optional: true };
}

export const SETTINGS = {
  bucket: setting<string>({
    env: 'BACKUP_BUCKET',
    props: ['bucket.name', 'createBucket.name'],
    type: BUCKET_NAME,
    doc: 'bucket that receives the backup',
  }),
  bucketRegion: setting<string>({
    env: 'BACKUP_BUCKET_REGION',
    props: ['bucket.region', 'createBucket.region'],
    type: REGION,
    doc: 'region of the bucket',
  }),
  prefix: setting<string>({
    env: 'BACKUP_PREFIX',
    props: ['prefix'],
    type: keyPrefix,
    default: '',
    doc: 'key prefix of the backup objects',
  }),
  storageClass: setting<StorageClass>({
    env: 'BACKUP_STORAGE_CLASS',
    props: ['storageClass'],
    type: oneOf(STORAGE_CLASSES),
    default: 'STANDARD',
    doc: 'COS storage class of the backup objects',
  }),
  instanceId: setting<string>({
    env: 'BACKUP_INSTANCE_ID',
    props: ['kafka.instanceId'],
    type: matching(/^ckafka-[a-z0-9]+$/, 'must look like "ckafka-xxxxxxxx"'),
    doc: 'CKafka instance id, the first key segment under the prefix',
  }),
  // Exactly one of topic, topics and topicPattern (CROSS_RULES).
  topic: optionalSetting<string>({
    env: 'BACKUP_TOPIC',
    props: ['kafka.topic'],
    type: topicName,
    doc: 'the one topic to back up',
  }),
  topics: optionalSetting<string[]>({
    env: 'BACKUP_TOPICS',
    props: ['kafka.topics'],
    type: topicList,
    doc: 'topics to back up, by name',
  }),
  topicPattern: optionalSetting<string>({
    env: 'BACKUP_TOPIC_PATTERN',
    props: ['kafka.topicPattern'],
    type: topicPattern,
    doc: 'topics to back up: every topic whose whole name matches (never one beginning with `__`)',
  }),
  bootstrapServers: setting<string[]>({
    env: 'BACKUP_BOOTSTRAP_SERVERS',
    props: ['kafka.bootstrapServers'],
    type: hostPortList,
    doc: "the instance's VPC access address(es), comma-separated in the variable",
  }),
  consumerGroup: setting<string>({
    env: 'BACKUP_CONSUMER_GROUP',
    props: ['kafka.consumerGroup'],
    defaultFromProps: ['functionName'],
    type: matching(KAFKA_NAME, KAFKA_NAME_RULE),
    doc: 'consumer group whose committed offsets mark what is backed up',
  }),
  startPosition: setting<StartPosition>({
    env: 'BACKUP_START_POSITION',
    props: ['kafka.startPosition'],
    type: startPosition,
    default: 'earliest',
    doc: 'where a partition without a committed offset starts',
  }),
  kafkaTls: setting<boolean>({
    env: 'BACKUP_KAFKA_TLS',
    props: ['kafka.tls'],
    type: flag,
    default: false,
    doc: 'connect to the brokers over TLS',
  }),
  saslMechanism: optionalSetting<SaslMechanismName>({
    env: 'BACKUP_SASL_MECHANISM',
    props: ['kafka.sasl.mechanism'],
    type: oneOf(SASL_MECHANISMS),
    doc: 'SASL mechanism; none for a PLAINTEXT access point',
  }),
  saslUsername: optionalSetting<string>({
    env: 'BACKUP_SASL_USERNAME',
    props: ['kafka.sasl.username'],
    type: matching(/^\S+$/, 'must be a non-empty user name without spaces'),
    doc: 'SASL user name',
  }),
  saslSecretName: optionalSetting<string>({
    env: 'BACKUP_SASL_SECRET_NAME',
    props: ['kafka.sasl.passwordSecretName'],
    type: matching(/^[A-Za-z0-9_-]{1,128}$/, 'must be an SSM secret name: 1-128 letters, digits, "-" and "_"'),
    doc: 'Secrets Manager secret whose newest version is the SASL password (never the password itself)',
  }),
  granularityMinutes: setting<number>({
    env: 'BACKUP_GRANULARITY_MINUTES',
    props: ['granularityMinutes'],
    type: integer(5, 15),
    default: 5,
    unit: 'minutes',
    doc: 'timer period and the length of one run',
  }),
  safetyMarginSeconds: setting<number>({
    env: 'BACKUP_SAFETY_MARGIN_SECONDS',
    props: ['safetyMarginSeconds'],
    type: integer(1, 300),
    default: 30,
    unit: 'seconds',
    doc: 'time kept free at the end of a run to finish uploads and commits',
  }),
  maxObjectMiB: setting<number>({
    env: 'BACKUP_MAX_OBJECT_MIB',
    props: ['maxObjectMiB'],
    // The handler sets metadata with a server-side copy, which COS allows up to 5 GB; the cap
    // counts bytes before gzip (which adds at most a fraction of a percent), so objects stay below.
    type: integer(1, 4096),
    default: 256,
    unit: 'MiB',
    doc: 'uncompressed size at which an object is closed (timer mode): the JSON Lines bytes before gzip (each record line in UTF-8 with its newline), checked after each record',
  }),
  partSizeMiB: setting<number>({
    env: 'BACKUP_PART_SIZE_MIB',
    props: ['partSizeMiB'],
    // COS parts are 1 MB to 5 GB; larger parts only cost memory.
    type: integer(1, 64),
    default: PART_SIZE_DEFAULT_MIB,
    // A part never exceeds its object, so a small maxObjectMiB alone is enough (CROSS_RULES).
    defaultFrom: {
      doc: '`maxObjectMiB` when smaller',
      value: ({ maxObjectMiB: max }) => (typeof max === 'number' ? Math.min(PART_SIZE_DEFAULT_MIB, max) : undefined),
    },
    unit: 'MiB',
    doc: 'multipart part size in compressed (gzip) bytes; memory is about 3 parts per partition in flight',
  }),
  compressionLevel: setting<number>({
    env: 'BACKUP_COMPRESSION_LEVEL',
    props: ['compressionLevel'],
    type: integer(1, 9),
    default: 6,
    doc: 'gzip level of the objects, 1 (fastest) to 9 (smallest)',
  }),
  partitionsPerInvocation: setting<number>({
    env: 'BACKUP_PARTITIONS_PER_INVOCATION',
    props: ['partitionsPerInvocation'],
    type: integer(1, 1000),
    default: 16,
    doc: 'partitions one invocation backs up; more are fanned out to async invocations',
  }),
  functionRegion: setting<string>({
    env: 'BACKUP_FUNCTION_REGION',
    props: ['region'],
    defaultFromProps: ['bucket.region', 'createBucket.region'],
    type: REGION,
    doc: 'region of the function, for the SCF and SSM API calls',
  }),
  enablePublicNet: setting<boolean>({
    env: 'BACKUP_ENABLE_PUBLIC_NET',
    props: ['enablePublicNet'],
    type: flag,
    default: true,
    doc: 'the function has public network access: Cloud APIs are called at their public hosts, else at `<service>.internal.tencentcloudapi.com`',
  }),
  cosTimeoutMs: setting<number>({
    env: 'BACKUP_COS_TIMEOUT_MS',
    type: integer(100, 600_000),
    default: 60_000,
    unit: 'milliseconds',
    doc: 'how long a COS request may stay silent before it is retried',
  }),
  cosEndpoint: optionalSetting<string>({
    env: 'BACKUP_COS_ENDPOINT',
    type: httpUrl,
    doc: 'URL of a COS/S3-compatible server (path style) instead of the region endpoint',
  }),
  scfEndpoint: optionalSetting<string>({
    env: 'BACKUP_SCF_ENDPOINT',
    type: httpUrl,
    doc: 'URL that receives the SCF API calls (fan-out Invoke)',
  }),
  ssmEndpoint: optionalSetting<string>({
    env: 'BACKUP_SSM_ENDPOINT',
    type: httpUrl,
    doc: 'URL that receives the Secrets Manager API calls',
  }),
};

export type SettingName = keyof typeof SETTINGS;

/**
 * A setting's default, for both sides: its `defaultFrom` on the `values` found so far (defaults
 * applied) when that gives one, else its plain `default`. Only values that are `usable` count:
 * not one that breaks its own rule, nor one known only at apply time.
 */
export function defaultOf(
  name: SettingName,
  values: Partial<Record<SettingName, unknown>>,
  usable: (name: SettingName) => boolean = () => true,
): unknown {
  const setting: Setting<unknown> = SETTINGS[name];
  if (!setting.defaultFrom) return setting.default;
  const known = Object.fromEntries(Object.entries(values).filter(([other]) => usable(other as SettingName)));
  return setting.defaultFrom.value(known) ?? setting.default;
}

type ValueOf<S> = S extends Setting<infer T> ? T : never;
type OptionalNames = { [K in SettingName]: (typeof SETTINGS)[K] extends { optional: true } ? K : never }[SettingName];

/** The handler's whole configuration: one field per setting, named as the setting. */
export type Settings = { readonly [K in Exclude<SettingName, OptionalNames>]: ValueOf<(typeof SETTINGS)[K]> } & {
  readonly [K in OptionalNames]?: ValueOf<(typeof SETTINGS)[K]>;
};

/** SASL settings come as a group: with a mechanism, the user name and secret are required. */
export const SASL_GROUP = ['saslMechanism', 'saslUsername', 'saslSecretName'] as const satisfies readonly SettingName[];

/** How one side speaks of the settings when it checks a rule between them. */
export interface SettingNames {
  /** The setting as that side's user knows it: its prop (construct) or its variable (handler). */
  label(name: SettingName): string;
  /** The value was given (even one that breaks its own rule), not taken from the setting's default. */
  given(name: SettingName): boolean;
}

/** One broken rule between settings, reported on the setting to change. */
export interface CrossViolation {
  readonly setting: SettingName;
  /** The setting is absent but the rule needs it (otherwise its value breaks the rule). */
  readonly missing?: boolean;
  /** The rule, naming the other settings (with their values) the way the checking side does. */
  readonly rule: string;
}

/**
 * A rule between settings. The construct checks it on the props, the handler on its
 * environment, each with its own names for the settings.
 */
export interface CrossRule {
  /** The settings it relates. */
  readonly settings: readonly SettingName[];
  /**
   * Every violation. `values` holds each setting's value, default applied, and nothing for a
   * setting that is absent or breaks its own rule; `deferred` values are not checked.
   */
  check(values: Partial<Record<SettingName, unknown>>, names: SettingNames, deferred: IsDeferred): CrossViolation[];
}

/** A setting with its value as a side names it: `maxObjectMiB (8)`, `BACKUP_PART_SIZE_MIB (8, its default)`. */
function shown(names: SettingNames, name: SettingName, value: unknown): string {
  return `${names.label(name)} (${JSON.stringify(value)}${names.given(name) ? '' : ', its default'})`;
}

/** The ways to name what is backed up: exactly one is given. */
export const TOPIC_SELECTORS = ['topic', 'topics', 'topicPattern'] as const satisfies readonly SettingName[];

export const CROSS_RULES: readonly CrossRule[] = [
  {
    // One backup names its topics one way: a list next to a pattern would leave which wins unsaid.
    // A selector counts as given even when it breaks its own rule (that rule reports it), so a
    // bad list is not also reported as a missing topic.
    settings: TOPIC_SELECTORS,
    check: (_values, names) => {
      const given = TOPIC_SELECTORS.filter((name) => names.given(name));
      const [one, list, pattern] = TOPIC_SELECTORS.map((name) => names.label(name));
      if (given.length === 0) {
        return [{ setting: 'topic', missing: true, rule: `or ${list} or ${pattern}: exactly one of the three` }];
      }
      return given.slice(1).map((setting) => ({
        setting,
        rule: `conflicts with ${names.label(given[0])}: give exactly one of ${one}, ${list} and ${pattern}`,
      }));
    },
  },
  {
    // With a mechanism and no user name or secret the handler could not authenticate.
    settings: SASL_GROUP,
    check: (values, names) => {
      if (!SASL_GROUP.some((name) => values[name] !== undefined)) return [];
      const rule = `SASL needs ${SASL_GROUP.map((name) => names.label(name)).join(', ')}`;
      return SASL_GROUP.filter((name) => values[name] === undefined).map((setting) => ({
        setting,
        missing: true,
        rule,
      }));
    },
  },
  {
    // Parts are cut from an object's gzip output, and memory is reserved per part: a part larger
    // than the object never fills, and the reservation overstates what a partition needs. The
    // part size's default follows maxObjectMiB, so only a given part size can break this (or a
    // default against a maxObjectMiB known only at apply time, which the handler checks).
    settings: ['partSizeMiB', 'maxObjectMiB'],
    check: (values, names, deferred) => {
      const { partSizeMiB: part, maxObjectMiB: max } = values;
      if (typeof part !== 'number' || typeof max !== 'number' || deferred(part) || deferred(max)) return [];
      if (part <= max) return [];
      return [{ setting: 'partSizeMiB', rule: `must not exceed ${shown(names, 'maxObjectMiB', max)}` }];
    },
  },
];

/**
 * Every violation of the rules between settings, except on a setting that `hasOwnProblem` (it
 * is reported by its own rule already).
 */
export function crossViolations(
  values: Partial<Record<SettingName, unknown>>,
  names: SettingNames,
  hasOwnProblem: (name: SettingName) => boolean,
  deferred: IsDeferred = () => false,
): CrossViolation[] {
  return CROSS_RULES.flatMap((rule) => rule.check(values, names, deferred)).filter((v) => !hasOwnProblem(v.setting));
}

/** Prefixes SCF keeps for itself: a user variable may not start with them (SCF environment docs). */
export const RESERVED_ENV_PREFIXES = ['SCF_', 'QCLOUD_', 'TENCENTCLOUD_'] as const;
/** Every setting's variable starts with this; user variables may not. */
export const SETTINGS_ENV_PREFIX = 'BACKUP_';

export const MIB = 1024 * 1024;
