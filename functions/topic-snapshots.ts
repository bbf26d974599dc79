// Disaster-recovery snapshots, taken by each timer run beside the records: every backed-up
// topic's layout and configuration, and the committed offsets of every other consumer group on it,
// written under the topic's `_state/` only when they differ from the newest written
// (contract/backup-format/snapshots.ts). A restore recreates the topic from them and moves the
// groups to the restored records. They never fail a run: what cannot be read is one warning.
import {
  encodeSnapshot,
  GroupOffsetsSnapshot,
  Snapshot,
  SNAPSHOT_MARKER_METADATA,
  snapshotHash,
  snapshotKey,
  snapshotMarkerKey,
  SnapshotKind,
  TopicConfigSnapshot,
} from '../contract/backup-format';
import { mapConcurrent, mapSettled } from '../clients';
import { CosClient } from '../clients/cos';
import { KafkaClient } from '../clients/kafka';
import { BackupConfig } from './config';
import { log } from './log';
import { SelectedTopic } from './topic-selection';

/**
 * An unchanged snapshot is written again after this long, so that the bucket's lifecycle
 * expiration (whole days) never removes the newest one while the records it describes remain.
 */
export const SNAPSHOT_REFRESH_MS = 12 * 60 * 60 * 1000;

/** OffsetFetch requests (one per group) in flight at once, and topics written at once. */
const CONCURRENCY = 8;

export interface SnapshotInput {
  readonly config: BackupConfig;
  readonly kafka: KafkaClient;
  readonly cos: CosClient;
}

export interface SnapshotOutcome {
  /** `<topic> <kind>` of each snapshot written. */
  readonly written: string[];
  /** What could not be read or written, each naming the Kafka request or COS key and the error. */
  readonly problems: string[];
}

/** What a run read from Kafka for its snapshots: per topic, those it could take. */
export interface TakenSnapshots {
  readonly takenAt: string;
  readonly snapshots: Map<string, Snapshot[]>;
  /** What could not be read, each naming the Kafka request and the error. */
  readonly problems: string[];
}

/**
 * Reads the topics' descriptions and every group's committed offsets on them: one Metadata and
 * one DescribeConfigs request, one ListGroups per broker and one OffsetFetch per group. Taken
 * before the run plans its end offsets, so the groups' offsets are within what the run backs up.
 */
export async function takeSnapshots(input: SnapshotInput, topics: SelectedTopic[]): Promise<TakenSnapshots> {
  const takenAt = new Date().toISOString();
  const problems: string[] = [];
  const names = topics.map((t) => t.topic);
  const descriptions = await input.kafka.topicDescriptions(names).catch((error: Error) => {
    problems.push(`topic configuration (DescribeConfigs): ${error.message}`);
    return undefined;
  });
  const groups = await groupOffsets(input, topics, problems);
  const snapshots = new Map<string, Snapshot[]>();
  for (const topic of names) {
    const list: Snapshot[] = [];
    const description = descriptions?.get(topic);
    if (description) list.push({ version: 1, topic, takenAt, ...description } satisfies TopicConfigSnapshot);
    if (groups)
      list.push({ version: 1, topic, takenAt, groups: groups.get(topic) ?? {} } satisfies GroupOffsetsSnapshot);
    snapshots.set(topic, list);
  }
  return { takenAt, snapshots, problems };
}

/**
 * Writes each topic's snapshots that changed (or are due for refresh): one HEAD per topic, plus
 * two PUTs for each topic whose snapshots changed. Logs what it wrote, and one warning listing
 * what could not be read or written.
 */
export async function writeSnapshots(input: SnapshotInput, taken: TakenSnapshots): Promise<SnapshotOutcome> {
  const problems = [...taken.problems];
  const written: string[] = [];
  const topics = [...taken.snapshots];
  const results = await mapSettled(topics, CONCURRENCY, async ([topic, snapshots]) => {
    for (const kind of await writeChanged(input, topic, snapshots)) written.push(`${topic} ${kind}`);
  });
  results.forEach((r, i) => {
    if (r.status === 'rejected')
      problems.push(`${topics[i][0]}: writing snapshots: ${(r.reason as Error)?.message ?? r.reason}`);
  });
  if (written.length > 0) log('info', 'snapshots-written', { snapshots: written.sort(), takenAt: taken.takenAt });
  if (problems.length > 0) warnIncomplete(problems);
  return { written, problems };
}

