// The settings table (contract/settings.ts) is the one definition of every setting that crosses
// from the construct to the handler. These tests walk it and prove, setting by setting, that the
// construct and the handler agree: a value the construct accepts is written into the environment
// and accepted by the handler's parser with the same meaning, and a value the handler accepts is
// accepted by the construct.
import * as fs from 'fs';
import * as path from 'path';
import { SETTINGS, SettingName } from '../../contract/settings';
import { settingsMarkdown } from '../../contract/settings-doc';
import { ConfigError, readSettings } from '../../contract/settings-environment';
import { loadConfig } from '../../functions/config';
import { CkafkaCosBackupProps } from '../../lib';
import { handlerEnvironment } from '../../lib/handler-settings';
import { validateProps } from '../../lib/validation';
import { baseProps } from '../support/synth';

const SASL = { mechanism: 'PLAIN', username: 'ckafka-abc123#backup', passwordSecretName: 'kafka-pw' } as const;

/** Props with `value` at a dotted path (objects on the way are copied, not shared). */
function withValue(props: CkafkaCosBackupProps, path: string, value: unknown): CkafkaCosBackupProps {
  const copy: any = JSON.parse(JSON.stringify(props));
  const keys = path.split('.');
  let at = copy;
  for (const key of keys.slice(0, -1)) at = at[key] ??= {};
  at[keys[keys.length - 1]] = value;
  return copy;
}

/** Base props in which each setting is present, so that only the value under test varies. */
function propsFor(name: SettingName): CkafkaCosBackupProps {
  if (name.startsWith('sasl')) return baseProps({ kafka: { ...baseProps().kafka, sasl: { ...SASL } } });
  if (name === 'topics' || name === 'topicPattern') {
    // Exactly one way to name the topics: the sample takes the place of kafka.topic.
    const { topic: _one, ...kafka } = baseProps().kafka;
    return baseProps({ kafka: kafka as CkafkaCosBackupProps['kafka'] });
  }
  return baseProps();
}

/** The settings that name the topics: only one of them is ever written. */
const SELECTORS: SettingName[] = ['topics', 'topicPattern'];

/**
 * Values to try as props, per setting: edges of each rule on both sides. Every setting that has a
 * prop must be listed, so a new setting cannot skip this test.
 */
const PROP_SAMPLES: Partial<Record<SettingName, unknown[]>> = {
  bucket: ['backup-1250000000', 'a-12345', 'backup', 'Backup-1250000000', 'b_x-1250000000', 'backup-1234'],
  bucketRegion: ['ap-guangzhou', 'na-siliconvalley', 'ap-guangzhou-1', 'Guangzhou', 'ap_guangzhou', ''],
  prefix: ['', 'kafka/', 'a/b/', 'kafka', '/kafka/', 'a//b/', 'a*/', 'a b/'],
  storageClass: ['STANDARD', 'ARCHIVE', 'DEEP_ARCHIVE', 'MAZ_STANDARD_IA', 'standard', 'GLACIER', ''],
  instanceId: ['ckafka-abc123', 'ckafka-', 'kafka-1', 'ckafka-ABC'],
  topic: ['orders', 'a.b_c-d', '...', 'x'.repeat(249), 'x'.repeat(250), 'a topic', '', '.', '..'],
  topics: [['orders'], ['orders.eu', 'payments'], [], ['a', 'a'], ['.'], ['a b'], ['x'.repeat(250)]],
  topicPattern: ['orders\\..*', '.*', 'a|b', '(', '', 'a[', 'x{2,1}', 'a)|(b', '/orders.*/', '/orders/i', '/'],
  bootstrapServers: [
    ['10.0.0.12:9092'],
    ['broker-1.internal:9092', '[::1]:9093'],
    ['[fe80::1]:65535'],
    ['h:1'],
    ['10.0.0.1'],
    ['h:0'],
    ['h:70000'],
    ['host_x:9092'],
    ['a:1,b:2'],
    ['[::1]'],
    ['::1:9092'],
    [],
  ],
  consumerGroup: ['orders-backup', 'g.1_x', 'x'.repeat(249), 'x'.repeat(250), 'a group', ''],
  startPosition: [
    'earliest',
    'latest',
    { timestamp: 0 },
    { timestamp: 1_700_000_000_000 },
    { timestamp: -5 },
    { timestamp: 1.5 },
    { timestamp: 8.64e15 + 1 },
    'beginning',
  ],
  kafkaTls: [true, false, 'true', 1],
  saslMechanism: ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512', 'plain', 'GSSAPI'],
  saslUsername: ['ckafka-abc123#backup', 'u', 'a user', ''],
  saslSecretName: ['kafka-pw', 'a_b-c', 'x'.repeat(128), 'x'.repeat(129), 'a/b', ''],
  granularityMinutes: [5, 10, 15, 4, 16, 7.5, 0],
  safetyMarginSeconds: [1, 30, 299, 0, 301, 2.5],
  maxObjectMiB: [1, 256, 4096, 0, 4097, 1.5],
  partSizeMiB: [1, 8, 64, 0, 65, 2.5],
  compressionLevel: [1, 6, 9, 0, 10, 1.5],
  partitionsPerInvocation: [1, 16, 1000, 0, 1001, 2.5],
  functionRegion: ['ap-guangzhou', 'ap-shanghai', 'ap_guangzhou', 'Shanghai'],
  enablePublicNet: [true, false, 'false', 0],
};

