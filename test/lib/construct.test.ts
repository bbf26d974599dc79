// What this suite proves: the resources the construct creates by default and per prop (function,
// trigger, role, policy, bucket, logs, outputs), and the CAM wildcard check over its policies.
import { Aspects } from 'cdktf';
import * as fs from 'fs';
import * as path from 'path';
import { isDeepStrictEqual } from 'util';
import { CamPolicy } from '../../.gen/providers/tencentcloud/cam-policy';
import { SETTINGS } from '../../contract/settings';
import { CamWildcardCheck, acknowledgeWildcard, findWildcards } from '../../lib';
import { baseProps, makeScope, synthBackup } from '../support/synth';

const FUNCTION = 'tencentcloud_scf_function';
const TRIGGER = 'tencentcloud_scf_trigger';
const ROLE = 'tencentcloud_cam_role';
const POLICY = 'tencentcloud_cam_policy';
const ATTACHMENT = 'tencentcloud_cam_role_policy_attachment';

/**
 * The provider's Read of a non-timer trigger_desc (resource_tc_scf_trigger.go): keep the keys the
 * configuration has, then Go's json.Marshal (keys sorted, no spaces).
 */
function providerReadTriggerDesc(server: string, configured: string): string {
  const keys = Object.keys(JSON.parse(configured));
  const kept = Object.entries(JSON.parse(server))
    .filter(([k]) => keys.includes(k))
    .sort(([a], [b]) => (a < b ? -1 : 1));
  return JSON.stringify(Object.fromEntries(kept));
}
/** Environment variable of each handler setting. */
const ENV = Object.fromEntries(Object.entries(SETTINGS).map(([name, setting]) => [name, setting.env])) as Record<
  keyof typeof SETTINGS,
  string
>;
const BUCKET = 'tencentcloud_cos_bucket';
const BUCKET_POLICY = 'tencentcloud_cos_bucket_policy';

