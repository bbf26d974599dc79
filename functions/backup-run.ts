// One timer or fan-out run of the handler over the backup's topic-partitions: finds the topics,
// plans where each partition resumes, hands extra groups to other invocations, and backs up the
// rest in parallel.
import { instancePrefix, parseObjectKey, topicPrefix } from '../contract/backup-format';
import { shuffled } from './shuffle';
import { mapSettled } from '../clients';
import type { ExpiredRange } from '../contract/backup-format';
import { BackupConfig, forTopic, TopicConfig } from './config';
import { CosClient } from '../clients/cos';
import { PartitionsEvent } from './events';
import { chunkUnits, TopicPartition, unitsByTopic } from './fan-out';
import { KafkaClient } from '../clients/kafka';
import { log } from './log';
import { backupPartition, OpenSegmentUpload, PartitionOutcome } from './partition-backup';
import { PartitionProgress } from './partition-progress';
import { PartitionBackupPlan, planPartitions } from './start-offsets';
import { SelectedTopic, selectTopics } from './topic-selection';
import { takeSnapshots, warnIncomplete, writeSnapshots } from './topic-snapshots';

export interface RunInput {
  readonly config: BackupConfig;
  readonly kafka: KafkaClient;
  readonly cos: CosClient;
  readonly deadlineMs: number;
  /** Epoch ms by which the requests that upload an object's content end (see time-budget.ts). */
  readonly uploadsEndMs?: number;
  /** Epoch ms until which objects taken over from a run that did not finish are watched. */
  readonly watchUntilMs: number;
  /** This invocation's share (a fan-out event); undefined for a timer run, which takes all of it. */
  readonly work?: InvocationWork;
  /** Hands topic-partition groups to other invocations (timer runs only). */
  readonly fanOut?: (events: PartitionsEvent[]) => Promise<string[]>;
  /** Partitions backed up at the same time, bounded by memory (parts in flight per partition). */
  readonly partitionConcurrency: number;
  readonly requestId?: string;
  /**
   * A connected client on connections of its own, for the snapshot reads (timer runs): a broker
   * answers a connection's requests in order, so a slow answer to them must not hold up the
   * backup's. Closed by the run. Undefined: the snapshots use `kafka`.
   */
  readonly snapshotKafka?: () => Promise<KafkaClient>;
}

/** The topic-partitions of a fan-out invocation, and whether the backup had begun. */
export interface InvocationWork {
  readonly topics: Readonly<Record<string, number[]>>;
  /** Decided once by the timer run, so every invocation of a first run applies the start position. */
  readonly begun?: boolean;
}

export interface TopicPartitionOutcome extends PartitionOutcome {
  readonly topic: string;
}

export interface RunSummary {
  readonly partitions: TopicPartitionOutcome[];
  /** The groups handed to other invocations. */
  readonly fannedOut: TopicPartition[][];
  readonly failures: string[];
}

/** One topic's share of this invocation's work. */
interface TopicWork {
  readonly config: TopicConfig;
  readonly progress: PartitionProgress;
  readonly partitions: number[];
  /** Every partition of the topic: whether its backup has started is decided on all of them. */
  readonly allPartitions: number[];
}

/**
 * One backup run: find the topics and their partitions, hand extra groups of topic-partitions to
 * async invocations, and back up this invocation's own up to the end offsets seen now, before the
 * deadline. A failing partition does not stop the others; the run reports every failure at the end.
 */
