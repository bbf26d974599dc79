// What this suite proves: bad props fail at synth, all at once, each line naming the prop, the
// value and the rule; tokens pass unchecked; stack-level checks run when the stack synthesizes.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, TerraformProvider, TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { CkafkaCosBackup, CkafkaCosBackupProps, TencentcloudProvider } from '../../lib';
import { handlerEnvironment, propSettings } from '../../lib/handler-settings';
import { validateProps } from '../../lib/validation';
import { baseProps, makeScope, synthBackup } from '../support/synth';

function errorOf(props: CkafkaCosBackupProps): string {
  try {
    new CkafkaCosBackup(makeScope(), 'Backup', props);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the props to be rejected');
}

const kafka = baseProps().kafka;

// Each row: a bad prop, and the message naming the prop, the value and the rule.
const cases: [string, Partial<CkafkaCosBackupProps>, string][] = [
  ['function name too short', { functionName: 'a' }, 'functionName: "a" must be 2-60 characters'],
  ['function name starts with a digit', { functionName: '1backup' }, 'functionName: "1backup" must be 2-60 characters'],
  [
    'function name ends with -',
    { functionName: 'backup-' },
    'functionName: "backup-" must be 2-60 characters of letters, digits, "-" and "_", start with a letter and not end with "-" or "_"',
  ],
  ['function name too long', { functionName: 'a'.repeat(61) }, `functionName: "${'a'.repeat(61)}" must be 2-60`],
  ['namespace', { namespace: 'bad ns' }, 'namespace: "bad ns" must be 2-60 characters'],
  [
    'bucket without appid',
    { bucket: { name: 'backup', region: 'ap-guangzhou' } },
    'bucket.name: "backup" must be "<name>-<appid>"',
  ],
  [
    'bucket uppercase',
    { bucket: { name: 'Backup-1250000000', region: 'ap-guangzhou' } },
    'bucket.name: "Backup-1250000000" must be "<name>-<appid>"',
  ],
  [
    'bucket region',
    { bucket: { name: 'backup-1250000000', region: 'Guangzhou' } },
    'bucket.region: "Guangzhou" must be a Tencent Cloud region',
  ],
  [
    // 33 + ".cos.ap-beijing.myqcloud.com" = 61 characters; COS allows 60 (436/13312).
    'created bucket too long for its COS domain',
    {
      bucket: undefined,
      createBucket: { name: '1234567890123456789012-1250000000', region: 'ap-beijing' },
      region: 'ap-beijing',
    },
    'createBucket.name: "1234567890123456789012-1250000000" is 33 characters, and COS limits its domain <bucket>.cos.ap-beijing.myqcloud.com to 60 characters, so a bucket in ap-beijing has at most 32',
  ],
  [
    'existing bucket too long for its COS domain',
    { bucket: { name: '12345678901234567890123456789-1250000000', region: 'ap-guangzhou' } },
    'bucket.name: "12345678901234567890123456789-1250000000" is 40 characters',
  ],
  ['function region', { region: 'ap_guangzhou' }, 'region: "ap_guangzhou" must be a Tencent Cloud region'],
  ['no bucket', { bucket: undefined }, 'bucket: undefined is required: give an existing bucket'],
  [
    'both buckets',
    { createBucket: { name: 'other-1250000000', region: 'ap-guangzhou' } },
    'bucket: "backup-1250000000" conflicts with createBucket',
  ],
  ['prefix without trailing slash', { prefix: 'kafka' }, 'prefix: "kafka" must be empty or end with "/"'],
  ['prefix with leading slash', { prefix: '/kafka/' }, 'prefix: "/kafka/" must not start with "/"'],
  ['prefix with empty segment', { prefix: 'a//b/' }, 'prefix: "a//b/" must not contain an empty path segment'],
  ['prefix with wildcard', { prefix: 'a*/' }, 'prefix: "a*/" must not contain "*"'],
  ['granularity too small', { granularityMinutes: 4 }, 'granularityMinutes: 4 must be an integer from 5 to 15'],
  ['granularity too large', { granularityMinutes: 16 }, 'granularityMinutes: 16 must be an integer from 5 to 15'],
  ['granularity fractional', { granularityMinutes: 7.5 }, 'granularityMinutes: 7.5 must be an integer from 5 to 15'],
  [
    'bootstrap without port',
    { kafka: { ...kafka, bootstrapServers: ['10.0.0.1'] } },
    'kafka.bootstrapServers[0]: "10.0.0.1" must be "host:port"',
  ],
  [
    'bootstrap port out of range',
    { kafka: { ...kafka, bootstrapServers: ['10.0.0.1:9092', 'h:70000'] } },
    'kafka.bootstrapServers[1]: "h:70000" must be "host:port" with a port from 1 to 65535',
  ],
  [
    'bootstrap empty',
    { kafka: { ...kafka, bootstrapServers: [] } },
    'kafka.bootstrapServers: [] must list at least one',
  ],
  [
    'start position',
    { kafka: { ...kafka, startPosition: 'beginning' as any } },
    'kafka.startPosition: "beginning" must be "earliest", "latest" or { timestamp: <epoch ms> }',
  ],
  [
    'start timestamp',
    { kafka: { ...kafka, startPosition: { timestamp: -5 } } },
    'kafka.startPosition.timestamp: -5 must be epoch milliseconds',
  ],
  [
    'instance id',
    { kafka: { ...kafka, instanceId: 'kafka-1' } },
    'kafka.instanceId: "kafka-1" must look like "ckafka-xxxxxxxx"',
  ],
  ['topic', { kafka: { ...kafka, topic: 'a topic' } }, 'kafka.topic: "a topic" must be 1-249 characters'],
  [
    'sasl mechanism',
    { kafka: { ...kafka, sasl: { mechanism: 'GSSAPI' as any, username: 'u', passwordSecretName: 's' } } },
    'kafka.sasl.mechanism: "GSSAPI" must be "PLAIN", "SCRAM-SHA-256" or "SCRAM-SHA-512"',
  ],
  [
    'sasl secret name',
    { kafka: { ...kafka, sasl: { mechanism: 'PLAIN', username: 'u', passwordSecretName: 'a/b' } } },
    'kafka.sasl.passwordSecretName: "a/b" must be an SSM secret name',
  ],
  [
    // The types require the whole group; plain JavaScript can leave part of it out.
    'sasl without user name',
    { kafka: { ...kafka, sasl: { mechanism: 'PLAIN', passwordSecretName: 's' } as any } },
    'kafka.sasl.username: undefined is required (SASL needs kafka.sasl.mechanism, kafka.sasl.username, kafka.sasl.passwordSecretName)',
  ],
  [
    'sasl with ckafka trigger',
    {
      triggerMode: 'ckafka',
      kafka: { ...kafka, sasl: { mechanism: 'PLAIN', username: 'u', passwordSecretName: 's' } },
    },
    'kafka.sasl: "PLAIN" conflicts with triggerMode "ckafka"',
  ],
  ['memory not multiple of 128', { memoryMiB: 200 }, 'memoryMiB: 200 must be a multiple of 128 from 128 to 3072'],
  ['memory too large', { memoryMiB: 4096 }, 'memoryMiB: 4096 must be a multiple of 128 from 128 to 3072'],
  ['timeout too long', { timeoutSeconds: 901 }, 'timeoutSeconds: 901 must be an integer from 1 to 900'],
  [
    'margin not below timeout',
    { timeoutSeconds: 60, safetyMarginSeconds: 60 },
    'safetyMarginSeconds: 60 must be less than timeoutSeconds (60)',
  ],
  ['object cap above COS copy limit', { maxObjectMiB: 5000 }, 'maxObjectMiB: 5000 must be an integer from 1 to 4096'],
  [
    'part size above object cap',
    { maxObjectMiB: 8, partSizeMiB: 16 },
    'partSizeMiB: 16 must not exceed maxObjectMiB (8)',
  ],
  [
    // Given, the part size must fit the object even when the object cap is below 8.
    'part size given above a small object cap',
    { maxObjectMiB: 4, partSizeMiB: 8 },
    'partSizeMiB: 8 must not exceed maxObjectMiB (4)',
  ],
  ['compression level', { compressionLevel: 0 }, 'compressionLevel: 0 must be an integer from 1 to 9'],
  ['vpc id', { vpc: { vpcId: 'vpc_1', subnetId: 'subnet-abc' } }, 'vpc.vpcId: "vpc_1" must look like "vpc-xxxxxxxx"'],
  [
    'subnet id',
    { vpc: { vpcId: 'vpc-abc', subnetId: 'sub-abc' } },
    'vpc.subnetId: "sub-abc" must look like "subnet-xxxxxxxx"',
  ],
  [
    'reserved env prefix',
    { environment: { SCF_DEBUG: '1' } },
    'environment.SCF_DEBUG: "SCF_DEBUG" must not start with "SCF_" (reserved by SCF)',
  ],
  [
    'construct env prefix',
    { environment: { BACKUP_TOPIC: 'x' } },
    'environment.BACKUP_TOPIC: "BACKUP_TOPIC" must not start with "BACKUP_" (reserved by this construct)',
  ],
  ['env too large', { environment: { BIG: 'x'.repeat(5000) } }, 'must be at most 4096 bytes (SCF limit'],
  ['runtime', { runtime: 'Python3.9' }, 'runtime: "Python3.9" must be a Node.js runtime'],
  ['trigger mode', { triggerMode: 'cron' as any }, 'triggerMode: "cron" must be "timer" or "ckafka"'],
  [
    'both log options',
    { logs: { logsetId: 'aaaaaaaa', topicId: 'bbbbbbbb' }, createLogs: {} },
    'logs: "aaaaaaaa" conflicts with createLogs',
  ],
  ['retry count', { asyncRetry: { retryCount: 3 } }, 'asyncRetry.retryCount: 3 must be an integer from 0 to 2'],
  [
    'ckafka trigger with a timestamp start',
    { triggerMode: 'ckafka', kafka: { ...kafka, startPosition: { timestamp: 1 } } },
    'kafka.startPosition: {"timestamp":1} conflicts with triggerMode "ckafka"',
  ],
  [
    'description with characters SCF refuses',
    { description: 'Backs up orders: see https://x/y' },
    'description: "Backs up orders: see https://x/y" must be at most 1000 letters, digits, spaces, commas and periods',
  ],
  [
    'noncurrent expiry out of range',
    {
      bucket: undefined,
      createBucket: { name: 'b-1250000000', region: 'ap-guangzhou', noncurrentVersionExpireDays: 0 },
    },
    'createBucket.noncurrentVersionExpireDays: 0 must be an integer from 1 to 3650',
  ],
  [
    'noncurrent expiry without versioning',
    {
      bucket: undefined,
      createBucket: { name: 'b-1250000000', region: 'ap-guangzhou', versioning: false, noncurrentVersionExpireDays: 3 },
    },
    'createBucket.noncurrentVersionExpireDays: 3 needs createBucket.versioning',
  ],
  [
    'relative bundle dir',
    { handlerBundleDir: 'dist/handler' },
    'handlerBundleDir: "dist/handler" must be an absolute path',
  ],
];

describe('bad props fail at synth time with prop, value and rule', () => {
  test.each(cases)('%s', (_name, overrides, message) => {
    const error = errorOf(baseProps(overrides));
    expect(error).toContain(message);
    expect(error).toMatch(/^CkafkaCosBackup "Backup" has invalid props:/);
  });

  test('every problem is reported at once', () => {
    const error = errorOf(baseProps({ functionName: '1', granularityMinutes: 99, prefix: 'x' }));
    expect(error).toContain('functionName: "1"');
    expect(error).toContain('granularityMinutes: 99');
    expect(error).toContain('prefix: "x"');
    expect(error.split('\n  - ')).toHaveLength(4);
  });

  test('valid edge values pass', () => {
    for (const props of [
      baseProps({ functionName: 'ab', granularityMinutes: 15, prefix: '' }),
      baseProps({ functionName: 'a'.repeat(60), granularityMinutes: 5, memoryMiB: 3072 }),
      baseProps({
        kafka: {
          ...kafka,
          bootstrapServers: ['broker-1.internal:9092', '[::1]:9093'],
          startPosition: { timestamp: 0 },
        },
      }),
    ]) {
      expect(() => synthBackup(props)).not.toThrow();
    }
  });

  test("an object cap below 8 MiB alone synthesizes: the part size's default follows it", () => {
    const env = synthBackup(baseProps({ maxObjectMiB: 4 })).one('tencentcloud_scf_function').environment;
    expect(env).toMatchObject({ BACKUP_MAX_OBJECT_MIB: '4', BACKUP_PART_SIZE_MIB: '4' });
    expect(propSettings(baseProps({ maxObjectMiB: 4 })).values).toMatchObject({ maxObjectMiB: 4, partSizeMiB: 4 });
  });

  test('an object cap known only at apply time leaves the part size at 8, for the handler to check', () => {
    const scope = makeScope();
    const max = new TerraformVariable(scope, 'max_object', { type: 'number' }).numberValue;
    const env = handlerEnvironment(baseProps({ maxObjectMiB: max }));
    expect(env.BACKUP_PART_SIZE_MIB).toBe('8');
    expect(env.BACKUP_MAX_OBJECT_MIB).toMatch(/\$\{/);
    expect(validateProps(baseProps({ maxObjectMiB: max }))).toEqual([]);
  });

  test('values known only at apply time pass validation untouched', () => {
    const s = synthBackup(baseProps(), (stack) => stack);
    expect(s.one('tencentcloud_scf_function').name).toBe('orders-backup');
    const scope = makeScope();
    const bucketName = new TerraformVariable(scope, 'bucket_name', { type: 'string' }).stringValue;
    const functionName = new TerraformVariable(scope, 'function_name', { type: 'string' }).stringValue;
    const minutes = new TerraformVariable(scope, 'minutes', { type: 'number' }).numberValue;
    expect(
      () =>
        new CkafkaCosBackup(
          scope,
          'Backup',
          baseProps({
            functionName,
            granularityMinutes: minutes,
            bucket: { name: bucketName, region: 'ap-guangzhou' },
          }),
        ),
    ).not.toThrow();
  });
});

describe('a stack with bad props writes no Terraform', () => {
  test('synthesizing an app fails before anything reaches the output directory', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bad-props-'));
    expect(() => {
      const app = new App({ outdir });
      const stack = new TerraformStack(app, 'bad');
      new CkafkaCosBackup(stack, 'Backup', baseProps({ granularityMinutes: 20, prefix: 'no-slash' }));
      app.synth();
    }).toThrow(
      /prefix: "no-slash" must be empty or end with "\/"\n {2}- granularityMinutes: 20 must be an integer from 5 to 15/,
    );
    // cdktf creates the empty stacks folder up front; no file may be written.
    const files = (fs.readdirSync(outdir, { recursive: true }) as string[]).filter((f) =>
      fs.statSync(path.join(outdir, f)).isFile(),
    );
    expect(files).toEqual([]);
  });
});

describe('checks that need the whole stack run at synth time', () => {
  function synthWithChecks(
    build: (stack: TerraformStack) => void,
    providerRegion: string | null = 'ap-guangzhou',
  ): string {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'stack');
    new TencentcloudProvider(stack, 'tencentcloud', providerRegion ? { region: providerRegion } : {});
    build(stack);
    try {
      Testing.synth(stack, true);
    } catch (error) {
      return (error as Error).message;
    }
    return '';
  }

  test('a plain-JavaScript stack without vpc gets a prop error, not a TypeError', () => {
    expect(errorOf(baseProps({ vpc: undefined as any }))).toContain('vpc: undefined is required: { vpcId, subnetId }');
  });

  test('a created bucket outside the provider region is refused', () => {
    const error = synthWithChecks(
      (stack) =>
        new CkafkaCosBackup(
          stack,
          'Backup',
          baseProps({
            bucket: undefined,
            createBucket: { name: 'backup-1250000000', region: 'ap-shanghai' },
          }),
        ),
    );
    expect(error).toContain('createBucket.region: "ap-shanghai" must be the provider\'s region ("ap-guangzhou")');
    expect(error).toContain('[stack/Backup]');
  });

  test('a function region other than the provider region is refused; an existing bucket elsewhere needs region', () => {
    expect(
      synthWithChecks((stack) => new CkafkaCosBackup(stack, 'Backup', baseProps({ region: 'ap-beijing' }))),
    ).toContain('region: "ap-beijing" must be the provider\'s region ("ap-guangzhou")');
    const remoteBucket = baseProps({ bucket: { name: 'backup-1250000000', region: 'ap-shanghai' } });
    expect(synthWithChecks((stack) => new CkafkaCosBackup(stack, 'Backup', remoteBucket))).toContain(
      'bucket.region: "ap-shanghai" is not the provider\'s region ("ap-guangzhou"): set region: "ap-guangzhou"',
    );
    expect(
      synthWithChecks((stack) => new CkafkaCosBackup(stack, 'Backup', { ...remoteBucket, region: 'ap-guangzhou' })),
    ).toBe('');
  });

  test('a provider region from the environment is not guessed at', () => {
    expect(
      synthWithChecks((stack) => new CkafkaCosBackup(stack, 'Backup', baseProps({ region: 'ap-beijing' })), null),
    ).toBe('');
  });

  test('two backups with one function name are refused, naming both', () => {
    const error = synthWithChecks((stack) => {
      new CkafkaCosBackup(stack, 'A', baseProps());
      new CkafkaCosBackup(stack, 'B', baseProps({ kafka: { ...kafka, topic: 'other' } }));
    });
    expect(error).toContain('[stack/B] functionName: "orders-backup" is also used by stack/A');
    expect(error).not.toContain('[stack/A] functionName');
  });
});

describe('provider bindings older than the resources used', () => {
  test('a provider generated for a release before tencentcloud_scf_trigger is refused at synth', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'stack');
    // What `cdktf get` produces for an older release: the same provider type, another version.
    class OldTencentcloudProvider extends TerraformProvider {
      constructor(scope: Construct, id: string) {
        super(scope, id, {
          terraformResourceType: 'tencentcloud',
          terraformGeneratorMetadata: { providerName: 'tencentcloud', providerVersion: '1.81.3' },
          terraformProviderSource: 'tencentcloudstack/tencentcloud',
        });
      }
      protected synthesizeAttributes() {
        return { region: 'ap-guangzhou' };
      }
    }
    new OldTencentcloudProvider(stack, 'tencentcloud');
    new CkafkaCosBackup(stack, 'Backup', baseProps());
    expect(() => Testing.synth(stack, true)).toThrow(
      'provider: the tencentcloud bindings are for version 1.81.3; tencentcloud_scf_trigger needs 1.83.16 or newer',
    );
  });
});
