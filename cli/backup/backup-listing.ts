// Lists a backup from its keys alone (LIST requests, nothing per object): the objects of each topic
// and partition in offset order, and the ranges the handler marked as deleted by retention.
import {
  expiredRangeKey,
  instancePrefix,
  parseExpiredRangeKey,
  parseObjectKey,
  STATE_FOLDER,
  topicPrefix,
} from '../../contract/backup-format';
import { mapConcurrent } from '../../clients';
import type { CosClient } from '../../clients/cos';
import { SETTINGS } from '../../contract/settings';
import { isTopicName, keyPrefix } from '../../contract/value-types';
import { UsageError } from '../command-line/usage-error';
import { snapshotRef, topicSnapshots, type SnapshotRef, type TopicSnapshots } from './snapshots';

/** One backup object, known from its key and the listing only (no request per object). */
export interface BackupObject {
  readonly key: string;
  readonly size: number;
  readonly instanceId: string;
  readonly topic: string;
  readonly partition: number;
  /** Offset in the key: where the run that wrote the object started. */
  readonly startOffset: number;
  /** Start of the UTC hour of the object's first record (the key's dt/hour). */
  readonly hourStartMs: number;
}

export interface BackupLocation {
  bucket: string;
  prefix: string;
  instanceId?: string;
  topic?: string;
}

/**
 * Offsets [from, to) of a partition that retention deleted before the backup read them, as the
 * handler records them: an empty object `<prefix><instance>/<topic>/_state/expired/partition=<p>/<from>-<to>`.
 */
export interface ExpiredMarker {
  readonly key: string;
  readonly instanceId: string;
  readonly topic: string;
  readonly partition: number;
  readonly from: number;
  /** Exclusive: the first offset after the loss. */
  readonly to: number;
}

/** The objects of one instance: topic -> partition -> objects in start offset order (topics and partitions sorted). */
export interface BackupListing {
  readonly instanceId: string;
  readonly topics: Map<string, Map<number, BackupObject[]>>;
  /** Expired-before-backup ranges: topic -> partition -> markers in offset order. */
  readonly expired: Map<string, Map<number, ExpiredMarker[]>>;
  /**
   * Listed without a topic: the instance's topic folders that hold neither a backup object nor
   * an expired range (the backup's _state/ bookkeeping only, or keys of something else), sorted.
   */
  readonly emptyTopics: string[];
  /**
   * The disaster recovery snapshots under each listed topic's `_state/` (topic configuration and
   * consumer group offsets), from the same LIST: topic -> snapshots by kind. Topics without any are left out.
   */
  readonly snapshots: Map<string, TopicSnapshots>;
}

/** The listing's topics, sorted: those with objects and those with only expired ranges. */
export function listedTopics(listing: BackupListing): string[] {
  return distinct([...listing.topics.keys(), ...listing.expired.keys()]);
}

/** A topic's partitions in the listing, in number order: with objects or with expired ranges. */
export function listedPartitions(listing: BackupListing, topic: string): number[] {
  const numbers = [...(listing.topics.get(topic)?.keys() ?? []), ...(listing.expired.get(topic)?.keys() ?? [])];
  return [...new Set(numbers)].sort((a, b) => a - b);
}

/** The rule the construct applies to `prefix` (contract/value-types.ts). */
export function checkPrefix(prefix: string): void {
  const [problem] = keyPrefix.check(prefix);
  if (problem) throw new UsageError(`--prefix "${prefix}" ${problem.rule}, such as kafka/`);
}

export function locationText(location: BackupLocation, instanceId = location.instanceId): string {
  return `cos://${location.bucket}/${instanceId ? instancePrefix(location.prefix, instanceId) : location.prefix}`;
}

/** Topics whose keys are listed at once when a command reads every topic of an instance. */
const LIST_CONCURRENCY = 8;

/**
 * Lists the backup under the location. The instance may be left out when the prefix holds
 * only one; an unknown instance or topic is a UsageError that lists what is there.
 *
 * Without a topic, every topic of the instance: its topic folders (one LIST with delimiter `/`
 * per 1000 folders under `<prefix><instance>/`; keys there and folders whose names are no topic
 * names are left out), then each folder's keys, several folders at once. Folders that hold
 * neither a backup object nor an expired range are `emptyTopics`.
 */