/** Environment texts to try, per setting, for the handler-to-construct direction. */
const ENV_SAMPLES: Partial<Record<SettingName, string[]>> = {
  bootstrapServers: ['10.0.0.12:9092', '[::1]:9093', 'a:1,b:2', 'host_x:9092', '10.0.0.1', 'h:70000', '::1:9092'],
  startPosition: [
    'earliest',
    'latest',
    'timestamp:0',
    'timestamp:1700000000000',
    'timestamp:-5',
    'timestamp:1e3',
    'beginning',
  ],
  granularityMinutes: ['5', '15', '1', '60', '16', '5.0', ' 7 ', 'x'],
  safetyMarginSeconds: ['1', '300', '0', '301'],
  maxObjectMiB: ['1', '4096', '0', '4097', '1048576'],
  partSizeMiB: ['1', '64', '65', '1048576'],
  compressionLevel: ['1', '9', '0', '12'],
  partitionsPerInvocation: ['1', '1000', '1001'],
  prefix: ['', 'kafka/', 'kafka', '/kafka/', 'a//b/', 'a*/'],
  storageClass: ['STANDARD', 'ARCHIVE', 'standard', 'GLACIER'],
  kafkaTls: ['true', 'false', 'TRUE', '1', 'yes'],
  saslMechanism: ['PLAIN', 'SCRAM-SHA-512', 'plain', 'GSSAPI'],
  enablePublicNet: ['true', 'false', 'False', '0'],
};

const propNames = (Object.keys(SETTINGS) as SettingName[]).filter((name) => SETTINGS[name].props);

function constructProblems(props: CkafkaCosBackupProps, prop: string): string[] {
  return validateProps(props).filter(
    (p) => p.startsWith(`${prop}:`) || p.startsWith(`${prop}[`) || p.startsWith(`${prop}.`),
  );
}

function handlerReads(env: Record<string, string>): { ok: true; settings: any } | { ok: false; problems: string[] } {
  try {
    return { ok: true, settings: readSettings(env) };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return { ok: false, problems: error.problems };
  }
}

