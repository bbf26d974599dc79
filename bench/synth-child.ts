// Runs in a fresh process (spawned by synth.ts): builds one stack with N CkafkaCosBackup
// constructs, the way a user's app does, and synthesizes it into a temporary outdir (the
// Terraform JSON and the handler archives). Prints one JSON line with the timings and the plan's
// size. Each backup has one topic (kafka.topic), M named topics (kafka.topics, 20-character
// names) or a pattern; props the construct refuses are reported as such, with the time to refuse.
// Usage: node synth-child.js <N> <outdir> [<M> | pattern]

const t0 = process.hrtime.bigint();
const since = (t: bigint) => Number(process.hrtime.bigint() - t) / 1e6;

// Loaded here, not through a hoisted import, so the load time is measured on its own.
const { App, TerraformStack } = require('cdktf') as typeof import('cdktf');
const { CkafkaCosBackup, CkafkaCosBackupPropsError, TencentcloudProvider } =
  require('../lib') as typeof import('../lib');
import * as fs from 'fs';
import * as path from 'path';

const loadMs = since(t0);
const count = Number(process.argv[2]);
const outdir = process.argv[3];
const shape = process.argv[4] ?? '1';
const topicsPerBackup = shape === 'pattern' ? 'pattern' : Number(shape);

/** The topics of backup `i`: its one topic, `topicsPerBackup` names of 20 characters, or a pattern. */
function topicsOf(i: number): { topic?: string; topics?: string[]; topicPattern?: string } {
  if (topicsPerBackup === 'pattern') return { topicPattern: 'bench-topic-[0-9]{8}' };
  if (topicsPerBackup === 1) return { topic: `topic-${i}` };
  return { topics: Array.from({ length: topicsPerBackup }, (_, j) => `bench-topic-${String(j).padStart(8, '0')}`) };
}

const t1 = process.hrtime.bigint();
const app = new App({ outdir });
const stack = new TerraformStack(app, 'backups');
new TencentcloudProvider(stack, 'tencentcloud', { region: 'ap-guangzhou' });
let refused: string[] | undefined;
try {
  for (let i = 0; i < count; i += 1) {
    new CkafkaCosBackup(stack, `Backup${i}`, {
      functionName: `topic-${i}-backup`,
      bucket: { name: 'backup-1250000000', region: 'ap-guangzhou' },
      prefix: 'kafka/',
      granularityMinutes: 5,
      kafka: {
        instanceId: 'ckafka-abc12345',
        ...topicsOf(i),
        bootstrapServers: ['10.0.0.12:9092'],
        startPosition: 'earliest',
      },
      vpc: { vpcId: 'vpc-abcd1234', subnetId: 'subnet-abcd1234' },
    });
  }
} catch (error) {
  if (!(error instanceof CkafkaCosBackupPropsError)) throw error;
  refused = error.problems;
}
const constructMs = since(t1);
const timings = { count, topics: topicsPerBackup, loadMs, constructMs };

if (refused) {
  process.stdout.write(`${JSON.stringify({ ...timings, synthMs: 0, totalMs: since(t0), refused })}\n`);
} else {
  const t2 = process.hrtime.bigint();
  app.synth();
  const synthMs = since(t2);

  const stackFile = path.join(outdir, 'stacks', 'backups', 'cdk.tf.json');
  const json = JSON.parse(fs.readFileSync(stackFile, 'utf8')) as Record<
    'resource' | 'data',
    Record<string, Record<string, unknown>> | undefined
  >;
  const blocks = (kind: 'resource' | 'data') =>
    Object.values(json[kind] ?? {}).reduce((sum, byName) => sum + Object.keys(byName).length, 0);
  const functions = Object.keys(json.resource?.tencentcloud_scf_function ?? {}).length;
  if (functions !== count) throw new Error(`expected ${count} functions in ${stackFile}, found ${functions}`);
  process.stdout.write(
    `${JSON.stringify({
      ...timings,
      synthMs,
      totalMs: since(t0),
      stackJsonBytes: fs.statSync(stackFile).size,
      resources: blocks('resource'),
      dataSources: blocks('data'),
    })}\n`,
  );
}
