// One backup over many topics: 50 topics x 4 partitions (200 topic-partitions) selected by a
// pattern, backed up by a timer run that fans out to further invocations (run here one after the
// other, as SCF would run them side by side), then an idle run. Measures how many invocations a
// run fans out to, the wall time and peak RSS of each invocation, the COS requests of an idle run
// per topic-partition, and checks that every record is in the bucket exactly once.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BUCKET, INSTANCE, readBackup, recordsByPosition } from '../test/support/backup-fixture';
import { startCloudApiServer } from '../test/support/cloud-api-server';
import { startCosServer } from '../test/support/cos-server';
import { startKafkaMock } from '../test/support/kafka-mock';
import { produceBulk } from '../test/support/kcat';
import { REPO_ROOT } from '../test/support/repo-root';
import { invokeHandler } from '../test/support/scf-runtime';
import { countRequests, totalRequests } from './cos-requests';
import { MEMORY_MIB, TIME_LIMIT_MS } from './handler-run';

const PROBE = path.join(REPO_ROOT, 'bench', 'process-probe.js');

export interface ManyTopicsOptions {
  topics: number;
  partitions: number;
  recordsPerPartition: number;
  recordBytes: number;
}

export interface InvocationSample {
  wallMs: number;
  peakRssKiB: number;
  records: number;
}

export interface ManyTopicsRun {
  label: string;
  invocations: InvocationSample[];
  cosRequests: number;
}

export interface ManyTopicsResult {
  options: ManyTopicsOptions;
  partitionsPerInvocation: number;
  runs: ManyTopicsRun[];
  /** Records found in the bucket, each checked to be there once. */
  recordsInBucket: number;
}

/** Runs the benchmark on a fresh broker, COS server and SCF API peer. */
export async function runManyTopics(
  options: ManyTopicsOptions,
  log: (line: string) => void,
): Promise<ManyTopicsResult> {
  const names = Array.from({ length: options.topics }, (_, i) => `events.t${String(i).padStart(3, '0')}`);
  const kafka = await startKafkaMock({
    brokers: 3,
    topics: [...names.map((name) => ({ name, partitions: options.partitions })), { name: 'other', partitions: 1 }],
  });
  const cos = await startCosServer({ buckets: [BUCKET] });
  const scf = await startCloudApiServer(() => ({ RequestId: `bench-${Math.random().toString(16).slice(2)}` }));
  try {
    log(
      `many topics: producing ${options.recordsPerPartition} records into each of ${names.length * options.partitions} topic-partitions`,
    );
    for (const topic of names) {
      await produceBulk(kafka.bootstrap, topic, {
        partitions: options.partitions,
        count: options.partitions * options.recordsPerPartition,
        size: options.recordBytes,
        fill: 'text',
      });
    }
    const env: Record<string, string> = {
      BACKUP_BUCKET: BUCKET,
      BACKUP_BUCKET_REGION: 'ap-guangzhou',
      BACKUP_PREFIX: 'many/',
      BACKUP_INSTANCE_ID: INSTANCE,
      BACKUP_TOPIC_PATTERN: 'events\\..*',
      BACKUP_BOOTSTRAP_SERVERS: kafka.bootstrap,
      BACKUP_CONSUMER_GROUP: 'many-backup',
      BACKUP_FUNCTION_REGION: 'ap-guangzhou',
      BACKUP_COS_ENDPOINT: cos.endpoint,
      BACKUP_SCF_ENDPOINT: scf.endpoint,
    };
    const partitionsPerInvocation = 16; // the construct's default
    const runs: ManyTopicsRun[] = [];
    for (const label of ['first run', 'idle run']) {
      log(`many topics: ${label}`);
      const requestsBefore = cos.requests.length;
      const callsBefore = scf.calls.length;
      const timer = await invoke(env, {
        Type: 'Timer',
        TriggerName: 'backup-timer',
        Time: new Date(Date.now() + 20 * 60_000).toISOString(),
        Message: '',
      });
      const children = scf.calls
        .slice(callsBefore)
        .filter((c) => c.action === 'Invoke')
        .map((c) => JSON.parse(c.body.ClientContext as string));
      const invocations = [timer];
      for (const event of children) invocations.push(await invoke(env, { ...event, deadlineMs: Date.now() + 600_000 }));
      runs.push({ label, invocations, cosRequests: totalRequests(countRequests(cos.requests.slice(requestsBefore))) });
    }
    let recordsInBucket = 0;
    for (const topic of names) {
      // recordsByPosition throws on a record stored twice.
      const seen = recordsByPosition(await readBackup(cos, topic, 'many/'));
      if (seen.size !== options.partitions * options.recordsPerPartition) {
        throw new Error(
          `${topic}: ${seen.size} records in the bucket, ${options.partitions * options.recordsPerPartition} produced`,
        );
      }
      recordsInBucket += seen.size;
    }
    if ((await cos.listObjects(BUCKET, `many/${INSTANCE}/other/`)).length > 0)
      throw new Error('an unmatched topic was backed up');
    return { options, partitionsPerInvocation, runs, recordsInBucket };
  } finally {
    await scf.stop();
    await cos.stop();
    await kafka.stop();
  }
}

/** One invocation of the handler bundle with the RSS probe loaded. */
async function invoke(env: Record<string, string>, event: unknown): Promise<InvocationSample> {
  const probeFile = path.join(os.tmpdir(), `bench-many-${process.pid}-${Math.random().toString(16).slice(2)}.json`);
  try {
    const t0 = process.hrtime.bigint();
    const run = await invokeHandler(event, {
      env: { ...env, NODE_OPTIONS: `--require=${PROBE}`, BENCH_PROBE_FILE: probeFile },
      context: { function_name: 'bench-backup', memory_limit_in_mb: MEMORY_MIB, time_limit_in_ms: TIME_LIMIT_MS },
      timeoutMs: TIME_LIMIT_MS + 60_000,
    });
    const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
    if (!run.ok) throw new Error(`invocation failed: ${run.error}\n${run.stderr.slice(-3000)}`);
    const probe = JSON.parse(fs.readFileSync(probeFile, 'utf8')) as { maxRssKiB: number; vmHwmKiB: number | null };
    return { wallMs, peakRssKiB: Math.max(probe.maxRssKiB, probe.vmHwmKiB ?? 0), records: run.result.records };
  } finally {
    fs.rmSync(probeFile, { force: true });
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

export const MANY_TOPICS_HEADER = [
  'run',
  'invocations',
  'records',
  'timer invocation',
  'fanned-out invocation (median / max)',
  'all invocations one after another',
  'peak RSS (max of invocations)',
  'COS requests',
  'per topic-partition',
];

export function manyTopicsRows(result: ManyTopicsResult): string[][] {
  const units = result.options.topics * result.options.partitions;
  const ms = (value: number) => `${Math.round(value).toLocaleString('en-US')} ms`;
  return result.runs.map(({ label, invocations, cosRequests }) => {
    const children = invocations.slice(1).map((i) => i.wallMs);
    return [
      label,
      String(invocations.length),
      invocations.reduce((sum, i) => sum + i.records, 0).toLocaleString('en-US'),
      ms(invocations[0].wallMs),
      children.length > 0 ? `${ms(median(children))} / ${ms(Math.max(...children))}` : '-',
      ms(invocations.reduce((sum, i) => sum + i.wallMs, 0)),
      `${Math.round(Math.max(...invocations.map((i) => i.peakRssKiB)) / 1024)} MiB`,
      cosRequests.toLocaleString('en-US'),
      (cosRequests / units).toFixed(2),
    ];
  });
}
