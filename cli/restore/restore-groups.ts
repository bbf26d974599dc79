// `restore --restore-groups`: the consumer groups of the backed-up topic, as its groups snapshot
// recorded them, moved to the restored records: each committed offset becomes the target offset
// of the first restored record at or after it.
import type { GroupOffsetsSnapshot } from '../../contract/backup-format';
import type { GroupDescription, KafkaClient } from '../../clients/kafka';
import type { Checkpoint, CommittedGroupOffset } from './restore-checkpoint';

/** Groups whose state allows offsets from outside: no member is in them. */
const INACTIVE_STATES = new Set(['Empty', 'Dead']);

/** One group's committed offset on one partition, from the snapshot. */
export interface GroupOffset {
  group: string;
  targetGroup: string;
  partition: number;
  oldOffset: number;
}

/** The groups snapshot, read before anything is written, and what it asks for. */
export interface GroupsPlan {
  snapshotKey: string;
  takenAt: string;
  prefix: string;
  /** Offsets on partitions this restore reads. */
  offsets: GroupOffset[];
  /** Offsets on partitions this restore does not read (not selected, or not in the backup): left alone. */
  notRestored: GroupOffset[];
}

/** The translation, ready to commit (or, in a dry run, as expected). */
export interface GroupsResult {
  plan: GroupsPlan;
  /** True for a dry run: the new offsets assume nothing else writes to the target first. */
  expected: boolean;
  offsets: CommittedGroupOffset[];
  /** Offsets left alone: their partition is not restored (or no record of it was written). */
  notRestored: GroupOffset[];
  /** Target groups with members, which refuse offsets from outside. */
  active: GroupDescription[];
  /** Committed by this run. */
  committed: boolean;
  /** Committed by an earlier run of this restore (the checkpoint says so): not committed again. */
  committedBefore?: string;
}

/** Every group of the snapshot, each partition it has an offset on; `sources` are the partitions restored. */
export function planGroups(
  snapshot: GroupOffsetsSnapshot,
  snapshotKey: string,
  prefix: string,
  sources: readonly number[],
): GroupsPlan {
  const plan: GroupsPlan = { snapshotKey, takenAt: snapshot.takenAt, prefix, offsets: [], notRestored: [] };
  for (const group of Object.keys(snapshot.groups).sort()) {
    const partitions = Object.entries(snapshot.groups[group])
      .map(([p, offset]) => ({ partition: Number(p), offset }))
      .sort((a, b) => a.partition - b.partition);
    for (const { partition, offset } of partitions) {
      const entry = { group, targetGroup: `${prefix}${group}`, partition, oldOffset: offset };
      (sources.includes(partition) ? plan.offsets : plan.notRestored).push(entry);
    }
  }
  return plan;
}

/** The committed offsets to translate, per source partition. */
export function thresholdsOf(plan: GroupsPlan): Map<number, Set<number>> {
  const thresholds = new Map<number, Set<number>>();
  for (const { partition, oldOffset } of plan.offsets) {
    (thresholds.get(partition) ?? thresholds.set(partition, new Set()).get(partition)!).add(oldOffset);
  }
  return thresholds;
}

/**
 * The new offsets: the target offset of the first restored record at or after the old one, as
 * the checkpoint recorded it while writing; where none was written, the end of the restored
 * target partition. Partitions of which no record was written are left alone.
 */
export function translate(
  plan: GroupsPlan,
  checkpoint: Checkpoint,
  written: (partition: number) => boolean,
): { offsets: CommittedGroupOffset[]; notRestored: GroupOffset[] } {
  const thresholds = checkpoint.groups?.thresholds ?? {};
  const offsets: CommittedGroupOffset[] = [];
  const notRestored = [...plan.notRestored];
  for (const entry of plan.offsets) {
    if (!written(entry.partition)) {
      notRestored.push(entry);
      continue;
    }
    const first = thresholds[entry.partition]?.[entry.oldOffset] ?? null;
    offsets.push({
      ...entry,
      newOffset: first ?? checkpoint.targetEndOffset(entry.partition),
      atEnd: first === null,
    });
  }
  notRestored.sort((a, b) => (a.group < b.group ? -1 : a.group > b.group ? 1 : a.partition - b.partition));
  return { offsets, notRestored };
}

/** The target groups with members (any state but Empty and Dead): Kafka refuses their offsets from outside. */
export async function activeGroups(kafka: KafkaClient, targetGroups: string[]): Promise<GroupDescription[]> {
  if (targetGroups.length === 0) return [];
  const described = await kafka.describeGroups(targetGroups);
  return described.filter((g) => !INACTIVE_STATES.has(g.state) || g.members > 0);
}

/** Why the groups were not committed: each active group named with its state. */
export function activeRefusal(active: GroupDescription[], targetTopic: string, bootstrap: string): string {
  const named = active.map((g) => `"${g.groupId}" (${g.state}, ${g.members} member${g.members === 1 ? '' : 's'})`);
  return (
    `not committing any group offset: ${active.length === 1 ? 'group' : 'groups'} ${named.join(', ')} ` +
    `${active.length === 1 ? 'has' : 'have'} active members on ${bootstrap}, and Kafka takes offsets only from a ` +
    `group without members. The records are restored into ${targetTopic}; stop those consumers, then run the same ` +
    'command again: it writes nothing more and commits the offsets'
  );
}

/**
 * Commits the offsets, one group at a time, recording each group in the checkpoint as it goes so
 * that a rerun after a failure does not commit a group twice (its consumers may have moved on).
 */
export async function commitGroups(
  kafka: KafkaClient,
  targetTopic: string,
  offsets: CommittedGroupOffset[],
  checkpoint: Checkpoint,
): Promise<void> {
  const byGroup = new Map<string, Map<number, number>>();
  for (const o of offsets) {
    (byGroup.get(o.targetGroup) ?? byGroup.set(o.targetGroup, new Map()).get(o.targetGroup)!).set(
      o.partition,
      o.newOffset,
    );
  }
  for (const [group, partitions] of byGroup) {
    if (checkpoint.groupCommitted(group)) continue;
    try {
      await kafka.commitGroupOffsets(group, targetTopic, partitions);
    } catch (error) {
      throw new Error(
        `committing the offsets of group "${group}" on ${targetTopic} failed: ${(error as Error).message}. ` +
          'The records are restored; run the same command again to commit the groups not committed yet',
        { cause: error },
      );
    }
    checkpoint.markGroupCommitted(group);
    checkpoint.save();
  }
  checkpoint.markGroupsCommitted(offsets);
  checkpoint.save();
}
