// Where each partition's backup resumes in a run, and up to which offset it goes: from the bucket's
// own progress record and the consumer group, whichever is further.
import type { ExpiredRange } from '../contract/backup-format';
import { StartPosition } from '../contract/value-types';
import { KafkaClient } from '../clients/kafka';
import { log } from './log';
import { PartitionProgress } from './partition-progress';

/** What one run backs up of one partition: offsets [from, until). */
export interface PartitionBackupPlan {
  readonly partition: number;
  readonly from: number;
  /**
   * The end of committed data when the run started (the last stable offset: an open transaction
   * holds it back): records produced, or committed, later wait for the next run.
   */
  readonly until: number;
  /** The key a run before began at `from` and did not finish (see PartitionState.pendingKey). */
  readonly pendingKey?: string;
  /** The run writes again from a flagged object (see PartitionProgress.suspect): clear the flag once past it. */
  readonly clearsSuspect?: boolean;
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
  readonly plans: PartitionBackupPlan[];
  readonly errors: PartitionStateError[];
  /** Offsets that retention deleted before they were backed up. */
  readonly expired: ExpiredRange[];
}

export interface PlanInput {
  readonly kafka: KafkaClient;
  readonly progress: PartitionProgress;
  readonly topic: string;
  readonly group: string;
  /** This invocation's partitions. */
  readonly partitions: number[];
  /** Every partition of the topic: whether the backup has started is decided on all of them. */
  readonly allPartitions: number[];
  readonly start: StartPosition;
}

/**
 * Decides where each partition resumes. The backup's own record (`_state/` in the bucket) and the
 * group's committed offset both say how far it got; the further one wins, so a group whose offsets
 * expired, or a commit lost after its object completed, resumes where the backup ends. A
 * partition with neither starts at the start position on the backup's first run, and at its
 * earliest offset once the backup has begun (a partition added later, whose records would
 * otherwise be skipped under `latest`). Every position is committed, idle partitions included,
 * so the group never expires while the backup runs and mirrors its progress.
 */
