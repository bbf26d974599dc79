// The disaster-recovery snapshots as consumer groups grow: how long an idle timer run takes (the
// run reads every group's offsets before it plans) and what it asks of COS, with 0, 100 and 1,000
// groups committed on the topic; and the same when every group moved since the last run (the
// groups snapshot is written again), with that snapshot's size.
//
// Part of `npm run bench` (BENCH_ONLY=groups for this alone; BENCH_GROUP_COUNTS=0,100,1000).
import { BUCKET, handlerEnv, startPeers } from '../test/support/backup-fixture';
import { runTimer } from '../test/support/fault-harness';
import { produce } from '../test/support/kcat';
import { mapConcurrent } from '../clients';
import { KafkaClient } from '../clients/kafka';
import { countRequests, totalRequests } from './cos-requests';
import { median, ms, Row } from './table';

export const GROUP_COUNTS = (process.env.BENCH_GROUP_COUNTS ?? '0,100,1000').split(',').map(Number);
const TOPIC = 'groups';
const PARTITIONS = 4;
const IDLE_RUNS = 3;

export interface GroupsMeasured {
  groups: number;
  idleMs: number[];
  idleRequests: number;
  movedMs: number;
  movedRequests: number;
  snapshotBytes: number;
}

async function measure(groups: number): Promise<GroupsMeasured> {
  const peers = await startPeers([{ name: TOPIC, partitions: PARTITIONS }]);
  const kafka = new KafkaClient({ brokers: peers.kafka.bootstrap.split(','), clientId: 'bench', logLevel: 'error' });
  try {
    await kafka.connect();
    const env = handlerEnv(peers, TOPIC);
    const timed = async (label: string) => {
      const before = peers.cos.requests.length;
      const started = Date.now();
      const run = await runTimer(env, { timeoutMs: 600_000 });
      const elapsed = Date.now() - started;
      if (!run.ok) throw new Error(`${label} run failed: ${run.error}\n${run.stderr.slice(-2000)}`);
      if (run.logs.some((l) => l.event === 'snapshot-incomplete'))
        throw new Error(`${label} run: snapshots incomplete`);
      return { ms: elapsed, requests: totalRequests(countRequests(peers.cos.requests.slice(before))) };
    };
    const commitAll = (offset: number) =>
      mapConcurrent(
        Array.from({ length: groups }, (_, g) => `app-${g}`),
        16,
        (group) =>
          kafka.commitGroupOffsets(group, TOPIC, new Map(Array.from({ length: PARTITIONS }, (_, p) => [p, offset]))),
      );
    await produce(
      peers.kafka.bootstrap,
      TOPIC,
      Array.from({ length: PARTITIONS * 2 }, (_, i) => ({ partition: i % PARTITIONS, value: Buffer.from(`r${i}`) })),
    );
    await commitAll(1);
    await timed('first');
    const idle: { ms: number; requests: number }[] = [];
    for (let i = 0; i < IDLE_RUNS; i += 1) idle.push(await timed('idle'));
    await commitAll(2);
    const moved = await timed('groups moved');
    const snapshots = (await peers.cos.listObjects(BUCKET, '')).filter((o) => o.key.includes('/_state/groups/'));
    return {
      groups,
      idleMs: idle.map((r) => r.ms),
      idleRequests: idle[idle.length - 1].requests,
      movedMs: moved.ms,
      movedRequests: moved.requests,
      snapshotBytes: snapshots.sort((a, b) => (a.key < b.key ? -1 : 1)).at(-1)?.size ?? 0,
    };
  } finally {
    await kafka.close();
    await peers.stop();
  }
}

export const GROUPS_HEADER: Row = [
  'groups on the topic',
  `idle run (median of ${IDLE_RUNS})`,
  'x vs the fewest groups',
  'COS requests idle',
  'run after every group moved',
  'COS requests then',
  'groups snapshot',
];

export function groupsRows(results: GroupsMeasured[]): Row[] {
  const base = median(results[0]?.idleMs ?? [1]);
  return results.map((r) => [
    r.groups.toLocaleString('en-US'),
    ms(median(r.idleMs)),
    `${(median(r.idleMs) / base).toFixed(2)}x`,
    String(r.idleRequests),
    ms(r.movedMs),
    String(r.movedRequests),
    `${r.snapshotBytes.toLocaleString('en-US')} B`,
  ]);
}

/** Every count in `counts`, one after another (each starts its own broker and COS server). */
export async function measureSnapshotGroups(counts: number[], log: (line: string) => void): Promise<GroupsMeasured[]> {
  const results: GroupsMeasured[] = [];
  for (const groups of counts) {
    log(`snapshots with ${groups} consumer groups`);
    results.push(await measure(groups));
  }
  return results;
}
