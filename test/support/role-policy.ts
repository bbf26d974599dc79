// The CAM policy the construct gives the function's role, for the handler environment a test
// runs: a CkafkaCosBackup is synthesized with the props that produce that environment (through
// the settings table, contract/settings.ts), and the document of its `tencentcloud_cam_policy`
// is read back with the account data filled in (TEST_ACCOUNT). Likewise the statements it gives
// for a bucket in another account (its `BucketPolicyStatements` output).
import { SETTINGS, Setting } from '../../contract/settings';
import { CkafkaCosBackupProps } from '../../lib';
import { PolicyDocument } from './cam-policy';
import { baseProps, synthBackup } from './synth';
import { TEST_ACCOUNT } from './test-account';

export interface RoleOptions {
  /** The function's name and namespace (the SCF context's `function_name` and `namespace`). */
  functionName?: string;
  namespace?: string;
  triggerMode?: 'timer' | 'ckafka';
}

const cache = new Map<string, PolicyDocument>();

export function rolePolicyFor(env: Record<string, string | undefined>, options: RoleOptions = {}): PolicyDocument {
  const props = propsFor(env, options);
  const cacheKey = JSON.stringify(props);
  const cached = cache.get(cacheKey);
  if (cached) return cached;
  const synthesized = synthBackup(props);
  const policy = JSON.parse(withTestAccount(synthesized.one('tencentcloud_cam_policy').document)) as PolicyDocument;
  cache.set(cacheKey, policy);
  return policy;
}

/**
 * What a bucket in another account must grant for the handler environment `env`: the
 * `BucketPolicyStatements` output of the backup rolePolicyFor synthesizes, as written (COS
 * spelling), with the account data filled in.
 */
export function bucketPolicyStatementsFor(
  env: Record<string, string | undefined>,
  options: RoleOptions = {},
): unknown[] {
  const outputs: Record<string, { value: string }> = synthBackup(propsFor(env, options)).json.output ?? {};
  const output = Object.entries(outputs).find(([name]) => name.includes('_BucketPolicyStatements_'));
  if (!output) throw new Error('the backup has no BucketPolicyStatements output');
  return JSON.parse(withTestAccount(output[1].value));
}

/**
 * Props whose environment is `env`: each variable the handler would accept goes to its setting's
 * first prop; a setting without a (valid) variable is left to the construct's default, and
 * required ones fall back to the test defaults of synth.ts, so that a run with a broken
 * environment still gets the policy the construct would have written around it.
 */
export function propsFor(env: Record<string, string | undefined>, options: RoleOptions = {}): CkafkaCosBackupProps {
  const props = structuredClone(
    baseProps({ functionName: options.functionName ?? 'orders-backup' }),
  ) as unknown as Record<string, unknown>;
  for (const setting of Object.values(SETTINGS) as Setting<unknown>[]) {
    const path = setting.props?.[0];
    if (!path) continue;
    const raw = env[setting.env]?.trim();
    const parsed = raw === undefined ? undefined : setting.type.parse(raw);
    if (parsed && 'value' in parsed) setAt(props, path, parsed.value);
    else if (setting.default !== undefined || setting.optional || setting.defaultFromProps) deleteAt(props, path);
  }
  // Exactly one way to name the topics: without a valid one, the test default (a run with a
  // broken environment still gets the policy the construct would write around it).
  const kafka = props.kafka as Record<string, unknown>;
  if (kafka.topic === undefined && kafka.topics === undefined && kafka.topicPattern === undefined) {
    kafka.topic = baseProps().kafka.topic;
  }
  if (options.namespace) props.namespace = options.namespace;
  if (options.triggerMode === 'ckafka') {
    // The native trigger owns its group and reads the topic itself (the construct rejects both).
    props.triggerMode = 'ckafka';
    const kafka = props.kafka as Record<string, unknown>;
    delete kafka.consumerGroup;
    delete kafka.sasl;
  }
  return props as unknown as CkafkaCosBackupProps;
}

/** The `data.tencentcloud_user_info` references of a synthesized document, as the test account's values. */
export function withTestAccount(document: string): string {
  const values: Record<string, string> = {
    app_id: TEST_ACCOUNT.appId,
    owner_uin: TEST_ACCOUNT.ownerUin,
    uin: TEST_ACCOUNT.uin,
  };
  const resolved = document.replace(
    /\$\{data\.tencentcloud_user_info\.[A-Za-z0-9_-]+\.(app_id|owner_uin|uin)\}/g,
    (_, field: string) => values[field],
  );
  if (resolved.includes('${')) throw new Error(`the role policy still holds a Terraform reference: ${resolved}`);
  return resolved;
}

function setAt(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    node[key] ??= {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1]] = value;
}

function deleteAt(target: Record<string, unknown>, path: string): void {
  const keys = path.split('.');
  let node: Record<string, unknown> | undefined = target;
  for (const key of keys.slice(0, -1)) node = node?.[key] as Record<string, unknown> | undefined;
  if (node) delete node[keys[keys.length - 1]];
}
