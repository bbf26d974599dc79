// Which objects of a partition can hold records of a range: from the keys (start offset, hour of
// the first record) and, for the objects the keys cannot rule out, their offset metadata.
//
// Offsets. A record's offset is at or above its object's key start (a run starts writing where it
// starts reading), so an object whose key starts after the range's end holds none of it. Below
// that, the key tells nothing about where an object ends: a run that read a range again (a rerun
// from an older position, a write that COS applied late) leaves an object that reaches past later
// keys, up to any offset, and nothing in the keys bounds how far back such an object starts. Only
// its metadata (last-offset) says how far it reaches. So every object whose key starts at or
// before the range's end is HEADed, wherever the range starts: one HEAD per such object, at most
// what `ls` sends for the partition; objects after the range's end cost nothing.
//
// Times. A key gives the hour of an object's first record only. Producers' timestamps are taken to
// run back by at most an hour within a partition (a record is at most an hour older than any
// record before it), so an object's records are at or after an hour before its key's hour, and
// before two hours after the key hour of any object that starts after its last offset (that
// object's first record follows all of them). Keys in the folders at the ends of the clamp
// (1970-01-01T00, which holds every timestamp before 1970 and -1, Kafka's "no timestamp", and
// 9999-12-31T23) give no such bound: the first record's time can be anything on that side, and
// such times are rarely in order with the records around them. With a time range, objects whose
// key alone puts them after the range's end are not HEADed either.
import { FIRST_KEY_TIME_MS, LAST_KEY_TIME_MS, type BackupObjectMetadata } from '../../contract/backup-format';
import type { CosClient } from '../../clients/cos';
import type { BackupObject, ExpiredMarker } from './backup-listing';
import { coverage, Gap, gapsWithin } from './coverage';
import { HeadedObject, headObjects, offsetSpans } from './object-spans';

const HOUR_MS = 3_600_000;
/** The hour folders at the ends of the clamp (contract/backup-format/object-key.ts). */
const FIRST_FOLDER_MS = FIRST_KEY_TIME_MS;
const LAST_FOLDER_MS = LAST_KEY_TIME_MS - (LAST_KEY_TIME_MS % HOUR_MS);

/** A range to select: offsets inclusive at both ends, times (epoch ms) from inclusive to exclusive; an end left out is open. */
export interface ObjectRange {
  readonly fromOffset?: number;
  readonly toOffset?: number;
  readonly fromTime?: number;
  readonly toTime?: number;
}

/** What an object can hold, as far as its key and its metadata (when known) tell. */
export interface ObjectReach {
  readonly object: BackupObject;
  readonly metadata?: BackupObjectMetadata;
  /** Offsets [from, to] its records can have; without metadata, up to the next key (the last object: no end). */
  readonly offsets: { readonly from: number; readonly to: number };
  /** Times [from, to) its records can have (epoch ms, ±Infinity where nothing bounds them). */
  readonly times: { readonly from: number; readonly to: number };
}

/** True when the key's folder is an hour of the records' own time, not one at either end of the clamp. */
function hourIsTime(object: BackupObject): boolean {
  return object.hourStartMs !== FIRST_FOLDER_MS && object.hourStartMs !== LAST_FOLDER_MS;
}

/** The earliest time the records of an object (or the records after its first one) can have. */
function earliestTime(object: BackupObject): number {
  return hourIsTime(object) ? object.hourStartMs - HOUR_MS : Number.NEGATIVE_INFINITY;
}

/** The end (exclusive) of the times of records before the first record of an object. */
function endOfTimesBefore(object: BackupObject): number {
  return hourIsTime(object) ? object.hourStartMs + 2 * HOUR_MS : Number.POSITIVE_INFINITY;
}

/**
 * The reach of each object of one partition (in key start order, as the listing sorts them), with
 * the metadata of those that have been HEADed (`metadataOf` undefined: not HEADed, or none).
 */
export function objectReaches(
  objects: readonly BackupObject[],
  metadataOf: (object: BackupObject) => BackupObjectMetadata | undefined = () => undefined,
): ObjectReach[] {
  const n = objects.length;
  // The first object whose key starts above `offset`.
  const firstAbove = (offset: number): number => {
    let [low, high] = [0, n];
    while (low < high) {
      const middle = (low + high) >> 1;
      if (objects[middle].startOffset > offset) high = middle;
      else low = middle + 1;
    }
    return low;
  };
  // timesEnd[i]: the least bound that objects i.. put on the times of records before all of them.
  const timesEnd = new Array<number>(n + 1).fill(Number.POSITIVE_INFINITY);
  for (let i = n - 1; i >= 0; i -= 1) timesEnd[i] = Math.min(timesEnd[i + 1], endOfTimesBefore(objects[i]));

  return objects.map((object) => {
    const metadata = metadataOf(object);
    let offsets: { from: number; to: number };
    if (metadata) {
      offsets = { from: Math.min(object.startOffset, metadata.firstOffset), to: metadata.lastOffset };
    } else {
      const next = objects[firstAbove(object.startOffset)];
      offsets = { from: object.startOffset, to: next ? next.startOffset - 1 : Number.POSITIVE_INFINITY };
    }
    const after = Number.isFinite(offsets.to) ? firstAbove(offsets.to) : n;
    return {
      object,
      ...(metadata ? { metadata } : {}),
      offsets,
      times: { from: earliestTime(object), to: timesEnd[after] },
    };
  });
}