describe('settings table', () => {
  test('every setting has a BACKUP_ variable named after it, and every prop setting has samples', () => {
    for (const [name, setting] of Object.entries(SETTINGS)) {
      const snake = name
        .replace(/MiB$/, 'Mib')
        .replace(/[A-Z]/g, (c) => `_${c}`)
        .toUpperCase();
      expect(setting.env).toBe(`BACKUP_${snake}`);
      expect(setting.doc.length).toBeGreaterThan(5);
    }
    expect(propNames.filter((name) => !PROP_SAMPLES[name])).toEqual([]);
  });

  test('the construct writes every prop setting and no handler-only one', () => {
    const env = handlerEnvironment(propsFor('saslMechanism'));
    for (const name of propNames.filter((n) => !SELECTORS.includes(n))) {
      expect(Object.keys(env)).toContain(SETTINGS[name].env);
    }
    for (const name of SELECTORS) {
      const own = handlerEnvironment(withValue(propsFor(name), SETTINGS[name].props![0], PROP_SAMPLES[name]![0]));
      expect(Object.keys(own)).toContain(SETTINGS[name].env);
      expect(Object.keys(own)).not.toContain('BACKUP_TOPIC');
    }
    for (const name of Object.keys(SETTINGS) as SettingName[]) {
      if (!SETTINGS[name].props) expect(Object.keys(env)).not.toContain(SETTINGS[name].env);
    }
  });

  describe.each(propNames)('%s', (name) => {
    const setting = SETTINGS[name];
    const prop = setting.props![0];

    // A setting without samples fails the first test of this file; this keeps the others running.
    const samples = PROP_SAMPLES[name] ?? ['(no samples)'];
    test.each(samples.map((value) => [JSON.stringify(value), value]))(
      'prop value %s: the construct accepts it exactly when the handler reads it back unchanged',
      (_label, value) => {
        const props = withValue(propsFor(name), prop, value);
        const constructOk = constructProblems(props, prop).length === 0;
        const read = handlerReads(handlerEnvironment(props));
        const handlerSame = read.ok && JSON.stringify(read.settings[name]) === JSON.stringify(value);
        expect({ value, handlerSame }).toEqual({ value, handlerSame: constructOk });
      },
    );

    const envSamples = ENV_SAMPLES[name] ?? [];
    if (envSamples.length > 0) {
      test.each(envSamples)(
        'environment text %j: what the handler accepts, the construct accepts as a prop',
        (text) => {
          const env = { ...handlerEnvironment(propsFor(name)), [setting.env]: text };
          const read = handlerReads(env);
          if (!read.ok) {
            expect(read.problems.join('\n')).toContain(setting.env);
            return;
          }
          const props = withValue(propsFor(name), prop, read.settings[name]);
          expect(constructProblems(props, prop)).toEqual([]);
          expect(handlerEnvironment(props)[setting.env]).toBe(text.trim());
        },
      );
    }
  });

  test('one host:port rule: an IPv6 address in brackets passes both sides, host_x:9092 neither', () => {
    const ipv6 = baseProps({ kafka: { ...baseProps().kafka, bootstrapServers: ['[::1]:9093'] } });
    expect(validateProps(ipv6)).toEqual([]);
    expect(readSettings(handlerEnvironment(ipv6)).bootstrapServers).toEqual(['[::1]:9093']);
    const underscore = baseProps({ kafka: { ...baseProps().kafka, bootstrapServers: ['host_x:9092'] } });
    expect(validateProps(underscore)).toEqual([
      expect.stringContaining('kafka.bootstrapServers[0]: "host_x:9092" must be "host:port"'),
    ]);
    expect(() => readSettings({ ...handlerEnvironment(ipv6), BACKUP_BOOTSTRAP_SERVERS: 'host_x:9092' })).toThrow(
      'BACKUP_BOOTSTRAP_SERVERS="host_x:9092" must be "host:port"',
    );
  });

  test('SASL settings are all given or none', () => {
    const env = { ...handlerEnvironment(baseProps()), BACKUP_SASL_MECHANISM: 'PLAIN' };
    expect(() => readSettings(env)).toThrow(/BACKUP_SASL_USERNAME is missing .*BACKUP_SASL_SECRET_NAME is missing/);
  });

  test('a required variable that is missing is named', () => {
    const env: Record<string, string | undefined> = { ...handlerEnvironment(baseProps()) };
    delete env.BACKUP_BUCKET;
    expect(() => readSettings(env)).toThrow('BACKUP_BUCKET is missing (it must be set by the construct)');
  });

  test('exactly one of topic, topics and topicPattern: none, or two, are refused on both sides', () => {
    const env: Record<string, string | undefined> = { ...handlerEnvironment(baseProps()) };
    delete env.BACKUP_TOPIC;
    expect(() => readSettings(env)).toThrow(
      'BACKUP_TOPIC is missing (or BACKUP_TOPICS or BACKUP_TOPIC_PATTERN: exactly one of the three)',
    );
    expect(() => readSettings({ ...handlerEnvironment(baseProps()), BACKUP_TOPIC_PATTERN: 'orders.*' })).toThrow(
      'BACKUP_TOPIC_PATTERN="orders.*" conflicts with BACKUP_TOPIC: give exactly one of BACKUP_TOPIC, BACKUP_TOPICS and BACKUP_TOPIC_PATTERN',
    );
    const both = baseProps({ kafka: { ...baseProps().kafka, topics: ['a', 'b'] } });
    expect(validateProps(both)).toEqual([
      'kafka.topics: ["a","b"] conflicts with kafka.topic: give exactly one of kafka.topic, kafka.topics and kafka.topicPattern',
    ]);
    const { topic: _one, ...none } = baseProps().kafka;
    expect(validateProps(baseProps({ kafka: none as CkafkaCosBackupProps['kafka'] }))).toEqual([
      'kafka.topic: undefined is required (or kafka.topics or kafka.topicPattern: exactly one of the three)',
    ]);
  });

  test('a selector that breaks its own rule is reported by that rule alone, not also as a missing topic', () => {
    const { topic: _one, ...kafka } = baseProps().kafka;
    expect(validateProps(baseProps({ kafka: { ...kafka, topicPattern: '(' } }))).toEqual([
      'kafka.topicPattern: "(" must be a JavaScript regular expression (Unterminated group)',
    ]);
    const env: Record<string, string | undefined> = { ...handlerEnvironment(baseProps()), BACKUP_TOPICS: 'a,a' };
    delete env.BACKUP_TOPIC;
    expect(() => readSettings(env)).toThrow(
      /^invalid configuration: BACKUP_TOPICS="a" is listed twice \(also at \[0\]\)$/,
    );
  });
});

