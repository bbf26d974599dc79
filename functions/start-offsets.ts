import { StartPosition } from '../contract/value-types';
import { KafkaClient } from './kafka';
import { log } from './log';

/** What one run backs up of one partition: offsets [from, until). */
export interface PartitionPlan {
  readonly partition: number;
  readonly from: number;
  /**
   * The end of committed data when the run started (the last stable offset: an open transaction
   * holds it back): records produced, or committed, later wait for the next run.
   */
  readonly until: number;
}

/** A partition the run cannot back up safely; the other partitions go on. */
export class PartitionStateError extends Error {
  constructor(
    readonly partition: number,
    message: string,
  ) {
    super(message);
    this.name = 'PartitionStateError';
  }
}

export interface PlanResult {
  readonly plans: PartitionPlan[];
  readonly errors: PartitionStateError[];
}

/**
 * Decides where each partition resumes: at the group's committed offset, or at the start
 * position for a group that has none (which is then committed at once, so that `latest` and
 * timestamps are pinned to the first run and nothing produced afterwards is skipped).
 */
export async function planPartitions(
  kafka: KafkaClient,
  topic: string,
  group: string,
  partitions: number[],
  start: StartPosition,
): Promise<PlanResult> {
  const [committed, low, stable, high] = await Promise.all([
    kafka.committedOffsets(group, topic, partitions),
    kafka.lowWatermarks(topic, partitions),
    kafka.lastStableOffsets(topic, partitions),
    kafka.highWatermarks(topic, partitions),
  ]);
  const byTimestamp =
    typeof start === 'object' && partitions.some((p) => committed.get(p) == null)
      ? await kafka.offsetsForTimestamp(topic, partitions, start.timestamp)
      : undefined;

  const plans: PartitionPlan[] = [];
  const errors: PartitionStateError[] = [];
  for (const partition of partitions) {
    const lowest = low.get(partition)!;
    const until = stable.get(partition)!;
    const logEnd = high.get(partition)!;
    const done = committed.get(partition);
    if (done == null) {
      const initial =
        start === 'earliest'
          ? lowest
          : start === 'latest'
            ? until
            : Math.max(lowest, byTimestamp!.get(partition) ?? until);
      await kafka.commitOffset(group, topic, partition, initial);
      log('info', 'start-position', {
        partition,
        startPosition: typeof start === 'string' ? start : 'timestamp',
        offset: initial,
      });
      plans.push({ partition, from: initial, until });
    } else if (done > logEnd) {
      // Offsets never go backwards in a live topic: it was deleted and recreated. Writing the new
      // records under the old keys would replace backed-up data, so stop and ask for a decision.
      errors.push(
        new PartitionStateError(
          partition,
          `partition ${partition}: committed offset ${done} of group "${group}" is beyond the end of the log (${logEnd}); ` +
            'the topic was probably deleted and recreated. Nothing was written. To back up the new topic, ' +
            "use a new consumer group or prefix (or delete the group's offsets) once the old backup is safe.",
        ),
      );
    } else if (done < lowest) {
      // Retention deleted records before they were backed up: report the loss, go on from the oldest record.
      log('error', 'records-expired-before-backup', {
        partition,
        committedOffset: done,
        oldestOffset: lowest,
        recordsLost: lowest - done,
      });
      plans.push({ partition, from: lowest, until });
    } else {
      // Past the last stable offset only when an earlier version, which read uncommitted data,
      // committed into a transaction that is still open: nothing to do until it ends.
      plans.push({ partition, from: done, until: Math.max(done, until) });
    }
  }
  return { plans, errors };
}