/** True when `object` can hold records of `range` by its key alone (its key start and hour). */
export function mayHoldByKey(object: BackupObject, range: ObjectRange): boolean {
  return (
    (range.toOffset === undefined || object.startOffset <= range.toOffset) &&
    (range.toTime === undefined || earliestTime(object) < range.toTime)
  );
}

/** True when the offsets and times [from, to) overlap those of the range. */
function overlapsRange(
  offsets: { from: number; to: number },
  times: { from: number; to: number },
  range: ObjectRange,
): boolean {
  return (
    (range.toOffset === undefined || offsets.from <= range.toOffset) &&
    (range.fromOffset === undefined || offsets.to >= range.fromOffset) &&
    (range.toTime === undefined || times.from < range.toTime) &&
    (range.fromTime === undefined || times.to > range.fromTime)
  );
}

/** The reaches that can hold records of the range. */
export function reachesInRange(reaches: readonly ObjectReach[], range: ObjectRange): ObjectReach[] {
  return reaches.filter((reach) => overlapsRange(reach.offsets, reach.times, range));
}

/**
 * Objects that may hold offsets in [from, to] (inclusive; either end open), from their keys alone:
 * what the listing tells before any HEAD, each object taken to reach the next key.
 */
export function objectsInOffsetRange(objects: readonly BackupObject[], from?: number, to?: number): BackupObject[] {
  return reachesInRange(objectReaches(objects), { fromOffset: from, toOffset: to }).map((r) => r.object);
}

/**
 * Objects that may hold records with timestamps in [from, to), from their keys alone: each object
 * taken to reach the next key, its records from an hour before its key's hour to two hours after the
 * next key's hour (see above).
 */
export function objectsInTimeRange(objects: readonly BackupObject[], from?: number, to?: number): BackupObject[] {
  return reachesInRange(objectReaches(objects), { fromTime: from, toTime: to }).map((r) => r.object);
}

/** An object to read, with its metadata, and the last offset it can hold. */
export interface SelectedObject extends HeadedObject {
  readonly holdsUpTo: number;
}

/** What a range selects of one partition. */
export interface PartitionSelection {
  /** Every object that can hold records of the range, in key order (objects that overlap included). */
  readonly selected: SelectedObject[];
  /**
   * Gaps of the partition whose missing offsets can hold records of the range: within its offsets,
   * and with a time range, those whose neighbours (as for objects) leave times in it possible.
   */
  readonly gaps: Gap[];
}

/**
 * Selects the objects of one partition (in key start order) that can hold records of `range`, and
 * the gaps that can. HEADs the objects that mayHoldByKey (see above for why no fewer); the
 * continuity is that of every object of the partition (those not HEADed taken to reach the next
 * key: they start after the range, or after its times).
 */
export async function selectObjects(
  cos: CosClient,
  bucket: string,
  objects: readonly BackupObject[],
  expired: readonly ExpiredMarker[],
  range: ObjectRange,
): Promise<PartitionSelection> {
  const headed = await headObjects(
    cos,
    bucket,
    objects.filter((object) => mayHoldByKey(object, range)),
  );
  const metadataOf = new Map(headed.map((h) => [h.object, h.metadata]));
  const reaches = objectReaches(objects, (object) => metadataOf.get(object));
  const selected = reachesInRange(reaches, range).map(({ object, metadata, offsets }) => ({
    object,
    ...(metadata ? { metadata } : {}),
    holdsUpTo: offsets.to,
  }));

  const spans = offsetSpans(reaches.map(({ object, metadata }) => ({ object, ...(metadata ? { metadata } : {}) })));
  const byKey = new Map(reaches.map((reach) => [reach.object.key, reach.object]));
  const gaps = gapsWithin(coverage(spans, expired).gaps, range.fromOffset, range.toOffset).filter((gap) => {
    // The missing records follow the first record of the object before the gap and precede the
    // first record of the object after it.
    const after = gap.after === null ? undefined : byKey.get(gap.after);
    const before = gap.before === null ? undefined : byKey.get(gap.before);
    const times = {
      from: after ? earliestTime(after) : Number.NEGATIVE_INFINITY,
      to: before ? endOfTimesBefore(before) : Number.POSITIVE_INFINITY,
    };
    return overlapsRange(gap, times, { fromTime: range.fromTime, toTime: range.toTime });
  });
  return { selected, gaps };
}
