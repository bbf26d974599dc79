import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing } from 'cdktf';
import { ScfFunction } from '../.gen/providers/tencentcloud/scf-function';
import { ScfTrigger } from '../.gen/providers/tencentcloud/scf-trigger';
import { baseProps, synthBackup } from './support/synth';

const ROOT = path.resolve(__dirname, '..');
const GEN = path.join(ROOT, '.gen');
const SCRIPT = path.join(ROOT, 'scripts', 'generate-bindings.js');
const FQPN = 'registry.terraform.io/tencentcloudstack/tencentcloud';

interface Attribute {
  type: unknown;
  description?: string;
  description_kind: string;
  required?: boolean;
  optional?: boolean;
  computed?: boolean;
  sensitive?: boolean;
}
interface Block {
  attributes?: Record<string, Attribute>;
  block_types?: Record<string, { nesting_mode: string; block: Block; min_items?: number; max_items?: number }>;
  description_kind: string;
}
interface ProviderSchema {
  provider: { version: number; block: Block };
  resource_schemas: Record<string, { version: number; block: Block }>;
  data_source_schemas: Record<string, { version: number; block: Block }>;
}

const schemaFile = JSON.parse(fs.readFileSync(path.join(ROOT, 'provider', 'tencentcloud.schema.json'), 'utf8'));
const provider: ProviderSchema = schemaFile.provider_schemas[FQPN];
const resource = (name: string): Block => provider.resource_schemas[name].block;

/** Files below `dir` (relative, '/' separated), sorted. */
function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(child);
      else out.push(child);
    }
  };
  if (fs.existsSync(dir)) walk('');
  return out.sort();
}

/** Generated files: the provider folder plus the bookkeeping files next to it. */
function generatedFiles(dir: string): string[] {
  const files = listFiles(path.join(dir, 'providers', 'tencentcloud')).map((f) => `providers/tencentcloud/${f}`);
  for (const f of ['versions.json', 'constraints.json']) if (fs.existsSync(path.join(dir, f))) files.push(f);
  return files.sort();
}

function expectAttr(block: Block, name: string, flag: 'required' | 'optional' | 'computed', type: unknown): void {
  const attr = block.attributes?.[name];
  expect(attr).toBeDefined();
  expect({ name, type: attr?.type, [flag]: attr?.[flag] }).toEqual({ name, type, [flag]: true });
  if (flag === 'required') expect(attr?.optional).toBeUndefined();
  if (flag === 'optional') expect(attr?.required).toBeUndefined();
}

describe.each([
  ['cdktf', GEN],
  ['cdktn', path.join(ROOT, '.gen-cdktn')],
])('committed %s bindings', (framework, dir) => {
  let tmp: string;
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tc-bindings-test-'));
  });
  afterAll(() => {
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('match what the schema generates, file by file', () => {
    const run = spawnSync(process.execPath, [SCRIPT, '--framework', framework, '--out', tmp], { encoding: 'utf8' });
    expect({ status: run.status, stderr: run.stderr }).toMatchObject({ status: 0 });

    const expected = generatedFiles(tmp);
    expect(expected).toContain('providers/tencentcloud/index.ts');
    expect(generatedFiles(dir)).toEqual(expected);
    const changed = expected.filter(
      (f) => !fs.readFileSync(path.join(tmp, f)).equals(fs.readFileSync(path.join(dir, f))),
    );
    expect(changed).toEqual([]);
    const resource = fs.readFileSync(path.join(dir, 'providers/tencentcloud/scf-function/index.ts'), 'utf8');
    expect(resource).toContain(`from '${framework}'`);
  });

  it('are reported up to date by --check', () => {
    const run = spawnSync(process.execPath, [SCRIPT, '--check', '--framework', framework], { encoding: 'utf8' });
    expect({ status: run.status, stderr: run.stderr }).toMatchObject({ status: 0 });
  });
});

