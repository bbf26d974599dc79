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
import type { CosClient } from '../../clients/cos';
import { keyPrefix } from '../../contract/value-types';
import { UsageError } from '../command-line/usage-error';

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

/**
 * Lists the backup under the location. The instance may be left out when the prefix holds
 * only one; an unknown instance or topic is a UsageError that lists what is there.
 */
export async function listBackup(cos: CosClient, location: BackupLocation): Promise<BackupListing> {
  checkPrefix(location.prefix);
  const { instanceId, topic } = location;
  const narrowest = !instanceId
    ? location.prefix
    : topic
      ? topicPrefix(location.prefix, instanceId, topic)
      : instancePrefix(location.prefix, instanceId);
  const expired: ExpiredMarker[] = [];
  const objects = await listObjects(cos, location.bucket, narrowest, location.prefix, expired);

  const instances = distinct(objects.map((o) => o.instanceId));
  if (instances.length === 0) {
    if (!instanceId)
      throw new UsageError(`no backup objects under ${locationText(location)}: check --bucket and --prefix`);
    const others = distinct(
      (await listObjects(cos, location.bucket, location.prefix, location.prefix)).map((o) => o.instanceId),
    );
    if (others.length === 0)
      throw new UsageError(`no backup objects under ${locationText(location, '')}: check --bucket and --prefix`);
    if (!others.includes(instanceId)) {
      throw new UsageError(
        `no backup of instance "${instanceId}" under ${locationText(location, '')}; instances there: ${others.join(', ')}`,
      );
    }
  }
  if (instances.length > 1) {
    throw new UsageError(
      `${locationText(location)} holds backups of several instances: ${instances.join(', ')}; choose one with --instance-id`,
    );
  }
  const instance = instanceId ?? instances[0];
  const ofInstance = objects.filter((o) => o.instanceId === instance);

  if (topic && !ofInstance.some((o) => o.topic === topic)) {
    const known =
      topic && instanceId
        ? distinct(
            (await listObjects(cos, location.bucket, instancePrefix(location.prefix, instance), location.prefix)).map(
              (o) => o.topic,
            ),
          )
        : distinct(ofInstance.map((o) => o.topic));
    const there = known.length > 0 ? `; topics there: ${known.join(', ')}` : '';
    throw new UsageError(`no backup of topic "${topic}" under ${locationText(location, instance)}${there}`);
  }

  const topics = new Map<string, Map<number, BackupObject[]>>();
  for (const object of ofInstance) {
    if (topic && object.topic !== topic) continue;
    const partitions = topics.get(object.topic) ?? topics.set(object.topic, new Map()).get(object.topic)!;
    const list = partitions.get(object.partition) ?? partitions.set(object.partition, []).get(object.partition)!;
    list.push(object);
  }
  const expiredByTopic = new Map<string, Map<number, ExpiredMarker[]>>();
  for (const marker of expired) {
    if (marker.instanceId !== instance || (topic && marker.topic !== topic)) continue;
    const partitions =
      expiredByTopic.get(marker.topic) ?? expiredByTopic.set(marker.topic, new Map()).get(marker.topic)!;
    const list = partitions.get(marker.partition) ?? partitions.set(marker.partition, []).get(marker.partition)!;
    list.push(marker);
  }
  for (const partitions of expiredByTopic.values()) {
    for (const list of partitions.values()) list.sort((a, b) => a.from - b.from || a.to - b.to);
  }
  return { instanceId: instance, topics: sortListing(topics), expired: expiredByTopic };
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

async function listObjects(
  cos: CosClient,
  bucket: string,
  listPrefix: string,
  prefix: string,
  expired: ExpiredMarker[] = [],
): Promise<BackupObject[]> {
  const found: BackupObject[] = [];
  for await (const listed of cos.listObjects({ bucket, prefix: listPrefix })) {
    if (isStateKey(listed.key, prefix)) {
      // Bookkeeping, never records: only the expired-range markers matter to readers.
      const marker = parseExpiredMarker(listed.key, prefix);
      if (marker) expired.push(marker);
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