export async function planPartitions(input: PlanInput): Promise<PlanResult> {
  const { kafka, progress, topic, group, partitions, start } = input;
  const [committed, low, stable, high] = await Promise.all([
    kafka.committedOffsets(group, topic, input.allPartitions),
    kafka.lowWatermarks(topic, partitions),
    kafka.lastStableOffsets(topic, partitions),
    kafka.highWatermarks(topic, partitions),
  ]);
  // Every partition's state is read, idle ones included: a shorter write that landed after a
  // longer run moved on must be found even if no record arrives again (two HEADs a partition,
  // all in flight together).
  const [states, suspects] = await Promise.all([
    byPartition(partitions, (p) => progress.read(p)),
    byPartition(partitions, (p) => progress.suspect(p)),
  ]);
  const begun = [...committed.values()].some((o) => o != null) || [...states.values()].some((s) => s !== undefined);
  const byTimestamp =
    typeof start === 'object' && !begun
      ? await kafka.offsetsForTimestamp(topic, partitions, start.timestamp)
      : undefined;

  const plans: PartitionBackupPlan[] = [];
  const errors: PartitionStateError[] = [];
  const expired: ExpiredRange[] = [];
  for (const partition of partitions) {
    const lowest = low.get(partition)!;
    const until = stable.get(partition)!;
    const logEnd = high.get(partition)!;
    const groupOffset = committed.get(partition) ?? undefined;
    const state = states.get(partition);
    const known = [groupOffset, state?.nextOffset].filter((o): o is number => o !== undefined);
    let from: number;
    if (known.length === 0) {
      from = !begun ? initialOffset(start, lowest, until, byTimestamp?.get(partition)) : lowest;
      log('info', 'start-position', {
        partition,
        startPosition: !begun ? (typeof start === 'string' ? start : 'timestamp') : 'earliest (partition added later)',
        offset: from,
      });
    } else {
      from = Math.max(...known);
      if (groupOffset === undefined || groupOffset < from) {
        log('warn', 'progress-restored', {
          partition,
          offset: from,
          groupOffset: groupOffset ?? null,
          reason: 'the group had no offset, or an older one: resuming where the backup ends',
        });
      }
    }
    let repairKey: string | undefined;
    /** What the object being repaired still holds: offsets [start, heldUntil). */
    let repairHolds: { start: number; heldUntil?: number } | undefined;
    const suspect = suspects.get(partition);
    if (suspect) {
      // A run completed this object after another had committed further: it may hold less than
      // the object it replaced. Writing again from its start restores what is missing; the
      // longer-run guard keeps every object that is still whole.
      const { startOffset, heldUntil } = await progress.reach(suspect);
      log('warn', 'overwrite-repaired', {
        partition,
        key: suspect,
        resumeAt: startOffset,
        reason: 'flagged by the run that wrote it',
      });
      from = Math.min(from, startOffset);
      repairKey = suspect;
      repairHolds = { start: startOffset, heldUntil };
    } else if (state?.lastKey) {
      // Two runs on one partition (a COS stall past a deadline, a retried event): a shorter
      // write can land on a key after a longer run read it back and moved on. The object that
      // should end where this run resumes is checked; if it holds less, the run goes back to its
      // start and writes it again (objects are cut by the records, so the same keys come out,
      // and the longer-run guard keeps the ones still whole).
      const { startOffset, heldUntil } = await progress.reach(state.lastKey);
      if (heldUntil === undefined || heldUntil < from) {
        log('warn', 'overwrite-repaired', {
          partition,
          key: state.lastKey,
          heldUntil: heldUntil ?? null,
          expectedUntil: from,
          resumeAt: startOffset,
        });
        from = startOffset;
        repairKey = state.lastKey;
        repairHolds = { start: startOffset, heldUntil };
      }
    }
    if (from > logEnd) {
      // Offsets never go backwards in a live topic: it was deleted and recreated. Writing the new
      // records under the old keys would replace backed-up data, so stop and ask for a decision.
      errors.push(
        new PartitionStateError(
          partition,
          `partition ${partition}: committed offset ${from} of group "${group}" is beyond the end of the log (${logEnd}); ` +
            'the topic was probably deleted and recreated. Nothing was written. To back up the new topic, ' +
            "use a new consumer group or prefix (or delete the group's offsets) once the old backup is safe.",
        ),
      );
      continue;
    }
    if (from < lowest && repairHolds?.heldUntil !== undefined && from === repairHolds.start) {
      // The repair cannot write the object again from its start: retention deleted the start.
      // What the object still holds stays as it is (those records are backed up, not lost), and
      // the run goes on after it, under a key of its own: writing the repaired key from a later
      // offset would replace the records it holds.
      from = Math.max(from, repairHolds.heldUntil);
      log('warn', 'overwrite-repair-kept', {
        partition,
        key: repairKey,
        heldUntil: repairHolds.heldUntil,
        oldestOffset: lowest,
        resumeAt: Math.max(from, lowest),
        reason: 'retention deleted the start of the repaired object: it is kept, and the run goes on after it',
      });
      repairKey = undefined;
    }
    if (from < lowest) {
      // Retention deleted records before they were backed up. Nothing brings them back: mark the
      // range in the bucket (ls and verify show it), back up the rest, and fail the run.
      await progress.recordExpired(partition, from, lowest);
      log('error', 'records-expired-before-backup', {
        partition,
        committedOffset: from,
        oldestOffset: lowest,
        recordsLost: lowest - from,
      });
      expired.push({ partition, from, to: lowest });
      from = lowest;
    }
    if (groupOffset !== from) await kafka.commitOffset(group, topic, partition, from);
    const pendingKey = repairKey ?? (state?.pendingKey && state.nextOffset === from ? state.pendingKey : undefined);
    // Past the last stable offset only when an earlier version, which read uncommitted data,
    // committed into a transaction that is still open: nothing to do until it ends.
    plans.push({
      partition,
      from,
      until: Math.max(from, until),
      ...(pendingKey ? { pendingKey } : {}),
      ...(suspect ? { clearsSuspect: true } : {}),
    });
  }
  await refreshIdle(input, plans, committed);
  return { plans, errors, expired };
}

/** `read` of every partition, all in flight together. */
async function byPartition<T>(partitions: number[], read: (partition: number) => Promise<T>): Promise<Map<number, T>> {
  return new Map(await Promise.all(partitions.map(async (p) => [p, await read(p)] as const)));
}

function initialOffset(start: StartPosition, lowest: number, until: number, atTimestamp: number | undefined): number {
  if (start === 'earliest') return lowest;
  if (start === 'latest') return until;
  return Math.max(lowest, atTimestamp ?? until);
}

/**
 * Commits the unchanged offset of partitions without new records: Kafka keeps a group's offsets
 * `offsets.retention.minutes` after their last commit, so an idle partition would lose its own.
 */
async function refreshIdle(
  input: PlanInput,
  plans: PartitionBackupPlan[],
  committed: Map<number, number | null>,
): Promise<void> {
  const idle = plans.filter((p) => p.from === p.until && committed.get(p.partition) === p.from);
  await Promise.all(idle.map((plan) => input.kafka.commitOffset(input.group, input.topic, plan.partition, plan.from)));
}