describe('committed bindings', () => {
  it('carry the constraint, not one pinned release, so stacks take patch releases', () => {
    const versions = JSON.parse(fs.readFileSync(path.join(GEN, 'versions.json'), 'utf8'));
    expect(versions).toEqual({});
    const { one, json } = synthBackup(baseProps());
    expect(one('tencentcloud_scf_function')).toBeDefined();
    expect(json.terraform.required_providers.tencentcloud).toEqual({
      source: 'tencentcloudstack/tencentcloud',
      version: '~> 1.83.16',
    });
    const index = fs.readFileSync(path.join(GEN, 'providers', 'tencentcloud', 'scf-function', 'index.ts'), 'utf8');
    expect(index).toContain("providerVersionConstraint: '~> 1.83.16'");
  });
});

describe('provider schema', () => {
  it('uses the terraform providers schema -json layout', () => {
    expect(schemaFile.format_version).toBe('1.0');
    expect(Object.keys(schemaFile.provider_schemas)).toEqual([FQPN]);
    expect(Object.keys(provider)).toEqual(['provider', 'resource_schemas', 'data_source_schemas']);
  });

  it('covers the resources and data sources the construct uses', () => {
    expect(Object.keys(provider.resource_schemas).sort()).toEqual([
      'tencentcloud_cam_policy',
      'tencentcloud_cam_role',
      'tencentcloud_cam_role_policy_attachment',
      'tencentcloud_cls_alarm',
      'tencentcloud_cls_logset',
      'tencentcloud_cls_topic',
      'tencentcloud_cos_bucket',
      'tencentcloud_cos_bucket_policy',
      'tencentcloud_monitor_alarm_notice',
      'tencentcloud_monitor_alarm_policy',
      'tencentcloud_monitor_policy_binding_object',
      'tencentcloud_scf_function',
      'tencentcloud_scf_function_event_invoke_config',
      'tencentcloud_scf_trigger',
    ]);
    expect(Object.keys(provider.data_source_schemas)).toEqual(['tencentcloud_user_info']);
  });

  it('gives every resource and data source a computed string id', () => {
    for (const s of [...Object.values(provider.resource_schemas), ...Object.values(provider.data_source_schemas)]) {
      expect(s.block.attributes?.id).toMatchObject({ type: 'string', computed: true });
    }
  });

  it('has only optional provider arguments', () => {
    const block = provider.provider.block;
    for (const name of ['secret_id', 'secret_key', 'security_token', 'region', 'protocol', 'domain', 'profile']) {
      expectAttr(block, name, 'optional', 'string');
    }
    expect(block.attributes?.secret_key.sensitive).toBe(true);
    expectAttr(block, 'allowed_account_ids', 'optional', ['set', 'string']);
    expect(block.block_types?.assume_role).toMatchObject({ nesting_mode: 'set', max_items: 1 });
    expect(block.block_types?.assume_role.min_items).toBeUndefined();
    expectAttr(block.block_types!.assume_role.block, 'role_arn', 'required', 'string');
  });

  it('matches the documented monitor alarm policy, notice and binding object arguments', () => {
    const policy = resource('tencentcloud_monitor_alarm_policy');
    for (const name of ['policy_name', 'monitor_type', 'namespace']) expectAttr(policy, name, 'required', 'string');
    expectAttr(policy, 'notice_ids', 'optional', ['list', 'string']);
    expectAttr(policy, 'enable', 'optional', 'number');
    expect(policy.block_types?.conditions).toMatchObject({ nesting_mode: 'list', max_items: 1 });
    const rules = policy.block_types!.conditions.block.block_types!.rules.block;
    for (const name of ['metric_name', 'operator', 'value']) expectAttr(rules, name, 'optional', 'string');
    for (const name of ['period', 'continue_period', 'notice_frequency', 'is_power_notice']) {
      expectAttr(rules, name, 'optional', 'number');
    }
    expectAttr(rules.block_types!.filter.block, 'dimensions', 'optional', 'string');

    const notice = resource('tencentcloud_monitor_alarm_notice');
    for (const name of ['name', 'notice_type', 'notice_language']) expectAttr(notice, name, 'required', 'string');
    const user = notice.block_types!.user_notices;
    expect(user.nesting_mode).toBe('list');
    expectAttr(user.block, 'receiver_type', 'required', 'string');
    expectAttr(user.block, 'start_time', 'required', 'number');
    expectAttr(user.block, 'end_time', 'required', 'number');
    expectAttr(user.block, 'notice_way', 'required', ['set', 'string']);
    expectAttr(user.block, 'user_ids', 'optional', ['set', 'number']);
    expectAttr(user.block, 'group_ids', 'optional', ['set', 'number']);
    expectAttr(notice.block_types!.url_notices.block, 'url', 'required', 'string');
    expectAttr(notice.block_types!.url_notices.block, 'weekday', 'optional', ['set', 'number']);
    expectAttr(notice.block_types!.cls_notices.block, 'topic_id', 'required', 'string');
    expectAttr(notice, 'policy_ids', 'computed', ['set', 'string']);

    const binding = resource('tencentcloud_monitor_policy_binding_object');
    expectAttr(binding, 'policy_id', 'required', 'string');
    expect(binding.block_types?.dimensions).toMatchObject({ nesting_mode: 'set', min_items: 1 });
    expectAttr(binding.block_types!.dimensions.block, 'dimensions_json', 'required', 'string');
    expectAttr(binding.block_types!.dimensions.block, 'unique_id', 'computed', 'string');
  });

  it('matches the documented scf_function arguments', () => {
    const fn = resource('tencentcloud_scf_function');
    expectAttr(fn, 'name', 'required', 'string');
    for (const name of [
      'handler',
      'runtime',
      'namespace',
      'role',
      'description',
      'zip_file',
      'cos_bucket_name',
      'cos_object_name',
      'cos_bucket_region',
    ]) {
      expectAttr(fn, name, 'optional', 'string');
    }
    expectAttr(fn, 'mem_size', 'optional', 'number');
    expectAttr(fn, 'timeout', 'optional', 'number');
    expectAttr(fn, 'enable_public_net', 'optional', 'bool');
    expectAttr(fn, 'environment', 'optional', ['map', 'string']);
    expectAttr(fn, 'tags', 'optional', ['map', 'string']);
    expectAttr(fn, 'cls_logset_id', 'optional', 'string');
    expectAttr(fn, 'eips', 'computed', ['list', 'string']);
    expect(fn.block_types?.triggers.nesting_mode).toBe('set');
    expect(fn.block_types?.layers.nesting_mode).toBe('list');
    expect(fn.block_types?.instance_concurrency_config.max_items).toBe(1);
    expectAttr(fn.block_types!.layers.block, 'layer_version', 'required', 'number');
    // computed-only nested lists are attributes, not blocks
    expect(fn.block_types?.trigger_info).toBeUndefined();
    expect(fn.attributes?.trigger_info.computed).toBe(true);
  });

  it('matches the documented scf_trigger and event invoke config arguments', () => {
    const trigger = resource('tencentcloud_scf_trigger');
    for (const name of ['function_name', 'namespace', 'type']) expectAttr(trigger, name, 'required', 'string');
    for (const name of ['trigger_name', 'trigger_desc', 'qualifier', 'enable', 'custom_argument', 'description']) {
      expectAttr(trigger, name, 'optional', 'string');
    }
    expectAttr(trigger, 'trigger_attribute', 'computed', 'string');

    const invoke = resource('tencentcloud_scf_function_event_invoke_config');
    expectAttr(invoke, 'function_name', 'required', 'string');
    expectAttr(invoke, 'namespace', 'optional', 'string');
    expect(invoke.block_types?.async_trigger_config).toMatchObject({
      nesting_mode: 'list',
      min_items: 1,
      max_items: 1,
    });
    const retry = invoke.block_types!.async_trigger_config.block.block_types!.retry_config;
    expect(retry.min_items).toBe(1);
    expectAttr(retry.block, 'retry_num', 'required', 'number');
  });

  it('matches the documented CAM arguments', () => {
    const role = resource('tencentcloud_cam_role');
    expectAttr(role, 'name', 'required', 'string');
    expectAttr(role, 'document', 'required', 'string');
    expectAttr(role, 'console_login', 'optional', 'bool');
    expectAttr(role, 'session_duration', 'optional', 'number');
    expectAttr(role, 'role_arn', 'computed', 'string');

    const policy = resource('tencentcloud_cam_policy');
    expectAttr(policy, 'name', 'required', 'string');
    expectAttr(policy, 'document', 'required', 'string');
    expectAttr(policy, 'type', 'computed', 'number');

    const attachment = resource('tencentcloud_cam_role_policy_attachment');
    expectAttr(attachment, 'role_id', 'required', 'string');
    expectAttr(attachment, 'policy_id', 'required', 'string');
  });

  it('matches the documented COS arguments', () => {
    const policy = resource('tencentcloud_cos_bucket_policy');
    expectAttr(policy, 'bucket', 'required', 'string');
    expectAttr(policy, 'policy', 'required', 'string');

    const bucket = resource('tencentcloud_cos_bucket');
    expectAttr(bucket, 'bucket', 'required', 'string');
    expectAttr(bucket, 'versioning_enable', 'optional', 'bool');
    expectAttr(bucket, 'encryption_algorithm', 'optional', 'string');
    expectAttr(bucket, 'force_clean', 'optional', 'bool');
    expectAttr(bucket, 'cos_bucket_url', 'computed', 'string');
    const lifecycle = bucket.block_types!.lifecycle_rules;
    expect(lifecycle.nesting_mode).toBe('list');
    expect(lifecycle.block.block_types?.expiration).toMatchObject({ nesting_mode: 'set', max_items: 1 });
    expectAttr(lifecycle.block.block_types!.transition.block, 'storage_class', 'required', 'string');
    expectAttr(bucket.block_types!.cors_rules.block, 'allowed_origins', 'required', ['list', 'string']);
  });

  it('matches the documented CLS arguments', () => {
    const logset = resource('tencentcloud_cls_logset');
    expectAttr(logset, 'logset_name', 'required', 'string');
    const topic = resource('tencentcloud_cls_topic');
    expectAttr(topic, 'logset_id', 'required', 'string');
    expectAttr(topic, 'topic_name', 'required', 'string');
    expectAttr(topic, 'period', 'optional', 'number');
    expectAttr(topic, 'auto_split', 'optional', 'bool');
    expect(topic.block_types?.extends.max_items).toBe(1);
  });

  it('matches the documented user_info data source', () => {
    const info = provider.data_source_schemas.tencentcloud_user_info.block;
    expectAttr(info, 'result_output_file', 'optional', 'string');
    for (const name of ['app_id', 'uin', 'owner_uin', 'name']) expectAttr(info, name, 'computed', 'string');
  });
});

