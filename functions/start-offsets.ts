// Where each partition's backup resumes in a run, and up to which offset it goes: from the bucket's
// own progress record and the consumer group, whichever is further.
import type { ExpiredRange } from '../contract/backup-format';
import { StartPosition } from '../contract/value-types';
import { KafkaClient } from '../clients/kafka';
import { log } from './log';
import { PartitionChecks, PartitionProgress } from './partition-progress';

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
  /** The run writes again from a flagged object (see PartitionChecks.suspect): clear the flag once past it. */
  readonly clearsSuspect?: boolean;
  /** The partition's checks as the run found them, less the watches that ended (see PartitionChecks). */
  readonly checks: PartitionChecks;
  /**
   * `pendingKey` is the key of a run that did not finish: its last request may still land on the
   * object, so once complete the object is watched (WatchedObject).
   */
  readonly contested?: boolean;
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
  /**
   * Whether the backup has begun on any of its topics: asked when this topic has neither an
   * offset nor a progress record (a topic created, or first matched, since the backup began).
   */
  readonly backupBegun?: () => Promise<boolean>;
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
  const [states, checksFound] = await Promise.all([
    byPartition(partitions, (p) => progress.read(p)),
    byPartition(partitions, (p) => progress.checks(p)),
  ]);
  const begun =
    [...committed.values()].some((o) => o != null) ||
    [...states.values()].some((s) => s !== undefined) ||
    ((await input.backupBegun?.()) ?? false);
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
        topic,
        partition,
        startPosition: !begun ? (typeof start === 'string' ? start : 'timestamp') : 'earliest (partition added later)',
        offset: from,
      });
    } else {
      from = Math.max(...known);
      if (groupOffset === undefined || groupOffset < from) {
        log('warn', 'progress-restored', {
          topic,
          partition,
          offset: from,
          groupOffset: groupOffset ?? null,
          reason: 'the group had no offset, or an older one: resuming where the backup ends',
        });
      }
    }
    const { repair, checks } = await findRepair(progress, partition, checksFound.get(partition)!, state, from);
    let repairKey: string | undefined;
    /** What the object being repaired still holds: offsets [start, heldUntil). */
    let repairHolds: { start: number; heldUntil?: number } | undefined;
    if (repair) {
      // Objects are cut by the records, so writing again from the repaired object's start gives
      // the same keys, and the longer-run guard keeps every object that is still whole.
      log('warn', 'overwrite-repaired', {
        topic,
        partition,
        key: repair.key,
        heldUntil: repair.heldUntil ?? null,
        ...(repair.expectedUntil !== undefined ? { expectedUntil: repair.expectedUntil } : {}),
        resumeAt: repair.start,
        reason: repair.reason,
      });
      from = Math.min(from, repair.start);
      repairKey = repair.key;
      repairHolds = { start: repair.start, heldUntil: repair.heldUntil };
    }
    if (checks.watched.length !== checksFound.get(partition)!.watched.length) {
      await progress.setChecks(partition, checks);
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
        topic,
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
        topic,
        partition,
        committedOffset: from,
        oldestOffset: lowest,
        recordsLost: lowest - from,
      });
      expired.push({ partition, from, to: lowest });
      from = lowest;
    }
    if (groupOffset !== from) await kafka.commitOffset(group, topic, partition, from);
    const takenOver = !repairKey && state?.pendingKey !== undefined && state.nextOffset === from;
    const pendingKey = repairKey ?? (takenOver ? state.pendingKey : undefined);
    // Past the last stable offset only when an earlier version, which read uncommitted data,
    // committed into a transaction that is still open: nothing to do until it ends.
    plans.push({
      partition,
      from,
      until: Math.max(from, until),
      ...(pendingKey ? { pendingKey } : {}),
      ...(checks.suspect ? { clearsSuspect: true } : {}),
      ...(takenOver ? { contested: true } : {}),
      checks,
    });
  }
  await refreshIdle(input, plans, committed);
  return { plans, errors, expired };
}

interface Repair {
  readonly key: string;
  readonly start: number;
  /** Where the records the object holds end; undefined when it is gone or has no offsets. */
  readonly heldUntil?: number;
  /** Where it should end, for a watched object. */
  readonly expectedUntil?: number;
  readonly reason: string;
}

/**
 * The object of the partition that may have lost records to a shorter write, lowest first (the
 * rewrite from its start passes the others): the flagged one; a watched one that holds less
 * than it did; or the one that should end where the run resumes (two runs on one partition: a
 * shorter write can land after a longer run read the key back and moved on). Returns the checks
 * to keep: watches end once their time is over and the object is found whole.
 */
async function findRepair(
  progress: PartitionProgress,
  partition: number,
  found: PartitionChecks,
  state: { lastKey?: string } | undefined,
  from: number,
): Promise<{ repair?: Repair; checks: PartitionChecks }> {
  const nowMs = Date.now();
  const candidates: Repair[] = [];
  const watched = await Promise.all(found.watched.map(async (w) => ({ w, ...(await progress.reach(w.key)) })));
  for (const { w, startOffset, heldUntil } of watched) {
    if (heldUntil === undefined || heldUntil < w.nextOffset) {
      candidates.push({
        key: w.key,
        start: startOffset,
        heldUntil,
        expectedUntil: w.nextOffset,
        reason: 'a watched object holds less than it did: a run that did not finish wrote it late',
      });
    }
  }
  if (found.suspect) {
    const { startOffset, heldUntil } = await progress.reach(found.suspect);
    candidates.push({ key: found.suspect, start: startOffset, heldUntil, reason: 'flagged by the run that wrote it' });
  } else if (state?.lastKey && !found.watched.some((w) => w.key === state.lastKey)) {
    const { startOffset, heldUntil } = await progress.reach(state.lastKey);
    if (heldUntil === undefined || heldUntil < from) {
      candidates.push({
        key: state.lastKey,
        start: startOffset,
        heldUntil,
        expectedUntil: from,
        reason: 'the last object holds less than the backup recorded',
      });
    }
  }
  const repair = candidates.sort((a, b) => a.start - b.start)[0];
  const keep = watched.filter(({ w }) => w.untilMs > nowMs || candidates.some((c) => c.key === w.key));
  return { repair, checks: { ...found, watched: keep.map(({ w }) => w) } };
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
