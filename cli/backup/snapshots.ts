// The disaster recovery snapshots the handler keeps under a topic's `_state/`: which there are
// (from the listing's keys, no request per snapshot), the newest of a kind at or before a time,
// and one read and decoded.
import type { CosClient } from '../../clients/cos';
import {
  decodeSnapshot,
  parseSnapshotKey,
  type GroupOffsetsSnapshot,
  type SnapshotKind,
  type TopicConfigSnapshot,
} from '../../contract/backup-format';

/** One snapshot object, known from its key: `_state/<kind>/<yyyymmddThhmmss.mmmZ>.json`. */
export interface SnapshotRef {
  readonly key: string;
  readonly kind: SnapshotKind;
  /** When the handler took it (from the key). */
  readonly takenAtMs: number;
}

/** A topic's snapshots of each kind, oldest first. */
export interface TopicSnapshots {
  readonly 'topic-config': readonly SnapshotRef[];
  readonly groups: readonly SnapshotRef[];
}

export const NO_SNAPSHOTS: TopicSnapshots = { 'topic-config': [], groups: [] };

/** A snapshot is one small JSON document; anything larger is not one. */
const MAX_SNAPSHOT_BYTES = 64 * 1024 * 1024;

/** The snapshot a key names, or undefined for any other key. */
export function snapshotRef(key: string): SnapshotRef | undefined {
  const parsed = parseSnapshotKey(key);
  return parsed ? { key, ...parsed } : undefined;
}

/** Groups snapshot keys (of one topic) by kind, each kind oldest first. */
export function topicSnapshots(refs: Iterable<SnapshotRef>): TopicSnapshots {
  const byKind = { 'topic-config': [] as SnapshotRef[], groups: [] as SnapshotRef[] };
  for (const ref of refs) byKind[ref.kind].push(ref);
  for (const list of Object.values(byKind)) list.sort((a, b) => a.takenAtMs - b.takenAtMs || cmp(a.key, b.key));
  return byKind;
}

/** The newest snapshot of the kind taken at or before `atMs` (any time when undefined); undefined when none. */
export function newestSnapshot(snapshots: TopicSnapshots, kind: SnapshotKind, atMs?: number): SnapshotRef | undefined {
  const list = snapshots[kind];
  for (let i = list.length - 1; i >= 0; i -= 1) {
    if (atMs === undefined || list[i].takenAtMs <= atMs) return list[i];
  }
  return undefined;
}

/** Downloads and decodes one snapshot; errors start with its key. */
export async function readSnapshot(
  cos: CosClient,
  bucket: string,
  ref: SnapshotRef & { kind: 'topic-config' },
): Promise<TopicConfigSnapshot>;
export async function readSnapshot(
  cos: CosClient,
  bucket: string,
  ref: SnapshotRef & { kind: 'groups' },
): Promise<GroupOffsetsSnapshot>;
export async function readSnapshot(
  cos: CosClient,
  bucket: string,
  ref: SnapshotRef,
): Promise<TopicConfigSnapshot | GroupOffsetsSnapshot>;
export async function readSnapshot(
  cos: CosClient,
  bucket: string,
  ref: SnapshotRef,
): Promise<TopicConfigSnapshot | GroupOffsetsSnapshot> {
  const text = await download(cos, bucket, ref.key);
  return ref.kind === 'topic-config'
    ? decodeSnapshot(text, 'topic-config', ref.key)
    : decodeSnapshot(text, 'groups', ref.key);
}

async function download(cos: CosClient, bucket: string, key: string): Promise<string> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  try {
    for await (const chunk of cos.getObjectStream({ bucket, key })) {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string);
      bytes += buffer.length;
      if (bytes > MAX_SNAPSHOT_BYTES) throw new Error(`larger than ${MAX_SNAPSHOT_BYTES} bytes: not a snapshot`);
      chunks.push(buffer);
    }
  } catch (error) {
    throw new Error(`${key}: download failed: ${(error as Error).message}`, { cause: error });
  }
  return Buffer.concat(chunks).toString('utf8');
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** What `ls` says of a topic's snapshots; the field names are the --json contract. */
export interface SnapshotsSummary {
  /** The newest groups snapshot, read; null when the backup has none. */
  groups: {
    key: string;
    takenAt: string;
    ageSeconds: number;
    /** Group ids with a committed offset on the topic, sorted. */
    groupIds: string[];
    /** Groups snapshots in the backup (one per change the backup saw, and at least one every 12 hours). */
    snapshots: number;
  } | null;
  /** The newest topic-config snapshot, read; null when the backup has none. */
  topicConfig: {
    key: string;
    takenAt: string;
    ageSeconds: number;
    partitions: number;
    replicationFactor: number;
    configs: Record<string, string>;
    snapshots: number;
  } | null;
}

/** Reads the newest snapshot of each kind (two GETs at most). */
export async function summarizeSnapshots(
  cos: CosClient,
  bucket: string,
  snapshots: TopicSnapshots,
  nowMs: number,
): Promise<SnapshotsSummary> {
  const groupsRef = newestSnapshot(snapshots, 'groups');
  const configRef = newestSnapshot(snapshots, 'topic-config');
  const age = (ref: SnapshotRef) => Math.floor((nowMs - ref.takenAtMs) / 1000);
  const [groups, config] = await Promise.all([
    groupsRef ? (readSnapshot(cos, bucket, groupsRef) as Promise<GroupOffsetsSnapshot>) : undefined,
    configRef ? (readSnapshot(cos, bucket, configRef) as Promise<TopicConfigSnapshot>) : undefined,
  ]);
  return {
    groups:
      groupsRef && groups
        ? {
            key: groupsRef.key,
            takenAt: new Date(groupsRef.takenAtMs).toISOString(),
            ageSeconds: age(groupsRef),
            groupIds: Object.keys(groups.groups).sort(),
            snapshots: snapshots.groups.length,
          }
        : null,
    topicConfig:
      configRef && config
        ? {
            key: configRef.key,
            takenAt: new Date(configRef.takenAtMs).toISOString(),
            ageSeconds: age(configRef),
            partitions: config.partitions,
            replicationFactor: config.replicationFactor,
            configs: config.configs as Record<string, string>,
            snapshots: snapshots['topic-config'].length,
          }
        : null,
  };
}

/** The newest snapshot of each kind from the keys alone (for `status`, which downloads nothing). */
export function snapshotAges(
  snapshots: TopicSnapshots,
  nowMs: number,
): Record<'groups' | 'topicConfig', { key: string; takenAt: string; ageSeconds: number } | null> {
  const of = (ref: SnapshotRef | undefined) =>
    ref
      ? {
          key: ref.key,
          takenAt: new Date(ref.takenAtMs).toISOString(),
          ageSeconds: Math.floor((nowMs - ref.takenAtMs) / 1000),
        }
      : null;
  return {
    groups: of(newestSnapshot(snapshots, 'groups')),
    topicConfig: of(newestSnapshot(snapshots, 'topic-config')),
  };
}