describe('SCF function', () => {
  const s = synthBackup(baseProps());
  const fn = s.one(FUNCTION);

  test('runs the bundled Node.js handler', () => {
    expect(fn.name).toBe('orders-backup');
    expect(fn.namespace).toBe('default');
    expect(fn.runtime).toBe('Nodejs18.15');
    expect(fn.handler).toBe('index.main_handler');
  });

  test('takes its code from a content-hashed archive asset', () => {
    expect(fn.zip_file).toMatch(/^assets\/[^/]+\/[0-9A-F]{32,}\/archive\.zip$/i);
  });

  test('derives the timeout from the granularity, never above 900 s', () => {
    expect(fn.timeout).toBe(300);
    expect(synthBackup(baseProps({ granularityMinutes: 15 })).one(FUNCTION).timeout).toBe(900);
    expect(synthBackup(baseProps({ granularityMinutes: 12 })).one(FUNCTION).timeout).toBe(720);
  });

  test('runs in the VPC, with public network for COS and the Cloud APIs by default', () => {
    expect(fn.vpc_id).toBe('vpc-xxxx');
    expect(fn.subnet_id).toBe('subnet-xxxx');
    expect(fn.enable_public_net).toBe(true);
    expect(fn.environment.BACKUP_ENABLE_PUBLIC_NET).toBe('true');
    expect(fn.mem_size).toBe(512);
  });

  test('private-network mode tells the handler to use the internal API hosts', () => {
    const privateFn = synthBackup(baseProps({ enablePublicNet: false })).one(FUNCTION);
    expect(privateFn.enable_public_net).toBe(false);
    expect(privateFn.environment.BACKUP_ENABLE_PUBLIC_NET).toBe('false');
  });

  test('runs as the role, by name, after the policy is attached', () => {
    expect(fn.role).toMatch(/^\$\{tencentcloud_cam_role\.[A-Za-z0-9_]+\.name\}$/);
    expect(fn.depends_on).toEqual([expect.stringMatching(/^tencentcloud_cam_role_policy_attachment\./)]);
  });

  test('configures the handler through BACKUP_ variables only', () => {
    const env = fn.environment as Record<string, string>;
    expect(env).toMatchObject({
      [ENV.bucket]: 'backup-1250000000',
      [ENV.bucketRegion]: 'ap-guangzhou',
      [ENV.prefix]: 'kafka/',
      [ENV.instanceId]: 'ckafka-abc123',
      [ENV.topic]: 'orders',
      [ENV.bootstrapServers]: '10.0.0.12:9092',
      [ENV.consumerGroup]: 'orders-backup',
      [ENV.startPosition]: 'earliest',
      [ENV.granularityMinutes]: '5',
      [ENV.compressionLevel]: '6',
    });
    for (const name of Object.keys(env)) expect(name).toMatch(/^BACKUP_/);
    const bytes = Object.entries(env).reduce((n, [k, v]) => n + k.length + v.length, 0);
    expect(bytes).toBeLessThan(4096);
  });

  test('keeps extra environment variables and tags', () => {
    const fnWithExtras = synthBackup(baseProps({ environment: { LOG_LEVEL: 'debug' }, tags: { team: 'data' } })).one(
      FUNCTION,
    );
    expect(fnWithExtras.environment.LOG_LEVEL).toBe('debug');
    expect(fnWithExtras.tags).toEqual({ team: 'data' });
  });

  test('writes the timestamp start position and the SASL secret name, never a password', () => {
    const fnSasl = synthBackup(
      baseProps({
        kafka: {
          ...baseProps().kafka,
          startPosition: { timestamp: 1700000000000 },
          sasl: { mechanism: 'SCRAM-SHA-256', username: 'ckafka-abc123#backup', passwordSecretName: 'kafka-pw' },
        },
      }),
    ).one(FUNCTION);
    expect(fnSasl.environment[ENV.startPosition]).toBe('timestamp:1700000000000');
    expect(fnSasl.environment[ENV.saslMechanism]).toBe('SCRAM-SHA-256');
    expect(fnSasl.environment[ENV.saslSecretName]).toBe('kafka-pw');
    expect(JSON.stringify(fnSasl.environment)).not.toMatch(/password"/i);
  });

  test('uses a prebuilt bundle given by absolute path', () => {
    const dir = path.resolve(__dirname, '..', '..', 'dist', 'handler');
    expect(synthBackup(baseProps({ handlerBundleDir: dir })).one(FUNCTION).zip_file).toMatch(/archive\.zip$/);
  });
});

describe('trigger', () => {
  test('is a separate timer trigger at the granularity', () => {
    const trigger = synthBackup(baseProps({ granularityMinutes: 10 })).one(TRIGGER);
    expect(trigger).toMatchObject({
      type: 'timer',
      trigger_desc: '0 */10 * * * * *',
      enable: 'OPEN',
      namespace: 'default',
    });
    expect(trigger.function_name).toMatch(/^\$\{tencentcloud_scf_function\.[A-Za-z0-9_]+\.name\}$/);
    expect(trigger.trigger_name).toMatch(/^[A-Za-z][A-Za-z0-9_-]{0,59}$/);
  });

  test('the function has no inline triggers', () => {
    expect(synthBackup(baseProps()).one(FUNCTION).triggers).toBeUndefined();
  });

  test('ckafka mode uses the native trigger and drops the self-invoke permission', () => {
    const s = synthBackup(baseProps({ triggerMode: 'ckafka' }));
    const trigger = s.one(TRIGGER);
    expect(trigger.type).toBe('ckafka');
    expect(trigger.trigger_name).toBe('ckafka-abc123-orders');
    expect(trigger.trigger_desc).toBe(
      '{"instanceId":"ckafka-abc123","maxMsgNum":10000,"offset":"oldest","retry":10000,"topicName":"orders"}',
    );
    expect(s.one(POLICY).document).not.toContain('scf:InvokeFunction');
  });

  test('the ckafka trigger desc is what the provider reads back, so plans stay empty', () => {
    for (const startPosition of ['earliest', 'latest'] as const) {
      const written = synthBackup(
        baseProps({ triggerMode: 'ckafka', kafka: { ...baseProps().kafka, startPosition } }),
      ).one(TRIGGER).trigger_desc;
      // What the server might return: more keys, another order.
      const server = JSON.stringify({
        topicStatus: 'NORMAL',
        ...JSON.parse(written),
        VIPList: ['10.0.0.1:9092'],
        consumerGroupName: 'scf_x',
      });
      expect(providerReadTriggerDesc(server, written)).toBe(written);
    }
  });

  test('triggers name their qualifier, which the provider always reads back', () => {
    expect(synthBackup(baseProps()).one(TRIGGER).qualifier).toBe('$LATEST');
    expect(synthBackup(baseProps({ triggerMode: 'ckafka' })).one(TRIGGER).qualifier).toBe('$LATEST');
  });

  test('descriptions hold only what SCF accepts', () => {
    const s = synthBackup(baseProps({ kafka: { ...baseProps().kafka, topic: 'orders_v2-eu.raw' } }));
    for (const text of [s.one(FUNCTION).description, s.one(TRIGGER).description])
      expect(text).toMatch(/^[A-Za-z0-9 ,.]{1,1000}$/);
    expect(s.one(FUNCTION).description).toBe(
      'Backs up CKafka topic orders v2 eu.raw of ckafka abc123 to COS bucket backup 1250000000',
    );
  });
});

describe('CAM role and policy', () => {
  const s = synthBackup(baseProps());

  test('the role trusts only scf.qcloud.com', () => {
    const role = s.one(ROLE);
    expect(role.name).toBe('orders-backup-role');
    expect(JSON.parse(role.document)).toEqual({
      version: '2.0',
      statement: [{ effect: 'allow', action: ['name/sts:AssumeRole'], principal: { service: ['scf.qcloud.com'] } }],
    });
  });

  test("the policy writes only under this topic's keys and lists only its uploads", () => {
    const doc = JSON.parse(s.one(POLICY).document);
    expect(doc.version).toBe('2.0');
    const [cos, list, scf] = doc.statement;
    expect(list).toEqual({
      effect: 'allow',
      action: ['name/cos:ListMultipartUploads'],
      resource: ['qcs::cos:ap-guangzhou:uid/1250000000:backup-1250000000/*'],
      condition: {
        string_equal: { 'cos:prefix': ['kafka%2Fckafka-abc123%2Forders%2F', 'kafka/ckafka-abc123/orders/'] },
      },
    });
    expect(cos.action).toEqual([
      'name/cos:PutObject',
      'name/cos:PutObjectCopy',
      'name/cos:InitiateMultipartUpload',
      'name/cos:UploadPart',
      'name/cos:CompleteMultipartUpload',
      'name/cos:AbortMultipartUpload',
      'name/cos:ListParts',
      'name/cos:HeadObject',
      'name/cos:GetObject',
    ]);
    expect(cos.resource).toEqual([
      'qcs::cos:ap-guangzhou:uid/1250000000:backup-1250000000/kafka/ckafka-abc123/orders/*',
    ]);
    expect(scf).toEqual({ effect: 'allow', action: ['name/scf:InvokeFunction'], resource: ['*'] });
    expect(doc.statement).toHaveLength(3);
  });

  test("with the default prefix the role still reaches only its own topic's keys", () => {
    const [cos] = JSON.parse(synthBackup(baseProps({ prefix: undefined })).one(POLICY).document).statement;
    expect(cos.resource).toEqual(['qcs::cos:ap-guangzhou:uid/1250000000:backup-1250000000/ckafka-abc123/orders/*']);
  });

  test('the policy reads the SASL secret only when SASL is used', () => {
    const withSasl = synthBackup(
      baseProps({
        kafka: {
          ...baseProps().kafka,
          sasl: {
            mechanism: 'PLAIN',
            username: 'ckafka-abc123#u',
            passwordSecretName: 'pw',
            secretCreatorUin: '100000000001',
          },
        },
      }),
    );
    const statements = JSON.parse(withSasl.one(POLICY).document).statement;
    expect(statements[3]).toEqual({
      effect: 'allow',
      action: ['name/ssm:GetSecretValue', 'name/ssm:ListSecretVersionIds'],
      resource: [
        'qcs::ssm:ap-guangzhou:uin/${data.tencentcloud_user_info.CkafkaCosBackupAccount.owner_uin}:secret/creatorUin/100000000001/pw',
      ],
    });
  });

  test('no policy document has a wildcard action, nor a wildcard resource but the acknowledged one', () => {
    for (const props of [baseProps(), baseProps({ prefix: '' }), baseProps({ triggerMode: 'ckafka' })]) {
      const synthesized = synthBackup(props);
      const docs = [s.one(POLICY).document, synthesized.one(POLICY).document, synthesized.one(ROLE).document];
      for (const doc of docs) {
        for (const statement of JSON.parse(doc).statement) {
          for (const action of statement.action) expect(action).not.toMatch(/(^\*$|:\*$)/);
          const allowed = statement.action.join() === 'name/scf:InvokeFunction' ? ['*'] : [];
          for (const resource of statement.resource ?? [])
            if (!allowed.includes(resource)) expect(resource).not.toMatch(/(^\*$|:\*$)/);
        }
      }
    }
  });

  test('the attachment binds this policy to this role', () => {
    const attachment = s.one(ATTACHMENT);
    expect(attachment.role_id).toMatch(/^\$\{tencentcloud_cam_role\.[A-Za-z0-9_]+\.id\}$/);
    expect(attachment.policy_id).toMatch(/^\$\{tencentcloud_cam_policy\.[A-Za-z0-9_]+\.id\}$/);
  });
});

describe('bucket and bucket policy', () => {
  test('an existing bucket gets no bucket resource and no policy unless asked', () => {
    const s = synthBackup(baseProps());
    expect(s.resources(BUCKET)).toEqual({});
    expect(s.resources(BUCKET_POLICY)).toEqual({});
    const statements = s.backup.bucketPolicyStatements;
    expect(statements).toHaveLength(2);
    expect(JSON.stringify(s.json.output)).toContain('BucketPolicyStatements');
  });

  test("a created bucket gets no bucket policy: the role's CAM policy alone gives same-account access", () => {
    const s = synthBackup(
      baseProps({ bucket: undefined, createBucket: { name: 'orders-1250000000', region: 'ap-guangzhou' } }),
    );
    expect(s.resources(BUCKET_POLICY)).toEqual({});
    expect(JSON.stringify(s.json.output ?? {})).not.toContain('BucketPolicyStatements');
  });

  test('an existing bucket gets the policy when the user says so', () => {
    const s = synthBackup(baseProps({ manageBucketPolicy: true }));
    const policy = s.one(BUCKET_POLICY);
    expect(policy.bucket).toBe('backup-1250000000');
    // The spelling COS documents and returns (capitalised keys, lower-case version), so the
    // provider's Read compares equal; an account principal, as COS documents no role principal.
    expect(Object.keys(JSON.parse(policy.policy))).toEqual(['Statement', 'version']);
    const [statement, listUploads] = JSON.parse(policy.policy).Statement;
    expect(Object.keys(statement)).toEqual(['Principal', 'Effect', 'Action', 'Resource']);
    const principal = {
      qcs: [
        'qcs::cam::uin/${data.tencentcloud_user_info.CkafkaCosBackupAccount.owner_uin}:uin/${data.tencentcloud_user_info.CkafkaCosBackupAccount.owner_uin}',
      ],
    };
    expect(statement.Principal).toEqual(principal);
    expect(statement.Resource).toEqual([
      'qcs::cos:ap-guangzhou:uid/1250000000:backup-1250000000/kafka/ckafka-abc123/orders/*',
    ]);
    // Every run starts by listing its own open uploads: the role's condition, in the same spelling.
    expect(listUploads).toEqual({
      Principal: principal,
      Effect: 'allow',
      Action: ['name/cos:ListMultipartUploads'],
      Resource: ['qcs::cos:ap-guangzhou:uid/1250000000:backup-1250000000/*'],
      Condition: {
        string_equal: { 'cos:prefix': ['kafka%2Fckafka-abc123%2Forders%2F', 'kafka/ckafka-abc123/orders/'] },
      },
    });
    expect(JSON.parse(policy.policy).Statement).toHaveLength(2);
    expect(JSON.stringify(policy.policy)).not.toContain('roleName');
  });

  test('a created bucket is private, versioned, encrypted, with lifecycle defaults', () => {
    const s = synthBackup(
      baseProps({ bucket: undefined, createBucket: { name: 'orders-1250000000', region: 'ap-guangzhou' } }),
    );
    const bucket = s.one(BUCKET);
    expect(bucket).toMatchObject({
      bucket: 'orders-1250000000',
      acl: 'private',
      versioning_enable: true,
      encryption_algorithm: 'AES256',
      force_clean: false,
    });
    const [rule] = bucket.lifecycle_rules;
    expect(rule.filter_prefix).toBe('kafka/');
    expect(rule.transition).toEqual([{ days: 30, storage_class: 'STANDARD_IA' }]);
    expect(rule.abort_incomplete_multipart_upload).toEqual({ days_after_initiation: 1 });
    expect(rule.expiration).toBeUndefined();
    // The metadata copy of each multipart object leaves its first version noncurrent: expired after a week.
    expect(rule.non_current_expiration).toEqual({ non_current_days: 7 });
  });

  test('noncurrent versions expire after the days given, and only on a versioned bucket', () => {
    const bucket = (createBucket: object) =>
      synthBackup(
        baseProps({
          bucket: undefined,
          createBucket: { name: 'orders-1250000000', region: 'ap-guangzhou', ...createBucket },
        }),
      ).one(BUCKET);
    expect(bucket({ noncurrentVersionExpireDays: 2 }).lifecycle_rules[0].non_current_expiration).toEqual({
      non_current_days: 2,
    });
    expect(bucket({ versioning: false }).lifecycle_rules[0].non_current_expiration).toBeUndefined();
  });
});

describe('logs, retries and outputs', () => {
  test('created CLS logs are wired into the function', () => {
    const s = synthBackup(baseProps({ createLogs: { retentionDays: 14 } }));
    expect(s.one('tencentcloud_cls_topic').period).toBe(14);
    expect(s.one(FUNCTION).cls_logset_id).toMatch(/tencentcloud_cls_logset\./);
    expect(s.one(FUNCTION).cls_topic_id).toMatch(/tencentcloud_cls_topic\./);
  });

  test('existing CLS ids pass through', () => {
    const fn = synthBackup(baseProps({ logs: { logsetId: 'aaaaaaaa-1111', topicId: 'bbbbbbbb-2222' } })).one(FUNCTION);
    expect(fn.cls_logset_id).toBe('aaaaaaaa-1111');
    expect(fn.cls_topic_id).toBe('bbbbbbbb-2222');
  });

  test('async retries default to none, with a TTL of one granularity', () => {
    const config = synthBackup(baseProps()).one('tencentcloud_scf_function_event_invoke_config');
    expect(JSON.stringify(config.async_trigger_config)).toContain('"retry_num":0');
    expect(JSON.stringify(config.async_trigger_config)).toContain('"msg_ttl":300');
  });

  test('outputs name the function, the role, the location and the logs', () => {
    const outputs = synthBackup(baseProps()).json.output;
    const values = Object.values(outputs).map((o: any) => o.value);
    expect(values).toEqual(
      expect.arrayContaining([
        'cos://backup-1250000000/kafka/',
        expect.stringMatching(/tencentcloud_scf_function\..+\.name/),
        expect.stringMatching(/tencentcloud_cam_role\..+\.name/),
        expect.stringMatching(/^https:\/\/console\.cloud\.tencent\.com\/scf\//),
      ]),
    );
  });
});

describe('tags', () => {
  /** Resource types whose provider schema has a `tags` argument. */
  const schema = JSON.parse(fs.readFileSync(path.join(__dirname, '../../provider/tencentcloud.schema.json'), 'utf8'));
  const resourceSchemas: Record<string, { block: { attributes?: Record<string, unknown> } }> =
    schema.provider_schemas['registry.terraform.io/tencentcloudstack/tencentcloud'].resource_schemas;
  const taggable = (type: string): boolean => 'tags' in (resourceSchemas[type]?.block.attributes ?? {});
  const tags = { team: 'data', 'cost-center': 'cc-42' };

  test('every synthesized resource whose type has a tags argument gets the tags', () => {
    // Between them, these props make every resource the construct can create.
    const variants = [
      baseProps({
        tags,
        bucket: undefined,
        createBucket: { name: 'orders-1250000000', region: 'ap-guangzhou' },
        createLogs: {},
        alarms: { createNotice: { userIds: [100000000011] } },
      }),
      baseProps({ tags, manageBucketPolicy: true, triggerMode: 'ckafka', alarms: { noticeIds: ['notice-abcd1234'] } }),
    ];
    const checked = new Set<string>();
    const untagged: string[] = [];
    for (const props of variants) {
      const resources: Record<string, Record<string, any>> = synthBackup(props).json.resource;
      for (const [type, blocks] of Object.entries(resources)) {
        expect(resourceSchemas[type]).toBeDefined();
        if (!taggable(type)) continue;
        checked.add(type);
        for (const [name, block] of Object.entries(blocks)) {
          if (!isDeepStrictEqual(block.tags, tags)) untagged.push(`${type}.${name}`);
        }
      }
    }
    expect(untagged).toEqual([]);
    expect([...checked].sort()).toEqual([
      'tencentcloud_cam_policy',
      'tencentcloud_cam_role',
      'tencentcloud_cls_alarm',
      'tencentcloud_cls_logset',
      'tencentcloud_cls_topic',
      'tencentcloud_cos_bucket',
      'tencentcloud_scf_function',
    ]);
  });
});

describe('CamWildcardCheck', () => {
  test('flags each wildcard action and resource of the policies in a stack, and nothing in the backup', () => {
    let offending: any;
    const s = synthBackup(baseProps(), (stack) => {
      offending = new CamPolicy(stack, 'TooWide', {
        name: 'too-wide',
        document: JSON.stringify({
          version: '2.0',
          statement: [{ effect: 'allow', action: ['name/cos:*', 'name/cos:GetObject'], resource: ['*'] }],
        }),
      });
      Aspects.of(stack).add(new CamWildcardCheck());
    });
    const errors = (node: any) => node.node.metadata.filter((m: any) => /error/i.test(m.type)).map((m: any) => m.data);
    expect(errors(offending)).toEqual([
      expect.stringContaining('statement 0 has the wildcard action "name/cos:*"'),
      expect.stringContaining('statement 0 has the wildcard resource "*"'),
    ]);
    expect(errors(s.backup.policy)).toEqual([]);
    expect(errors(s.backup.role)).toEqual([]);
    // The one wildcard the platform forces is shown as acknowledged, with its reason.
    const infos = s.backup.policy.node.metadata.filter((m: any) => /info/i.test(m.type)).map((m: any) => m.data);
    expect(infos).toEqual([
      expect.stringMatching(/wildcard resource "\*", acknowledged: scf:InvokeFunction is operation-level/),
    ]);
    expect(
      findWildcards(
        JSON.stringify({
          statement: [{ action: 'name/scf:InvokeFunction', resource: ['qcs::cos:ap-guangzhou:uid/1:*'] }],
        }),
      ),
    ).toEqual([
      { statement: 0, field: 'resource', value: 'qcs::cos:ap-guangzhou:uid/1:*', actions: ['name/scf:InvokeFunction'] },
    ]);
  });

  test('an acknowledgement needs a reason and covers only its own statement', () => {
    expect(() =>
      acknowledgeWildcard(new CamPolicy(makeScope(), 'P', { name: 'p', document: '{}' }), {
        actions: ['a'],
        resource: '*',
        reason: 'because',
      }),
    ).toThrow('must say why the platform needs the wildcard');
    let other: any;
    synthBackup(baseProps(), (stack) => {
      other = new CamPolicy(stack, 'Other', {
        name: 'other',
        document: JSON.stringify({
          version: '2.0',
          statement: [{ effect: 'allow', action: ['name/cvm:RunInstances'], resource: ['*'] }],
        }),
      });
      acknowledgeWildcard(other, {
        actions: ['name/scf:InvokeFunction'],
        resource: '*',
        reason: 'a reason long enough to be read',
      });
      Aspects.of(stack).add(new CamWildcardCheck());
    });
    expect(other.node.metadata.filter((m: any) => /error/i.test(m.type))).toHaveLength(1);
  });
});
