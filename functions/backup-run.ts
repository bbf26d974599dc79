// One timer or fan-out run of the handler over a topic's partitions: plans where each partition
// resumes, hands extra partitions to other invocations, and backs up the rest in parallel.
import { parseObjectKey, topicPrefix } from '../contract/backup-format';
import { shuffled } from './shuffle';
import { mapSettled } from '../clients';
import { BackupConfig } from './config';
import { CosClient } from '../clients/cos';
import { PartitionsEvent } from './events';
import { chunkPartitions } from './fan-out';
import { KafkaClient } from '../clients/kafka';
import { log } from './log';
import { backupPartition, OpenSegmentUpload, PartitionOutcome } from './partition-backup';
import { PartitionProgress } from './partition-progress';
import { planPartitions } from './start-offsets';

export interface RunInput {
  readonly config: BackupConfig;
  readonly kafka: KafkaClient;
  readonly cos: CosClient;
  readonly progress: PartitionProgress;
  readonly deadlineMs: number;
  /** Epoch ms by which the requests that upload an object's content end (see time-budget.ts). */
  readonly uploadsEndMs?: number;
  /** Epoch ms until which objects taken over from a run that did not finish are watched. */
  readonly watchUntilMs: number;
  /** The partitions to back up; undefined for a timer run, which takes all of them. */
  readonly partitions?: number[];
  /** Hands partition groups to other invocations (timer runs only). */
  readonly fanOut?: (events: PartitionsEvent[]) => Promise<string[]>;
  /** Partitions backed up at the same time, bounded by memory (parts in flight per partition). */
  readonly partitionConcurrency: number;
  readonly requestId?: string;
}

export interface RunSummary {
  readonly partitions: PartitionOutcome[];
  readonly fannedOut: number[][];
  readonly failures: string[];
}

/**
 * One backup run: find the partitions, hand extra groups to async invocations, and back up
 * this invocation's own partitions up to the end offsets seen now, before the deadline.
 * A failing partition does not stop the others; the run reports every failure at the end.
 */
export async function runBackup(input: RunInput): Promise<RunSummary> {
  const { config, kafka } = input;
  const existing = await kafka.listPartitions(config.topic);
  let mine: number[];
  let fannedOut: number[][] = [];
  if (input.partitions) {
    mine = input.partitions.filter((p) => existing.includes(p));
    const unknown = input.partitions.filter((p) => !existing.includes(p));
    if (unknown.length > 0) log('warn', 'unknown-partitions', { partitions: unknown, topic: config.topic });
  } else {
    const groups = chunkPartitions(existing, config.partitionsPerInvocation);
    mine = groups[0] ?? [];
    fannedOut = groups.slice(1);
  }
  // A fan-out that fails must not stop this invocation's own partitions: they are backed up
  // first-hand, and the failure is reported with the others at the end of the run.
  const fanOutFailure = fannedOut.length > 0 ? await handOff(input, fannedOut, existing.length) : undefined;

  const { plans, errors, expired } = await planPartitions({
    kafka,
    progress: input.progress,
    topic: config.topic,
    group: config.consumerGroup,
    partitions: mine,
    allPartitions: existing,
    start: config.startPosition,
  });
  const failures = [...(fanOutFailure ? [fanOutFailure] : []), ...errors.map((e) => e.message)];
  // Shuffle, so that under a lasting backlog no partition always starts last.
  const order = shuffled(plans);
  const leftovers = await openUploadsByPartition(
    input,
    plans.map((p) => p.partition),
  );
  const settled = await mapSettled(order, input.partitionConcurrency, (plan) =>
    backupPartition(input, plan, leftovers.get(plan.partition)),
  );
  const outcomes: PartitionOutcome[] = [];
  settled.forEach((result, i) => {
    if (result.status === 'fulfilled') outcomes.push(result.value);
    else failures.push(`partition ${order[i].partition}: ${(result.reason as Error)?.message ?? result.reason}`);
  });
  // Records lost to retention fail the run, after everything else is backed up.
  for (const range of expired) {
    failures.push(
      `partition ${range.partition}: offsets ${range.from} to ${range.to - 1} (${range.to - range.from} records) ` +
        'were deleted by retention before they were backed up',
    );
  }
  for (const error of failures) log('error', 'partition-failed', { error });
  return { partitions: outcomes.sort((a, b) => a.partition - b.partition), fannedOut, failures };
}

/** Starts the other invocations; a failure is returned as a message, not thrown. */
async function handOff(input: RunInput, groups: number[][], partitionCount: number): Promise<string | undefined> {
  try {
    if (!input.fanOut) throw new Error(`the topic has ${partitionCount} partitions but fan-out is not available`);
    const ids = await input.fanOut(
      groups.map((partitions) => ({
        Type: 'BackupPartitions',
        partitions,
        deadlineMs: input.deadlineMs,
        parentRequestId: input.requestId,
      })),
    );
    log('info', 'fan-out', { groups, requestIds: ids });
    return undefined;
  } catch (error) {
    log('error', 'fan-out-failed', { groups, error: (error as Error).message });
    return `fan-out of partitions ${groups.flat().join(',')} failed: ${(error as Error).message}`;
  }
}

/**
 * Multipart uploads of this topic's objects that are open before the run writes anything (so
 * none is its own): uploads of a crashed run, to abort once the records are safely elsewhere.
 * A listing failure (e.g. a policy without ListMultipartUploads) only skips the cleanup.
 */
async function openUploadsByPartition(
  input: RunInput,
  partitions: number[],
): Promise<Map<number, OpenSegmentUpload[]>> {
  const { config } = input;
  const byPartition = new Map<number, OpenSegmentUpload[]>();
  if (partitions.length === 0) return byPartition;
  let uploads;
  try {
    uploads = await input.cos.listMultipartUploads({
      bucket: config.bucket,
      prefix: topicPrefix(config.prefix, config.instanceId, config.topic),
    });
  } catch (error) {
    log('warn', 'open-uploads-not-listed', { error: (error as Error).message });
    return byPartition;
  }
  for (const upload of uploads) {
    const parsed = parseObjectKey(upload.key, config.prefix);
    if (
      !parsed ||
      parsed.topic !== config.topic ||
      parsed.instanceId !== config.instanceId ||
      !partitions.includes(parsed.partition)
    )
      continue;
    const list = byPartition.get(parsed.partition) ?? [];
    list.push({
      key: upload.key,
      uploadId: upload.uploadId,
      startOffset: parsed.startOffset,
      initiated: upload.initiated,
    });
    byPartition.set(parsed.partition, list);
  }
  return byPartition;
}