describe('generated classes', () => {
  it('synthesize snake_case terraform arguments', () => {
    const synth = JSON.parse(
      Testing.synthScope((scope) => {
        const fn = new ScfFunction(scope, 'fn', {
          name: 'backup-handler',
          handler: 'index.main',
          runtime: 'Nodejs16.13',
          memSize: 256,
          timeout: 900,
          cosBucketName: 'code-1250000000',
          cosObjectName: 'handler.zip',
          cosBucketRegion: 'ap-guangzhou',
          environment: { TOPIC: 'orders' },
          enablePublicNet: false,
          layers: [{ layerName: 'deps', layerVersion: 2 }],
          asyncRunEnable: 'TRUE',
        });
        new ScfTrigger(scope, 'trigger', {
          functionName: fn.name,
          namespace: fn.namespace,
          type: 'ckafka',
          triggerName: 'ckafka-abc-orders',
          triggerDesc: JSON.stringify({ maxMsgNum: '100', offset: 'latest' }),
          enable: 'OPEN',
        });
      }),
    );

    const fn = synth.resource.tencentcloud_scf_function.fn;
    expect(fn).toEqual({
      name: 'backup-handler',
      handler: 'index.main',
      runtime: 'Nodejs16.13',
      mem_size: 256,
      timeout: 900,
      cos_bucket_name: 'code-1250000000',
      cos_object_name: 'handler.zip',
      cos_bucket_region: 'ap-guangzhou',
      environment: { TOPIC: 'orders' },
      enable_public_net: false,
      layers: [{ layer_name: 'deps', layer_version: 2 }],
      async_run_enable: 'TRUE',
    });
    expect(synth.resource.tencentcloud_scf_trigger.trigger).toEqual({
      function_name: '${tencentcloud_scf_function.fn.name}',
      namespace: '${tencentcloud_scf_function.fn.namespace}',
      type: 'ckafka',
      trigger_name: 'ckafka-abc-orders',
      trigger_desc: '{"maxMsgNum":"100","offset":"latest"}',
      enable: 'OPEN',
    });
  });
});