export async function listBackup(cos: CosClient, location: BackupLocation): Promise<BackupListing> {
  checkPrefix(location.prefix);
  const { bucket, prefix, topic } = location;
  const instance = location.instanceId ?? (await onlyInstance(cos, location));
  const names = topic ? [topic] : await topicFolders(cos, bucket, instancePrefix(prefix, instance));
  const listed = await mapConcurrent(names, LIST_CONCURRENCY, async (name) => {
    const expired: ExpiredMarker[] = [];
    const snapshots: SnapshotRef[] = [];
    const folder = topicPrefix(prefix, instance, name);
    try {
      return { name, objects: await listObjects(cos, bucket, folder, prefix, expired, snapshots), expired, snapshots };
    } catch (error) {
      // Which of many topics; the error itself is kept (explainCosError tells causes apart by its class).
      if (!topic && error instanceof Error) error.message = `listing ${folder}: ${error.message}`;
      throw error;
    }
  });
  const found = listed.filter((l) => l.objects.length > 0 || l.expired.length > 0);
  if (found.length === 0) {
    if (location.instanceId) await checkInstance(cos, location, location.instanceId);
    if (topic) {
      const known = await topicFolders(cos, bucket, instancePrefix(prefix, instance));
      if (known.includes(topic)) {
        throw new UsageError(
          `no backup objects of topic "${topic}" under ${locationText(location, instance)}: its folder holds only the backup's _state/ bookkeeping or other keys`,
        );
      }
      const there = known.length > 0 ? `; topics there: ${known.join(', ')}` : '';
      throw new UsageError(`no backup of topic "${topic}" under ${locationText(location, instance)}${there}`);
    }
    const folders =
      names.length === 0
        ? 'it holds no topic folder'
        : `none of its topic folders (${names.join(', ')}) holds one, only the backup's _state/ bookkeeping or other keys`;
    throw new UsageError(`no backup objects under ${locationText(location, instance)}: ${folders}`);
  }

  const topics = new Map<string, Map<number, BackupObject[]>>();
  const expiredByTopic = new Map<string, Map<number, ExpiredMarker[]>>();
  for (const { objects, expired } of found) {
    for (const object of objects) {
      const partitions = topics.get(object.topic) ?? topics.set(object.topic, new Map()).get(object.topic)!;
      const list = partitions.get(object.partition) ?? partitions.set(object.partition, []).get(object.partition)!;
      list.push(object);
    }
    for (const marker of expired) {
      const partitions =
        expiredByTopic.get(marker.topic) ?? expiredByTopic.set(marker.topic, new Map()).get(marker.topic)!;
      const list = partitions.get(marker.partition) ?? partitions.set(marker.partition, []).get(marker.partition)!;
      list.push(marker);
    }
  }
  for (const partitions of expiredByTopic.values()) {
    for (const list of partitions.values()) list.sort((a, b) => a.from - b.from || a.to - b.to);
  }
  const emptyTopics = listed.filter((l) => !found.includes(l)).map((l) => l.name);
  const snapshots = new Map<string, TopicSnapshots>();
  for (const l of found) if (l.snapshots.length > 0) snapshots.set(l.name, topicSnapshots(l.snapshots));
  return { instanceId: instance, topics: sortListing(topics), expired: expiredByTopic, emptyTopics, snapshots };
}

/**
 * The names of the folders right under `folder` (`<prefix>` or `<prefix><instance>/`) that pass
 * `isName`, sorted: one LIST with delimiter `/` per 1000 folders, whatever they hold.
 */
async function folderNames(
  cos: CosClient,
  bucket: string,
  folder: string,
  isName: (name: string) => boolean,
): Promise<string[]> {
  const names: string[] = [];
  for await (const found of cos.listFolders({ bucket, prefix: folder })) {
    const name = found.slice(folder.length, -1);
    if (isName(name)) names.push(name);
  }
  return distinct(names);
}

/** The instance's topic folders: names that a Kafka topic can have. */
function topicFolders(cos: CosClient, bucket: string, instanceFolder: string): Promise<string[]> {
  return folderNames(cos, bucket, instanceFolder, isTopicName);
}

/** The prefix's instance folders: names that a CKafka instance id can have (`ckafka-...`). */
function instanceFolders(cos: CosClient, location: BackupLocation): Promise<string[]> {
  return folderNames(
    cos,
    location.bucket,
    location.prefix,
    (name) => SETTINGS.instanceId.type.check(name).length === 0,
  );
}