export async function runBackup(input: RunInput): Promise<RunSummary> {
  const { config, kafka } = input;
  const selected = await selectTopics(config, kafka);
  // The timer run snapshots every topic for disaster recovery: read now, written beside the records.
  const snapshots = input.work ? undefined : await snapshotsUntilDeadline(input, selected);
  const existing = selected.flatMap(({ topic, partitions }) => partitions.map((partition) => ({ topic, partition })));
  let mine: TopicPartition[];
  let fannedOut: TopicPartition[][] = [];
  if (input.work) {
    mine = existing.filter((u) => input.work!.topics[u.topic]?.includes(u.partition));
    const unknown = Object.entries(input.work.topics).flatMap(([topic, partitions]) =>
      partitions.filter((p) => !mine.some((u) => u.topic === topic && u.partition === p)).map((p) => `${topic}/${p}`),
    );
    if (unknown.length > 0) log('warn', 'unknown-partitions', { partitions: unknown });
  } else {
    const groups = chunkUnits(existing, config.partitionsPerInvocation);
    mine = groups[0] ?? [];
    fannedOut = groups.slice(1);
  }
  const begun = memoized(() =>
    input.work?.begun !== undefined ? Promise.resolve(input.work.begun) : backupBegun(input, selected),
  );
  // A fan-out that fails must not stop this invocation's own partitions: they are backed up
  // first-hand, and the failure is reported with the others at the end of the run.
  const fanOutFailure =
    fannedOut.length > 0 ? await handOff(input, fannedOut, existing.length, await begun()) : undefined;

  const work = byTopic(input, selected, mine);
  const failures = fanOutFailure ? [fanOutFailure] : [];
  const planned: { work: TopicWork; plan: PartitionBackupPlan }[] = [];
  const expired: (ExpiredRange & { topic: string })[] = [];
  for (const w of work) {
    const result = await planPartitions({
      kafka,
      progress: w.progress,
      topic: w.config.topic,
      group: config.consumerGroup,
      partitions: w.partitions,
      allPartitions: w.allPartitions,
      start: config.startPosition,
      backupBegun: begun,
    });
    planned.push(...result.plans.map((plan) => ({ work: w, plan })));
    // Each message starts "partition <p>:", as the others below: "<topic> partition <p>: ...".
    failures.push(...result.errors.map((e) => `${w.config.topic} ${e.message}`));
    expired.push(...result.expired.map((range) => ({ ...range, topic: w.config.topic })));
  }
  // Shuffle, so that under a lasting backlog no partition always starts last.
  const order = shuffled(planned);
  // With a pattern the role may list the instance's uploads (one listing); with names, each topic's.
  const leftovers = new Map<string, Map<number, OpenSegmentUpload[]>>();
  const listings =
    config.topicPattern !== undefined
      ? [{ prefix: instancePrefix(config.prefix, config.instanceId), work }]
      : work.map((w) => ({ prefix: topicPrefix(config.prefix, config.instanceId, w.config.topic), work: [w] }));
  for (const listing of listings) {
    for (const [topic, uploads] of await openUploads(input, listing.prefix, listing.work))
      leftovers.set(topic, uploads);
  }
  const settled = await mapSettled(order, input.partitionConcurrency, ({ work: w, plan }) =>
    backupPartition(
      { ...input, config: w.config, progress: w.progress },
      plan,
      leftovers.get(w.config.topic)?.get(plan.partition),
    ),
  );
  const outcomes: TopicPartitionOutcome[] = [];
  settled.forEach((result, i) => {
    const { work: w, plan } = order[i];
    if (result.status === 'fulfilled') outcomes.push({ topic: w.config.topic, ...result.value });
    else
      failures.push(
        `${w.config.topic} partition ${plan.partition}: ${(result.reason as Error)?.message ?? result.reason}`,
      );
  });
  // Records lost to retention fail the run, after everything else is backed up.
  for (const range of expired) {
    failures.push(
      `${range.topic} partition ${range.partition}: offsets ${range.from} to ${range.to - 1} (${range.to - range.from} records) ` +
        'were deleted by retention before they were backed up',
    );
  }
  for (const error of failures) log('error', 'partition-failed', { error });
  outcomes.sort((a, b) => (a.topic === b.topic ? a.partition - b.partition : a.topic < b.topic ? -1 : 1));
  await snapshots?.written;
  return { partitions: outcomes, fannedOut, failures };
}

/**
 * The longest the snapshot reads may hold up a run's planning: a tenth of the time left, at least
 * 5 s. One OffsetFetch per group takes well under that (bench table 3f: 1,000 groups add about
 * 0.3 s); a broker that does not answer must not cost the run its records.
 */
const SNAPSHOT_READ_SHARE = 0.1;
const SNAPSHOT_READ_MIN_MS = 5_000;

/**
 * Reads the snapshots (before the run plans its end offsets) and starts writing them; the
 * returned promise ends when they are written. The reads are given up after their share of the
 * run, the writes at the run's deadline, each with one warning: snapshots never fail a run.
 */
async function snapshotsUntilDeadline(input: RunInput, selected: SelectedTopic[]): Promise<{ written: Promise<void> }> {
  const left = Math.max(0, input.deadlineMs - Date.now());
  const readUntil = Date.now() + Math.min(left, Math.max(SNAPSHOT_READ_MIN_MS, left * SNAPSHOT_READ_SHARE));
  const reading = (async () => {
    const kafka = input.snapshotKafka ? await input.snapshotKafka() : input.kafka;
    try {
      return await takeSnapshots({ ...input, kafka }, selected);
    } finally {
      if (kafka !== input.kafka) await kafka.close().catch(() => undefined);
    }
  })();
  const taken = await until(readUntil, reading, 'reading the snapshots took longer than their share of the run');
  if (!taken) return { written: Promise.resolve() };
  // Wrapped: an async function's returned promise would be awaited with it.
  return {
    written: until(
      input.deadlineMs,
      writeSnapshots(input, taken),
      'the run ended before the snapshots were written',
    ).then(() => undefined),
  };
}

