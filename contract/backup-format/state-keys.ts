import { OFFSET_DIGITS, topicPrefix } from './object-key';
import { parseOffset } from './offset';

/**
 * Keys under `<prefix><instanceId>/<topic>/_state/` hold the backup's own bookkeeping, never
 * records; every reader skips them (object keys never start with `_state/`).
 *
 * - `_state/partition=<p>.json`: how far partition p is backed up (PartitionState), the record of
 *   progress that outlives the consumer group's offsets.
 * - `_state/expired/partition=<p>/<from>-<to>`: offsets [from, to) of partition p that retention
 *   deleted before they were backed up (empty object), so `ls` and `verify` can tell that gap
 *   from others.
 */
export const STATE_FOLDER = '_state/';

export function stateFolder(prefix: string, instanceId: string, topic: string): string {
  return `${topicPrefix(prefix, instanceId, topic)}${STATE_FOLDER}`;
}

export function partitionStateKey(prefix: string, instanceId: string, topic: string, partition: number): string {
  return `${stateFolder(prefix, instanceId, topic)}partition=${partition}.json`;
}

/** How far a partition is backed up, written after each object of the partition completes. */
export interface PartitionState {
  /** The offset the next object starts at: everything below it is in completed objects (or expired). */
  readonly nextOffset: number;
  /** The key of the object written last, and the offset it starts at. */
  readonly lastKey?: string;
  readonly lastStartOffset?: number;
  /** The key an upload starting at `nextOffset` uses, recorded before it starts (see the README). */
  readonly pendingKey?: string;
  /** ISO time of the write. */
  readonly updatedAt: string;
}

/** Parses a state document; undefined (not a throw) for one that is not ours or damaged. */
export function parsePartitionState(text: string): PartitionState | undefined {
  try {
    const value = JSON.parse(text) as Record<string, unknown>;
    if (typeof value.nextOffset !== 'number' || !Number.isSafeInteger(value.nextOffset) || value.nextOffset < 0)
      return undefined;
    return value as unknown as PartitionState;
  } catch {
    return undefined;
  }
}

const pad = (offset: number) => String(offset).padStart(OFFSET_DIGITS, '0');

export function expiredRangeKey(
  prefix: string,
  instanceId: string,
  topic: string,
  partition: number,
  from: number,
  to: number,
): string {
  return `${stateFolder(prefix, instanceId, topic)}expired/partition=${partition}/${pad(from)}-${pad(to)}`;
}

export interface ExpiredRange {
  readonly partition: number;
  /** First offset lost. */
  readonly from: number;
  /** The first offset after the loss (exclusive end). */
  readonly to: number;
}

const EXPIRED_PATTERN = /_state\/expired\/partition=(\d+)\/(\d{20})-(\d{20})$/;

/** The range an expired-range key names; undefined for any other key. */
export function parseExpiredRangeKey(key: string): ExpiredRange | undefined {
  const m = EXPIRED_PATTERN.exec(key);
  if (!m) return undefined;
  return { partition: Number(m[1]), from: parseOffset(m[2], key), to: parseOffset(m[3], key) };
}