/** The one instance under the prefix; none or several is a UsageError that says what is there. */
async function onlyInstance(cos: CosClient, location: BackupLocation): Promise<string> {
  const instances = await instanceFolders(cos, location);
  if (instances.length === 0) {
    throw new UsageError(`no backup objects under ${locationText(location, '')}: check --bucket and --prefix`);
  }
  if (instances.length > 1) {
    throw new UsageError(
      `${locationText(location, '')} holds backups of several instances: ${instances.join(', ')}; choose one with --instance-id`,
    );
  }
  return instances[0];
}

/** A UsageError when the prefix holds no folder of `instanceId`, listing the instances there. */
async function checkInstance(cos: CosClient, location: BackupLocation, instanceId: string): Promise<void> {
  const instances = await instanceFolders(cos, location);
  if (instances.length === 0) {
    throw new UsageError(`no backup objects under ${locationText(location, '')}: check --bucket and --prefix`);
  }
  if (!instances.includes(instanceId)) {
    throw new UsageError(
      `no backup of instance "${instanceId}" under ${locationText(location, '')}; instances there: ${instances.join(', ')}`,
    );
  }
}

/**
 * True for a key under `<prefix><instance>/<topic>/_state/`: the backup's own bookkeeping, never
 * records. Keys of a topic named `_state` are `<instance>/_state/dt=...` and are not state keys.
 */
export function isStateKey(key: string, prefix: string): boolean {
  if (!key.startsWith(prefix)) return false;
  const parts = key.slice(prefix.length).split('/');
  return parts.length > 3 && `${parts[2]}/` === STATE_FOLDER;
}

/** The range an expired-range marker key names, with its instance and topic; undefined for any other key. */
export function parseExpiredMarker(key: string, prefix: string): ExpiredMarker | undefined {
  if (!isStateKey(key, prefix)) return undefined;
  const range = parseExpiredRangeKey(key);
  if (!range) return undefined;
  const [instanceId, topic] = key.slice(prefix.length).split('/');
  // Only the exact key the handler writes (20-digit offsets, nothing before or after).
  if (expiredRangeKey(prefix, instanceId, topic, range.partition, range.from, range.to) !== key) return undefined;
  return { key, instanceId, topic, ...range };
}

/** `<prefix><instance>/<topic>/_state/<kind>/<time>.json` exactly: no deeper folder. */
function isSnapshotKey(key: string, prefix: string): boolean {
  return key.slice(prefix.length).split('/').length === 5;
}

async function listObjects(
  cos: CosClient,
  bucket: string,
  listPrefix: string,
  prefix: string,
  expired: ExpiredMarker[] = [],
  snapshots: SnapshotRef[] = [],
): Promise<BackupObject[]> {
  const found: BackupObject[] = [];
  for await (const listed of cos.listObjects({ bucket, prefix: listPrefix })) {
    if (isStateKey(listed.key, prefix)) {
      // Bookkeeping, never records: only the expired-range markers and the snapshots matter to readers.
      const marker = parseExpiredMarker(listed.key, prefix);
      if (marker) expired.push(marker);
      const snapshot = isSnapshotKey(listed.key, prefix) ? snapshotRef(listed.key) : undefined;
      if (snapshot) snapshots.push(snapshot);
      continue;
    }
    const parsed = parseObjectKey(listed.key, prefix);
    if (!parsed) continue; // Not a backup object (a marker, a file someone put there).
    found.push({
      key: listed.key,
      size: listed.size,
      instanceId: parsed.instanceId,
      topic: parsed.topic,
      partition: parsed.partition,
      startOffset: parsed.startOffset,
      hourStartMs: Date.parse(`${parsed.day}T${parsed.hour}:00:00Z`),
    });
  }
  return found;
}

function sortListing(topics: Map<string, Map<number, BackupObject[]>>): Map<string, Map<number, BackupObject[]>> {
  const sorted = new Map<string, Map<number, BackupObject[]>>();
  for (const name of [...topics.keys()].sort()) {
    const partitions = topics.get(name)!;
    const byNumber = new Map<number, BackupObject[]>();
    for (const p of [...partitions.keys()].sort((a, b) => a - b)) {
      byNumber.set(
        p,
        partitions.get(p)!.sort((a, b) => a.startOffset - b.startOffset || a.key.localeCompare(b.key)),
      );
    }
    sorted.set(name, byNumber);
  }
  return sorted;
}

function distinct(values: string[]): string[] {
  return [...new Set(values)].sort();
}
