// Helpers for the fault tests: a timer event with a budget set only by the context, runs
// repeated until the backup has caught up, and one check of the final state of a backup
// (every record exactly once, metadata matching the content, nothing outside the prefix,
// no multipart upload left open).
import { KafkaClient } from '../../clients/kafka';
import { parseObjectKey } from '../../contract/backup-format';
import { BUCKET, Peers, expectExactlyOnce, logsOf, readBackup } from './backup-fixture';
import { CosServer } from './cos-server';
import { produceBulk } from './kcat';
import { Invocation, InvokeOptions, LogLine, invokeHandler } from './scf-runtime';

/** Kafka API keys and error codes used by the tests. */
export const API = {
  Fetch: 1,
  ListOffsets: 2,
  Metadata: 3,
  OffsetCommit: 8,
  OffsetFetch: 9,
  FindCoordinator: 10,
  ListGroups: 16,
  DescribeConfigs: 32,
} as const;
export const ERR = {
  NOT_LEADER_OR_FOLLOWER: 6,
  REQUEST_TIMED_OUT: 7,
  COORDINATOR_NOT_AVAILABLE: 15,
  NOT_COORDINATOR: 16,
  TOPIC_AUTHORIZATION_FAILED: 29,
  GROUP_AUTHORIZATION_FAILED: 30,
  CLUSTER_AUTHORIZATION_FAILED: 31,
} as const;

/**
 * A timer event whose next firing is an hour away, so the run's deadline comes from the
 * context's time limit alone (a real firing time could put the next one seconds away).
 */
export function timerEvent(): Record<string, string> {
  return {
    Type: 'Timer',
    TriggerName: 'backup-timer',
    Message: '',
    Time: new Date(Date.now() + 3_600_000).toISOString(),
  };
}

export function runTimer(env: Record<string, string>, options: Partial<InvokeOptions> = {}): Promise<Invocation> {
  return invokeHandler(timerEvent(), { env, timeoutMs: 90_000, ...options });
}

/** Partitions still behind after a run, as the run logged them. */
export function behindOf(run: Invocation): { partition: number; next: number; until: number }[] {
  return logsOf(run, 'run-finished')[0]?.behind ?? [];
}

/** Crashes the run `crashAfter` returns ms after a log line (see InvokeOptions.crashAfter). */
export function runAndCrash(
  env: Record<string, string>,
  crashAfter: (line: LogLine) => number | undefined,
  context?: Record<string, unknown>,
): Promise<Invocation> {
  return runTimer(env, { crashAfter, context });
}

/** Runs the handler until one run succeeds with no partition behind; fails after `maxRuns`. */
export async function runUntilCaughtUp(
  env: Record<string, string>,
  maxRuns = 6,
  options: Partial<InvokeOptions> = {},
): Promise<Invocation[]> {
  const runs: Invocation[] = [];
  for (let i = 0; i < maxRuns; i += 1) {
    const run = await runTimer(env, options);
    runs.push(run);
    if (run.ok && behindOf(run).length === 0) return runs;
  }
  const last = runs[runs.length - 1];
  throw new Error(
    `backup did not catch up in ${maxRuns} runs; last: ${last.error ?? JSON.stringify(behindOf(last))}\n${last.stderr.slice(-2000)}`,
  );
}

/** The end offset of each partition, read from the broker. */
export async function endOffsets(peers: Peers, topic: string, partitions: number): Promise<Map<number, number>> {
  const client = new KafkaClient({
    brokers: peers.kafka.bootstrap.split(','),
    clientId: 'fault-tests',
    log: () => undefined,
  });
  await client.connect();
  try {
    const ids = Array.from({ length: partitions }, (_, p) => p);
    const high = await client.highWatermarks(topic, ids);
    return new Map(ids.map((p) => [p, high.get(p)!]));
  } finally {
    await client.close();
  }
}

/** The group's committed offsets (null: none). */
export async function committedOffsets(
  peers: Peers,
  group: string,
  topic: string,
  partitions: number,
): Promise<Map<number, number | null>> {
  const client = new KafkaClient({
    brokers: peers.kafka.bootstrap.split(','),
    clientId: 'fault-tests',
    log: () => undefined,
  });
  await client.connect();
  try {
    return await client.committedOffsets(
      group,
      topic,
      Array.from({ length: partitions }, (_, p) => p),
    );
  } finally {
    await client.close();
  }
}

