// Shared by the construct tests: valid base props, and a synthesized stack parsed into the
// Terraform resources that tests inspect.
import { Testing, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { CkafkaCosBackup, CkafkaCosBackupProps, TencentcloudProvider } from '../../lib';

/** Props of a valid timer-mode backup into an existing bucket; tests override what they need. */
export function baseProps(overrides: Partial<CkafkaCosBackupProps> = {}): CkafkaCosBackupProps {
  return {
    functionName: 'orders-backup',
    bucket: { name: 'backup-1250000000', region: 'ap-guangzhou' },
    prefix: 'kafka/',
    granularityMinutes: 5,
    kafka: {
      instanceId: 'ckafka-abc123',
      topic: 'orders',
      bootstrapServers: ['10.0.0.12:9092'],
      startPosition: 'earliest',
    },
    vpc: { vpcId: 'vpc-xxxx', subnetId: 'subnet-xxxx' },
    ...overrides,
  };
}

export interface Synthesized {
  /** Parsed Terraform JSON of the stack. */
  json: any;
  /** All blocks of one resource type, keyed by address. */
  resources(type: string): Record<string, any>;
  /** The only block of a resource type. */
  one(type: string): any;
  backup: CkafkaCosBackup;
}

/** Synthesizes one backup in a fresh stack with a provider, and parses the result. */
export function synthBackup(props: CkafkaCosBackupProps, extra?: (stack: TerraformStack) => void): Synthesized {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'test');
  new TencentcloudProvider(stack, 'tencentcloud', { region: 'ap-guangzhou' });
  const backup = new CkafkaCosBackup(stack, 'OrdersBackup', props);
  extra?.(stack);
  return parse(Testing.synth(stack), backup);
}

export function parse(synthesized: string, backup?: CkafkaCosBackup): Synthesized {
  const json = JSON.parse(synthesized);
  const resources = (type: string): Record<string, any> => json.resource?.[type] ?? {};
  return {
    json,
    resources,
    one(type: string) {
      const blocks = Object.values(resources(type));
      if (blocks.length !== 1) throw new Error(`expected one ${type}, found ${blocks.length}`);
      return blocks[0];
    },
    backup: backup!,
  };
}

/** Replaces the content-hashed asset path so snapshots do not change with every handler edit. */
export function withStableAssetPaths(synthesized: string): string {
  return synthesized.replace(
    /assets\/[^"]+\/[0-9A-F]{32,}\/archive\.zip/gi,
    'assets/<handler>/<content-hash>/archive.zip',
  );
}

export function makeScope(): Construct {
  return new TerraformStack(Testing.app(), 'scope');
}
