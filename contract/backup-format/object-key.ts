// The keys of backup objects: written by the handler and parsed by the CLI, they place every
// object by instance, topic, hour and partition and name its start offset.
import type { Int64 } from '../int64';
import { parseOffset } from './offset';

/**
 * Object keys of the backup, derived from data only, so a retry of the same work writes the
 * same key:
 * `<prefix><instanceId>/<topic>/dt=<YYYY-MM-DD>/hour=<HH>/partition=<p>/<topic>+<p>+<startOffset, 20 digits>.jsonl.gz`
 * with the date and hour of the first record's timestamp in UTC. A Kafka timestamp is any
 * int64, so the folder is that of the timestamp clamped to the years 1970..9999: a timestamp
 * before 1970 (-1, "no timestamp", included) names `dt=1970-01-01/hour=00`, one after the last
 * hour of 9999 (microseconds or nanoseconds written as milliseconds, 2^63 - 1) names
 * `dt=9999-12-31/hour=23`. Every key has a four-digit year and a valid hour.
 */
export interface ObjectKeyParts {
  readonly prefix: string;
  readonly instanceId: string;
  readonly topic: string;
  readonly partition: number;
  readonly startOffset: number;
  /** The first record's timestamp: any int64 (contract/int64.ts). */
  readonly firstTimestampMs: Int64;
}

export const OFFSET_DIGITS = 20;

/** `<prefix><instanceId>/`: where one instance's backup lives. */
export function instancePrefix(prefix: string, instanceId: string): string {
  return `${prefix}${instanceId}/`;
}

/** `<prefix><instanceId>/<topic>/`: where one topic's objects (and open uploads) live. */
export function topicPrefix(prefix: string, instanceId: string, topic: string): string {
  return `${instancePrefix(prefix, instanceId)}${topic}/`;
}

/** 1970-01-01T00:00:00.000Z and 9999-12-31T23:59:59.999Z: the times a key's folder can name. */
export const FIRST_KEY_TIME_MS = 0;
export const LAST_KEY_TIME_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** The time whose UTC date and hour name the folder of a record with this timestamp. */
export function keyTimeMs(timestamp: Int64): number {
  if (timestamp < FIRST_KEY_TIME_MS) return FIRST_KEY_TIME_MS;
  if (timestamp > LAST_KEY_TIME_MS) return LAST_KEY_TIME_MS;
  return Number(timestamp);
}

/** The key of an object; total over every int64 timestamp (only a NaN, which is no int64, throws). */
export function objectKey(parts: ObjectKeyParts): string {
  const time = new Date(keyTimeMs(parts.firstTimestampMs));
  if (Number.isNaN(time.getTime())) throw new Error(`record timestamp ${parts.firstTimestampMs} is not a valid time`);
  const iso = time.toISOString();
  return objectKeyInFolder({ ...parts, day: iso.slice(0, 10), hour: iso.slice(11, 13) });
}

/** The key of an object in a known folder (`day` and `hour` as parseObjectKey returns them). */
export function objectKeyInFolder(
  parts: Omit<ObjectKeyParts, 'firstTimestampMs'> & { day: string; hour: string },
): string {
  const offset = String(parts.startOffset).padStart(OFFSET_DIGITS, '0');
  const { prefix, instanceId, topic, partition, day, hour } = parts;
  return `${topicPrefix(prefix, instanceId, topic)}dt=${day}/hour=${hour}/partition=${partition}/${topic}+${partition}+${offset}.jsonl.gz`;
}

// The date also takes the six-digit signed years of ISO 8601 (`dt=+056791-07-09`), which releases
// before the clamp wrote for timestamps beyond the year 9999 (or before year 0): readers and the
// handler's clean-up must see those objects too.
const KEY_PATTERN =
  /^(.*?)([^/]+)\/([^/]+)\/dt=((?:\d{4}|[+-]\d{6})-\d{2}-\d{2})\/hour=(\d{2})\/partition=(\d+)\/([^/]+)\+(\d+)\+(\d{20})\.jsonl\.gz$/;

export interface ParsedObjectKey {
  readonly prefix: string;
  readonly instanceId: string;
  readonly topic: string;
  readonly day: string;
  readonly hour: string;
  readonly partition: number;
  readonly startOffset: number;
}

/** Reads the parts back from a key; null for a key that is not a backup object. */
export function parseObjectKey(key: string, prefix = ''): ParsedObjectKey | null {
  if (!key.startsWith(prefix)) return null;
  const m = KEY_PATTERN.exec(key.slice(prefix.length));
  if (!m) return null;
  const [, extra, instanceId, topic, day, hour, partition, fileTopic, filePartition, offset] = m;
  if (extra !== '' || fileTopic !== topic || filePartition !== partition) return null;
  return {
    prefix,
    instanceId,
    topic,
    day,
    hour,
    partition: Number(partition),
    startOffset: parseOffset(offset, `object key "${key}": start offset`),
  };
}