/** The promise's value, or undefined and one warning (`late`, or the error) when it fails or `endMs` comes first. */
async function until<T>(endMs: number, work: Promise<T>, late: string): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), Math.max(0, endMs - Date.now()));
  });
  try {
    const outcome = await Promise.race([work, deadline]);
    if (outcome !== 'late') return outcome;
    warnIncomplete([late]);
  } catch (error) {
    warnIncomplete([(error as Error).message]);
  } finally {
    clearTimeout(timer);
  }
  return undefined;
}

/** This invocation's units grouped by topic, each with its own configuration and progress record. */
function byTopic(input: RunInput, selected: SelectedTopic[], mine: TopicPartition[]): TopicWork[] {
  return selected
    .map(({ topic, partitions }) => {
      const config = forTopic(input.config, topic);
      return {
        config,
        progress: new PartitionProgress(input.cos, config),
        partitions: mine.filter((u) => u.topic === topic).map((u) => u.partition),
        allPartitions: partitions,
      };
    })
    .filter((w) => w.partitions.length > 0);
}

/** Runs `compute` once, on first use. */
function memoized<T>(compute: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => (value ??= compute());
}

/**
 * Whether the backup has begun, on any of its topics: the group has an offset, or the bucket a
 * progress record, for one of their partitions. Asked only about a topic with neither (a topic
 * created or newly matched since the backup began starts at its earliest offset, not at the start
 * position): one OffsetFetch and a HEAD per topic until one is found, the first usually.
 */
async function backupBegun(input: RunInput, selected: SelectedTopic[]): Promise<boolean> {
  for (const { topic, partitions } of selected) {
    const committed = await input.kafka.committedOffsets(input.config.consumerGroup, topic, partitions);
    if ([...committed.values()].some((o) => o != null)) return true;
    const progress = new PartitionProgress(input.cos, forTopic(input.config, topic));
    if ((await progress.read(partitions[0] ?? 0)) !== undefined) return true;
  }
  return false;
}

/** Starts the other invocations; a failure is returned as a message, not thrown. */
async function handOff(
  input: RunInput,
  groups: TopicPartition[][],
  partitionCount: number,
  begun: boolean,
): Promise<string | undefined> {
  try {
    if (!input.fanOut) throw new Error(`the backup has ${partitionCount} partitions but fan-out is not available`);
    const ids = await input.fanOut(
      groups.map((units) => ({
        Type: 'BackupPartitions',
        topics: unitsByTopic(units),
        begun,
        deadlineMs: input.deadlineMs,
        parentRequestId: input.requestId,
      })),
    );
    log('info', 'fan-out', { groups: groups.map(unitsByTopic), requestIds: ids });
    return undefined;
  } catch (error) {
    const groupsText = groups
      .flatMap((units) => Object.entries(unitsByTopic(units)))
      .map(([topic, partitions]) => `${topic} partitions ${partitions.join(',')}`)
      .join('; ');
    log('error', 'fan-out-failed', { groups: groups.map(unitsByTopic), error: (error as Error).message });
    return `fan-out of ${groupsText} failed: ${(error as Error).message}`;
  }
}

/**
 * Multipart uploads under `prefix` that are open before the run writes anything (so none is its
 * own), by topic and partition of `work`: uploads of a crashed run, to abort once the records are
 * safely elsewhere. A listing failure (e.g. a policy without ListMultipartUploads) only skips the
 * cleanup.
 */
async function openUploads(
  input: RunInput,
  prefix: string,
  work: TopicWork[],
): Promise<Map<string, Map<number, OpenSegmentUpload[]>>> {
  const { config } = input;
  const byTopic = new Map<string, Map<number, OpenSegmentUpload[]>>();
  if (work.length === 0) return byTopic;
  let uploads;
  try {
    uploads = await input.cos.listMultipartUploads({ bucket: config.bucket, prefix });
  } catch (error) {
    log('warn', 'open-uploads-not-listed', { prefix, error: (error as Error).message });
    return byTopic;
  }
  for (const upload of uploads) {
    const parsed = parseObjectKey(upload.key, config.prefix);
    const w = parsed && work.find((t) => t.config.topic === parsed.topic);
    if (!parsed || !w || parsed.instanceId !== config.instanceId || !w.partitions.includes(parsed.partition)) continue;
    const byPartition = byTopic.get(parsed.topic) ?? new Map<number, OpenSegmentUpload[]>();
    const list = byPartition.get(parsed.partition) ?? [];
    list.push({
      key: upload.key,
      uploadId: upload.uploadId,
      startOffset: parsed.startOffset,
      initiated: upload.initiated,
    });
    byPartition.set(parsed.partition, list);
    byTopic.set(parsed.topic, byPartition);
  }
  return byTopic;
}
