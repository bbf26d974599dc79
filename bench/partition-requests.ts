// COS requests of one run as the partition count grows: a first run, a run that writes one object
// per partition, an idle run, and an idle run while one object per partition (not its last) is
// watched for a late write: the cost, for an hour and a quarter, of a run that took over objects
// from runs that did not finish.
//
// Part of `npm run bench` (BENCH_ONLY=partitions for this alone; BENCH_PARTITION_COUNTS=1,100,1000).
import { BUCKET, handlerEnv, startPeers } from '../test/support/backup-fixture';
import { runTimer } from '../test/support/fault-harness';
import { produce } from '../test/support/kcat';
import { createCosClient } from '../clients/cos';
import { countRequests, REQUEST_KINDS, RequestCounts, totalRequests } from './cos-requests';
import { parseObjectKey, suspectKey } from '../contract/backup-format';

const COUNTS = (process.env.BENCH_PARTITION_COUNTS ?? '1,100,1000').split(',').map(Number);
const TOPIC = 'scale';

export interface Measured {
  partitions: number;
  runs: { label: string; counts: RequestCounts }[];
}

async function measure(partitions: number): Promise<Measured> {
  const peers = await startPeers([{ name: TOPIC, partitions }]);
  try {
    const env = handlerEnv(peers, TOPIC, { BACKUP_PARTITIONS_PER_INVOCATION: String(Math.min(partitions, 1000)) });
    const context = { time_limit_in_ms: 600_000, memory_limit_in_mb: 3072 };
    const runs: Measured['runs'] = [];
    const run = async (label: string) => {
      const before = peers.cos.requests.length;
      const invocation = await runTimer(env, { context, timeoutMs: 900_000 });
      if (!invocation.ok)
        throw new Error(`${label} run failed: ${invocation.error}\n${invocation.stderr.slice(-2000)}`);
      runs.push({ label, counts: countRequests(peers.cos.requests.slice(before)) });
    };
    const oneEach = (tag: string) =>
      produce(
        peers.kafka.bootstrap,
        TOPIC,
        Array.from({ length: partitions }, (_, p) => ({ partition: p, value: Buffer.from(`${tag}${p}`) })),
      );
    await oneEach('a');
    await run('first run (1 record per partition)');
    await oneEach('b');
    await run('1 new record per partition');
    await run('idle (no new record)');

    // One watched object per partition: its first, which is not the one its backup ends with.
    const cos = createCosClient({
      region: 'ap-guangzhou',
      credentials: { secretId: 'bench', secretKey: 'bench' },
      endpoint: peers.cos.endpoint,
    });
    const objects = (await peers.cos.listObjects(BUCKET, '')).filter((o) => parseObjectKey(o.key, 'kafka/'));
    const until = Math.ceil((Date.now() + 3_600_000) / 1000);
    for (const o of objects) {
      const parsed = parseObjectKey(o.key, 'kafka/')!;
      const first = objects
        .filter((x) => parseObjectKey(x.key, 'kafka/')!.partition === parsed.partition)
        .sort((x, y) => parseObjectKey(x.key, 'kafka/')!.startOffset - parseObjectKey(y.key, 'kafka/')!.startOffset)[0];
      if (first !== o) continue;
      const watch = `${parsed.day}/${parsed.hour}/${parsed.startOffset}/${o.metadata['next-offset']}/${until}`;
      await cos.putObject({
        bucket: BUCKET,
        key: suspectKey('kafka/', parsed.instanceId, TOPIC, parsed.partition),
        body: Buffer.alloc(0),
        metadata: { watch },
      });
    }
    await run('idle, one object per partition watched (not its last)');
    return { partitions, runs };
  } finally {
    await peers.stop();
  }
}

export const PARTITION_REQUESTS_HEADER = [
  'run',
  'partitions',
  'requests',
  'per partition',
  'PUT object',
  'HEAD',
  'LIST uploads',
  'other kinds',
];

/** One row per run and partition count, run by run. */
export function partitionRequestRows(results: Measured[]): string[][] {
  const shown = ['PUT object', 'HEAD', 'LIST uploads'] as const;
  const rows: string[][] = [];
  for (const { label } of results[0]?.runs ?? []) {
    for (const result of results) {
      const { counts } = result.runs.find((r) => r.label === label)!;
      const total = totalRequests(counts);
      const others = REQUEST_KINDS.filter((k) => !(shown as readonly string[]).includes(k)).reduce(
        (n, k) => n + counts[k],
        0,
      );
      rows.push([
        label,
        String(result.partitions),
        String(total),
        (total / result.partitions).toFixed(2),
        ...shown.map((k) => String(counts[k])),
        String(others),
      ]);
    }
  }
  return rows;
}

/** Every count in `counts`, one after another (each starts its own broker and COS server). */
export async function measurePartitionRequests(counts: number[], log: (line: string) => void): Promise<Measured[]> {
  const results: Measured[] = [];
  for (const partitions of counts) {
    log(`COS requests per run with ${partitions} partitions`);
    results.push(await measure(partitions));
  }
  return results;
}

export const PARTITION_COUNTS = COUNTS;