/** The one warning of a run whose snapshots are incomplete; the records are backed up regardless. */
export function warnIncomplete(problems: string[]): void {
  log('warn', 'snapshot-incomplete', {
    problems,
    reason:
      'the records are backed up; a restore may lack the topic configuration or group offsets (see the permissions page)',
  });
}

/**
 * Topic -> group -> partition -> committed offset, for every group with an offset on a topic.
 * Undefined (no groups snapshot this run) when the groups cannot be listed or one group's offsets
 * cannot be read; `problems` names what failed.
 */
async function groupOffsets(
  input: SnapshotInput,
  topics: SelectedTopic[],
  problems: string[],
): Promise<Map<string, Record<string, Record<string, number>>> | undefined> {
  let ids: string[];
  try {
    ids = await input.kafka.consumerGroupIds();
  } catch (error) {
    problems.push(`consumer groups (ListGroups): ${(error as Error).message}`);
    return undefined;
  }
  // The backup's own group is left out: its progress is the bucket's `_state/`, and its commits
  // would make every run after new records write a snapshot.
  ids = ids.filter((id) => id !== input.config.consumerGroup);
  const partitions = new Map(topics.map((t) => [t.topic, t.partitions]));
  const byTopic = new Map<string, Record<string, Record<string, number>>>();
  let complete = true;
  await mapConcurrent(ids, CONCURRENCY, async (groupId) => {
    let offsets;
    try {
      offsets = await input.kafka.groupOffsets(groupId, partitions);
    } catch (error) {
      problems.push(`offsets of group "${groupId}" (OffsetFetch): ${(error as Error).message}`);
      complete = false;
      return;
    }
    for (const [topic, committed] of offsets) {
      const groups = byTopic.get(topic) ?? {};
      groups[groupId] = Object.fromEntries([...committed].map(([p, o]) => [String(p), o]));
      byTopic.set(topic, groups);
    }
  });
  // A snapshot without a group it could not read would be the newest, and a restore would leave
  // that group behind: the last complete one stays the newest instead.
  return complete ? byTopic : undefined;
}

/**
 * Writes each snapshot whose content differs from the newest of its kind (by the hashes in the
 * topic's marker) or whose newest is older than SNAPSHOT_REFRESH_MS, then the marker. The
 * snapshot goes first: a marker never names one that was not written.
 */
async function writeChanged(input: SnapshotInput, topic: string, snapshots: Snapshot[]): Promise<SnapshotKind[]> {
  const { bucket, prefix, instanceId } = input.config;
  const markerKey = snapshotMarkerKey(prefix, instanceId, topic);
  const marker = (await input.cos.headObject({ bucket, key: markerKey }))?.metadata ?? {};
  const metadata = { ...marker };
  const written: SnapshotKind[] = [];
  for (const snapshot of snapshots) {
    const kind: SnapshotKind = 'groups' in snapshot ? 'groups' : 'topic-config';
    const names = SNAPSHOT_MARKER_METADATA[kind];
    const hash = snapshotHash(snapshot);
    const writtenAt = Date.parse(marker[names.writtenAt] ?? '');
    const fresh = Date.parse(snapshot.takenAt) - writtenAt < SNAPSHOT_REFRESH_MS;
    if (marker[names.hash] === hash && fresh) continue;
    await input.cos.putObject({
      bucket,
      key: snapshotKey(prefix, instanceId, topic, kind, snapshot.takenAt),
      body: Buffer.from(encodeSnapshot(snapshot)),
      contentType: 'application/json',
    });
    metadata[names.hash] = hash;
    metadata[names.writtenAt] = snapshot.takenAt;
    written.push(kind);
  }
  if (written.length > 0) {
    await input.cos.putObject({
      bucket,
      key: markerKey,
      body: Buffer.alloc(0),
      metadata,
      contentType: 'application/octet-stream',
    });
  }
  return written;
}
