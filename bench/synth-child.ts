// Runs in a fresh process (spawned by synth.ts): builds one stack with N CkafkaCosBackup
// constructs, the way a user's app does, and synthesizes it into a temporary outdir (the
// Terraform JSON and the handler archives). Prints one JSON line with the timings.
// Usage: node synth-child.js <N> <outdir>

const t0 = process.hrtime.bigint();
const since = (t: bigint) => Number(process.hrtime.bigint() - t) / 1e6;

// Loaded here, not through a hoisted import, so the load time is measured on its own.
const { App, TerraformStack } = require('cdktf') as typeof import('cdktf');
const { CkafkaCosBackup, TencentcloudProvider } = require('../lib') as typeof import('../lib');
import * as fs from 'fs';
import * as path from 'path';

const loadMs = since(t0);
const count = Number(process.argv[2]);
const outdir = process.argv[3];

const t1 = process.hrtime.bigint();
const app = new App({ outdir });
const stack = new TerraformStack(app, 'backups');
new TencentcloudProvider(stack, 'tencentcloud', { region: 'ap-guangzhou' });
for (let i = 0; i < count; i += 1) {
  new CkafkaCosBackup(stack, `Backup${i}`, {
    functionName: `topic-${i}-backup`,
    bucket: { name: 'backup-1250000000', region: 'ap-guangzhou' },
    prefix: 'kafka/',
    granularityMinutes: 5,
    kafka: {
      instanceId: 'ckafka-abc12345',
      topic: `topic-${i}`,
      bootstrapServers: ['10.0.0.12:9092'],
      startPosition: 'earliest',
    },
    vpc: { vpcId: 'vpc-abcd1234', subnetId: 'subnet-abcd1234' },
  });
}
const constructMs = since(t1);

const t2 = process.hrtime.bigint();
app.synth();
const synthMs = since(t2);

const stackFile = path.join(outdir, 'stacks', 'backups', 'cdk.tf.json');
const json = JSON.parse(fs.readFileSync(stackFile, 'utf8')) as { resource: Record<string, Record<string, unknown>> };
const functions = Object.keys(json.resource.tencentcloud_scf_function ?? {}).length;
if (functions !== count) throw new Error(`expected ${count} functions in ${stackFile}, found ${functions}`);
process.stdout.write(
  `${JSON.stringify({ count, loadMs, constructMs, synthMs, totalMs: since(t0), stackJsonBytes: fs.statSync(stackFile).size })}\n`,
);