describe('rules between settings (CROSS_RULES): the handler refuses what the construct refuses', () => {
  const SASL_NEEDS = '(SASL needs kafka.sasl.mechanism, kafka.sasl.username, kafka.sasl.passwordSecretName)';

  test('a part size above the object size stops the handler, naming both variables, their values and the rule', () => {
    const env = { ...handlerEnvironment(baseProps()), BACKUP_PART_SIZE_MIB: '16', BACKUP_MAX_OBJECT_MIB: '8' };
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow('BACKUP_PART_SIZE_MIB="16" must not exceed BACKUP_MAX_OBJECT_MIB (8)');
  });

  test('without BACKUP_PART_SIZE_MIB the part size is 8, or the object size when smaller', () => {
    const env: Record<string, string | undefined> = {
      ...handlerEnvironment(baseProps()),
      BACKUP_MAX_OBJECT_MIB: '4',
      BACKUP_PART_SIZE_MIB: undefined,
    };
    expect(loadConfig(env)).toMatchObject({ partSizeMiB: 4, maxObjectMiB: 4 });
    expect(loadConfig({ ...env, BACKUP_MAX_OBJECT_MIB: '64' })).toMatchObject({ partSizeMiB: 8, maxObjectMiB: 64 });
    expect(loadConfig({ ...env, BACKUP_MAX_OBJECT_MIB: undefined })).toMatchObject({
      partSizeMiB: 8,
      maxObjectMiB: 256,
    });
  });

  test('a bad BACKUP_MAX_OBJECT_MIB is reported alone: the default part size does not follow it', () => {
    const env = { ...handlerEnvironment(baseProps()), BACKUP_MAX_OBJECT_MIB: '0', BACKUP_PART_SIZE_MIB: undefined };
    expect(() => loadConfig(env)).toThrow(/^invalid configuration: BACKUP_MAX_OBJECT_MIB="0" must be [^;]*$/);
  });

  test('a part as large as the object is accepted, with the values as given', () => {
    const env = { ...handlerEnvironment(baseProps()), BACKUP_PART_SIZE_MIB: '8', BACKUP_MAX_OBJECT_MIB: '8' };
    expect(loadConfig(env)).toMatchObject({ partSizeMiB: 8, maxObjectMiB: 8 });
  });

  const sizes = [undefined, 1, 4, 8, 16, 64, 256];
  test.each(sizes.flatMap((part) => sizes.map((max) => [part, max])))(
    'partSizeMiB %p, maxObjectMiB %p: the construct accepts them exactly when the handler reads them',
    (part, max) => {
      const props = baseProps({ partSizeMiB: part, maxObjectMiB: max });
      const constructOk = validateProps(props).length === 0;
      const read = handlerReads(handlerEnvironment(props));
      expect({ part, max, handlerOk: read.ok }).toEqual({ part, max, handlerOk: constructOk });
      // Only a given part size can be too large (256 also breaks its own 1..64): its default
      // follows the object size.
      expect(constructOk).toBe(part === undefined || (part <= 64 && part <= (max ?? 256)));
      if (read.ok) {
        expect(read.settings).toMatchObject({ partSizeMiB: part ?? Math.min(8, max ?? 256), maxObjectMiB: max ?? 256 });
      }
    },
  );

  test('SASL given in part: the construct refuses it as the handler does', () => {
    const props = baseProps({ kafka: { ...baseProps().kafka, sasl: { mechanism: 'PLAIN', username: 'u' } as any } });
    expect(validateProps(props)).toEqual([`kafka.sasl.passwordSecretName: undefined is required ${SASL_NEEDS}`]);
    expect(() => readSettings(handlerEnvironment(props))).toThrow(
      'BACKUP_SASL_SECRET_NAME is missing (SASL needs BACKUP_SASL_MECHANISM, BACKUP_SASL_USERNAME, BACKUP_SASL_SECRET_NAME)',
    );
  });

  test('a SASL setting that breaks its own rule is not also reported missing', () => {
    const props = baseProps({ kafka: { ...baseProps().kafka, sasl: { ...SASL, mechanism: 'GSSAPI' as any } } });
    expect(validateProps(props)).toEqual([expect.stringMatching(/^kafka\.sasl\.mechanism: "GSSAPI" must be/)]);
    expect(() =>
      readSettings({ ...handlerEnvironment(propsFor('saslMechanism')), BACKUP_SASL_MECHANISM: 'GSSAPI' }),
    ).toThrow(/^invalid configuration: BACKUP_SASL_MECHANISM="GSSAPI" must be [^;]*$/);
  });
});

describe('settings documentation', () => {
  test('the settings table of docs/how-it-works.md is the one generated from the table (npm run docs:settings)', () => {
    const page = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'how-it-works.md'), 'utf8');
    expect(page).toContain(`<!-- settings-table:start -->\n${settingsMarkdown()}\n<!-- settings-table:end -->`);
  });
});