/** Id of the broker that coordinates `group` (it receives the group's offset requests). */
export async function coordinatorOf(peers: Peers, group: string): Promise<number> {
  const client = new KafkaClient({
    brokers: peers.kafka.bootstrap.split(','),
    clientId: 'fault-tests',
    log: () => undefined,
  });
  await client.connect();
  try {
    // The cluster is private to the client; the tests only need this one lookup.
    const broker = await (
      client as unknown as {
        cluster: { findGroupCoordinator(g: { groupId: string }): Promise<{ nodeId: number | string }> };
      }
    ).cluster.findGroupCoordinator({ groupId: group });
    return Number(broker.nodeId);
  } finally {
    await client.close();
  }
}

/**
 * Produces `perPartition` records of `size` random bytes into each partition (random bytes
 * do not compress, so objects reach several parts with little data), and returns the ends.
 */
export async function fillTopic(
  peers: Peers,
  topic: string,
  partitions: number,
  perPartition: number,
  size = 1000,
): Promise<Map<number, number>> {
  await peers.kafka.createTopic(topic, partitions);
  await produceBulk(peers.kafka.bootstrap, topic, {
    partitions,
    count: partitions * perPartition,
    size,
    fill: 'random',
    compression: 'lz4',
  });
  const ends = await endOffsets(peers, topic, partitions);
  for (const [p, end] of ends)
    if (end !== perPartition) throw new Error(`partition ${p} holds ${end} records, expected ${perPartition}`);
  return ends;
}

/**
 * The final state after the faults: every record of [0, end) exactly once under `prefix`,
 * each object's metadata matching its content, no key of the topic outside the prefix and
 * no multipart upload left open.
 */
export async function expectCompleteBackup(
  peers: Peers,
  topic: string,
  prefix: string,
  ends: Map<number, number>,
): Promise<void> {
  const all = await peers.cos.listObjects(BUCKET, '');
  // `_state/` keys are the backup's bookkeeping, not objects (DESIGN: every reader skips them).
  const ofTopic = all.filter((o) => o.key.includes(`/${topic}/`) && !o.key.includes('/_state/'));
  for (const object of ofTopic) {
    expect(object.key.startsWith(prefix)).toBe(true);
    expect(parseObjectKey(object.key, prefix)).not.toBeNull();
  }
  const objects = await readBackup(peers.cos, topic, prefix);
  expect(objects.length).toBe(ofTopic.length);
  expectExactlyOnce(objects, ends);
  for (const { object, records } of objects) {
    // A missing or stale last-offset would let a later retry replace records it does not hold.
    expect({ key: object.key, metadata: object.metadata }).toEqual({
      key: object.key,
      metadata: {
        'first-offset': String(records[0].offset),
        'last-offset': String(records[records.length - 1].offset),
        'record-count': String(records.length),
        // No transactions or compacted gaps in these topics: the next object starts right after.
        'next-offset': String(records[records.length - 1].offset + 1),
        // Exactly the last record's timestamp: `status` takes the newest backed-up time from it.
        'last-timestamp': String(records[records.length - 1].timestamp),
      },
    });
    expect(parseObjectKey(object.key, prefix)!.startOffset).toBe(records[0].offset);
  }
  // Continuity is exact: each object's next-offset is where the partition's next object starts,
  // and the last one's is the end of the log.
  for (const [partition, end] of ends) {
    const chain = objects
      .map(({ object }) => ({
        start: parseObjectKey(object.key, prefix)!,
        next: Number(object.metadata['next-offset']),
      }))
      .filter((o) => o.start.partition === partition)
      .sort((a, b) => a.start.startOffset - b.start.startOffset);
    chain.forEach((o, i) => expect([partition, o.next]).toEqual([partition, chain[i + 1]?.start.startOffset ?? end]));
  }
  expect(peers.cos.openMultipartUploads(BUCKET).filter((u) => u.key.startsWith(prefix))).toEqual([]);
}

/** Per-test environment: its own topic, consumer group and prefix. */
export function faultEnv(
  base: Record<string, string>,
  topic: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    ...base,
    BACKUP_TOPIC: topic,
    BACKUP_CONSUMER_GROUP: `${topic}-backup`,
    BACKUP_PREFIX: `${topic}/`,
    ...extra,
  };
}

/** Resolves once the COS server has received a request that `matches` (it may still be held). */
export async function received(cos: CosServer, matches: (r: CosServer['requests'][number]) => boolean): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!cos.requests.some(matches)) {
    if (Date.now() > deadline) throw new Error('the held request never arrived');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
