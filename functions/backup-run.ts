import { BackupConfig } from './config';
import { CosClient } from './cos/cos-client';
import { PartitionsEvent } from './events';
import { chunkPartitions } from './fan-out';
import { KafkaClient } from './kafka';
import { log } from './log';
import { backupPartition, PartitionOutcome } from './partition-backup';
import { planPartitions } from './start-offsets';

export interface RunInput {
  readonly config: BackupConfig;
  readonly kafka: KafkaClient;
  readonly cos: CosClient;
  readonly deadlineMs: number;
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

/** Runs `work` over `items` with at most `limit` at a time; collects failures, never stops early. */
async function inPool<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<PromiseSettledResult<R>[]> {
  const results: PromiseSettledResult<R>[] = new Array(items.length);
  let nextIndex = 0;
  const worker = async () => {
    while (nextIndex < items.length) {
      const index = nextIndex++;
      try {
        results[index] = { status: 'fulfilled', value: await work(items[index]) };
      } catch (reason) {
        results[index] = { status: 'rejected', reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
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
    if (fannedOut.length > 0) {
      if (!input.fanOut) throw new Error(`topic ${config.topic} has ${existing.length} partitions but fan-out is not available`);
      const ids = await input.fanOut(fannedOut.map((partitions) => ({
        Type: 'BackupPartitions', partitions, deadlineMs: input.deadlineMs, parentRequestId: input.requestId,
      })));
      log('info', 'fan-out', { groups: fannedOut, requestIds: ids });
    }
  }

  const { plans, errors } = await planPartitions(kafka, config.topic, config.consumerGroup, mine, config.startPosition);
  const failures = errors.map((e) => e.message);
  // Shuffle, so that under a lasting backlog no partition always starts last.
  const order = [...plans].sort(() => Math.random() - 0.5);
  const settled = await inPool(order, input.partitionConcurrency, (plan) => backupPartition(input, plan));
  const outcomes: PartitionOutcome[] = [];
  settled.forEach((result, i) => {
    if (result.status === 'fulfilled') outcomes.push(result.value);
    else failures.push(`partition ${order[i].partition}: ${(result.reason as Error)?.message ?? result.reason}`);
  });
  for (const error of failures) log('error', 'partition-failed', { error });
  return { partitions: outcomes.sort((a, b) => a.partition - b.partition), fannedOut, failures };
}
