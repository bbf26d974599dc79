import { parseOffset } from './offset';

/**
 * Object keys of the backup, derived from data only, so a retry of the same work writes the
 * same key:
 * `<prefix><instanceId>/<topic>/dt=<YYYY-MM-DD>/hour=<HH>/partition=<p>/<topic>+<p>+<startOffset, 20 digits>.jsonl.gz`
 * with the date and hour of the first record's timestamp in UTC.
 */
export interface ObjectKeyParts {
  readonly prefix: string;
  readonly instanceId: string;
  readonly topic: string;
  readonly partition: number;
  readonly startOffset: number;
  readonly firstTimestampMs: number;
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

export function objectKey(parts: ObjectKeyParts): string {
  const time = new Date(parts.firstTimestampMs);
  if (Number.isNaN(time.getTime())) throw new Error(`record timestamp ${parts.firstTimestampMs} is not a valid time`);
  const iso = time.toISOString();
  const day = iso.slice(0, 10);
  const hour = iso.slice(11, 13);
  const offset = String(parts.startOffset).padStart(OFFSET_DIGITS, '0');
  const { prefix, instanceId, topic, partition } = parts;
  return `${topicPrefix(prefix, instanceId, topic)}dt=${day}/hour=${hour}/partition=${partition}/${topic}+${partition}+${offset}.jsonl.gz`;
}

const KEY_PATTERN =
  /^(.*?)([^/]+)\/([^/]+)\/dt=(\d{4}-\d{2}-\d{2})\/hour=(\d{2})\/partition=(\d+)\/([^/]+)\+(\d+)\+(\d{20})\.jsonl\.gz$/;

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
