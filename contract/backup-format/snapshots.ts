// Snapshots for disaster recovery, kept under a topic's `_state/`: the topic's layout and
// configuration, and the committed offsets of its consumer groups. The handler records a new one
// when what it sees differs from the last recorded; restore reads them to recreate the topic and
// to move the groups to the restored records.
import { createHash } from 'node:crypto';
import { stateFolder } from './state-keys';

/** The two kinds of snapshot, each with its own history folder `_state/<kind>/`. */
export type SnapshotKind = 'topic-config' | 'groups';
export const SNAPSHOT_KINDS: readonly SnapshotKind[] = ['topic-config', 'groups'];

/** The topic as it was: enough to create it again. */
export interface TopicConfigSnapshot {
  readonly version: 1;
  readonly topic: string;
  /** When the handler read it (ISO 8601, UTC). */
  readonly takenAt: string;
  readonly partitions: number;
  readonly replicationFactor: number;
  /** The entries set on the topic (not broker defaults), e.g. `cleanup.policy`, `retention.ms`. */
  readonly configs: Readonly<Record<string, string>>;
}

/** Every consumer group with a committed offset on the topic, as it was. */
export interface GroupOffsetsSnapshot {
  readonly version: 1;
  readonly topic: string;
  readonly takenAt: string;
  /** Group id -> partition -> committed offset (the next offset the group reads). */
  readonly groups: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

export type Snapshot = TopicConfigSnapshot | GroupOffsetsSnapshot;

/**
 * `_state/snapshot`: an empty object whose metadata holds the content hash of the newest snapshot
 * of each kind (`topic-config-hash`, `groups-hash`) and when each was written, so a run learns with
 * one HEAD whether anything changed.
 */
export function snapshotMarkerKey(prefix: string, instanceId: string, topic: string): string {
  return `${stateFolder(prefix, instanceId, topic)}snapshot`;
}

/** The folder of one kind's history: `_state/topic-config/` or `_state/groups/`. */
export function snapshotFolder(prefix: string, instanceId: string, topic: string, kind: SnapshotKind): string {
  return `${stateFolder(prefix, instanceId, topic)}${kind}/`;
}

/** `_state/<kind>/<yyyymmddThhmmss.mmmZ>.json`: keys sort by the time they were taken. */
export function snapshotKey(
  prefix: string,
  instanceId: string,
  topic: string,
  kind: SnapshotKind,
  takenAt: string,
): string {
  return `${snapshotFolder(prefix, instanceId, topic, kind)}${compactTime(takenAt)}.json`;
}

const SNAPSHOT_KEY_PATTERN = /_state\/(topic-config|groups)\/(\d{8}T\d{6}\.\d{3}Z)\.json$/;

/** The kind and time a snapshot key names; undefined for any other key. */
export function parseSnapshotKey(key: string): { kind: SnapshotKind; takenAtMs: number } | undefined {
  const m = SNAPSHOT_KEY_PATTERN.exec(key);
  if (!m) return undefined;
  const t = m[2];
  const iso = `${t.slice(0, 4)}-${t.slice(4, 6)}-${t.slice(6, 8)}T${t.slice(9, 11)}:${t.slice(11, 13)}:${t.slice(13)}`;
  const takenAtMs = Date.parse(iso);
  return Number.isNaN(takenAtMs) ? undefined : { kind: m[1] as SnapshotKind, takenAtMs };
}

function compactTime(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`snapshot time must be an ISO 8601 time, got "${iso}"`);
  return new Date(ms).toISOString().replace(/[-:]/g, '');
}

/** Marker metadata names, per kind. */
export const SNAPSHOT_MARKER_METADATA: Readonly<Record<SnapshotKind, { hash: string; writtenAt: string }>> = {
  'topic-config': { hash: 'topic-config-hash', writtenAt: 'topic-config-at' },
  groups: { hash: 'groups-hash', writtenAt: 'groups-at' },
};

/**
 * The hash of what a snapshot says, leaving out when it was taken: two snapshots with the same
 * hash say the same, so the newer need not be written.
 */
export function snapshotHash(snapshot: Snapshot): string {
  const { takenAt: _takenAt, ...content } = snapshot;
  return createHash('sha256').update(canonicalJson(content)).digest('hex').slice(0, 32);
}

/** The snapshot's JSON text, keys sorted at every level (the same content gives the same text). */
export function encodeSnapshot(snapshot: Snapshot): string {
  return `${canonicalJson(snapshot)}\n`;
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Reads a snapshot object's text; throws an error naming `where` and the rule when it is not one. */
export function decodeSnapshot(text: string, kind: 'topic-config', where: string): TopicConfigSnapshot;
export function decodeSnapshot(text: string, kind: 'groups', where: string): GroupOffsetsSnapshot;
export function decodeSnapshot(text: string, kind: SnapshotKind, where: string): Snapshot {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`${where}: not a snapshot (invalid JSON: ${(error as Error).message})`, { cause: error });
  }
  const bad = (rule: string): never => {
    throw new Error(`${where}: not a ${kind} snapshot: ${rule}`);
  };
  if (!isRecord(value)) return bad('expected a JSON object');
  if (value.version !== 1) return bad(`version must be 1, got ${JSON.stringify(value.version)}`);
  if (typeof value.topic !== 'string' || value.topic === '') bad('topic must be a non-empty string');
  if (typeof value.takenAt !== 'string' || Number.isNaN(Date.parse(value.takenAt)))
    bad('takenAt must be an ISO 8601 time');
  if (kind === 'topic-config') {
    for (const field of ['partitions', 'replicationFactor'] as const) {
      const n = value[field];
      if (!Number.isSafeInteger(n) || (n as number) < 1) bad(`${field} must be a positive integer`);
    }
    if (!isRecord(value.configs) || Object.values(value.configs).some((v) => typeof v !== 'string'))
      bad('configs must map names to strings');
    return value as unknown as TopicConfigSnapshot;
  }
  if (!isRecord(value.groups)) return bad('groups must be an object');
  for (const [group, offsets] of Object.entries(value.groups)) {
    if (!isRecord(offsets)) bad(`groups["${group}"] must map partitions to offsets`);
    for (const [partition, offset] of Object.entries(offsets as Record<string, unknown>)) {
      if (!/^\d+$/.test(partition) || !Number.isSafeInteger(offset) || (offset as number) < 0)
        bad(`groups["${group}"]["${partition}"] must be a partition number mapped to an offset >= 0`);
    }
  }
  return value as unknown as GroupOffsetsSnapshot;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
