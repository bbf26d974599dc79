// The keys of the backup's own bookkeeping under `_state/`: written by the handler, read by the
// handler on its next run and by the CLI.
import { OFFSET_DIGITS, topicPrefix } from './object-key';
import { parseOffset } from './offset';

/**
 * Keys under `<prefix><instanceId>/<topic>/_state/` hold the backup's own bookkeeping, never
 * records; every reader skips them (object keys never start with `_state/`).
 *
 * - `_state/partition=<p>`: how far partition p is backed up (PartitionState, in the empty
 *   object's metadata, read with one HEAD), the record of progress that outlives the consumer
 *   group's offsets.
 * - `_state/expired/partition=<p>/<from>-<to>`: offsets [from, to) of partition p that retention
 *   deleted before they were backed up (empty object), so `ls` and `verify` can tell that gap
 *   from others.
 */
export const STATE_FOLDER = '_state/';

export function stateFolder(prefix: string, instanceId: string, topic: string): string {
  return `${topicPrefix(prefix, instanceId, topic)}${STATE_FOLDER}`;
}

export function partitionStateKey(prefix: string, instanceId: string, topic: string, partition: number): string {
  return `${stateFolder(prefix, instanceId, topic)}partition=${partition}`;
}

/**
 * `_state/suspect/partition=<p>`: the objects of partition p that a later run must check.
 * Metadata `key`: an object that a run completed after another run had committed further: it may
 * have replaced a longer object, so the next run writes the partition again from that object's
 * start (empty when cleared). Metadata `watch`: objects completed after a run that did not finish
 * had begun them, which COS may still overwrite with that run's late request; every run checks
 * them until that can no longer happen (watched-objects.ts).
 */
export function suspectKey(prefix: string, instanceId: string, topic: string, partition: number): string {
  return `${stateFolder(prefix, instanceId, topic)}suspect/partition=${partition}`;
}

/** How far a partition is backed up, written after each object of the partition completes. */
export interface PartitionState {
  /** The offset the next object starts at: everything below it is in completed objects (or expired). */
  readonly nextOffset: number;
  /**
   * The key of an object starting at `nextOffset` that a run began (recorded before its upload):
   * a retry writes that key again, even when the first record's time has changed (compaction).
   */
  readonly pendingKey?: string;
  /** The object that ends at `nextOffset`: a run checks it still does before going on (overlapping writers). */
  readonly lastKey?: string;
}

const STATE_METADATA = { nextOffset: 'next-offset', pendingKey: 'pending-key', lastKey: 'last-key' } as const;

export function toStateMetadata(state: PartitionState): Record<string, string> {
  return {
    [STATE_METADATA.nextOffset]: String(state.nextOffset),
    ...(state.pendingKey ? { [STATE_METADATA.pendingKey]: state.pendingKey } : {}),
    ...(state.lastKey ? { [STATE_METADATA.lastKey]: state.lastKey } : {}),
  };
}

/** The state in a state object's metadata; undefined for one that is not ours or damaged. */
export function fromStateMetadata(metadata: Record<string, string>, where: string): PartitionState | undefined {
  const next = metadata[STATE_METADATA.nextOffset];
  if (next === undefined || !/^\d+$/.test(next)) return undefined;
  const pendingKey = metadata[STATE_METADATA.pendingKey];
  const lastKey = metadata[STATE_METADATA.lastKey];
  return {
    nextOffset: parseOffset(next, `${where}: metadata ${STATE_METADATA.nextOffset}`),
    ...(pendingKey ? { pendingKey } : {}),
    ...(lastKey ? { lastKey } : {}),
  };
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
