// Which objects of a partition can hold records of a range, decided from keys alone so that
// nothing outside the range is downloaded. `objects` are one partition's, in offset order.
import type { BackupObject } from './backup-listing';

const HOUR_MS = 3_600_000;

/**
 * Objects that may hold offsets in [from, to] (inclusive; either end open). An object holds
 * offsets from its key's start offset up to the next object's start offset.
 */
export function objectsInOffsetRange(objects: readonly BackupObject[], from?: number, to?: number): BackupObject[] {
  return objects.filter((object, i) => {
    const next = objects[i + 1];
    const startsBeforeEnd = to === undefined || object.startOffset <= to;
    const endsAfterStart = from === undefined || next === undefined || next.startOffset - 1 >= from;
    return startsBeforeEnd && endsAfterStart;
  });
}

/**
 * Objects that may hold records with timestamps in [from, to). The key gives only the hour of an
 * object's first record, so an object is taken to span from that hour to the end of the hour
 * of the next object's first record (the last object: open-ended), widened by an hour on each
 * side for producers whose timestamps are not in order. Records whose timestamps run further
 * back or ahead within a partition are not found this way (offset ranges always are).
 */
export function objectsInTimeRange(objects: readonly BackupObject[], from?: number, to?: number): BackupObject[] {
  return objects.filter((object, i) => {
    const next = objects[i + 1];
    const spanStart = object.hourStartMs - HOUR_MS;
    const spanEnd = next === undefined ? Number.POSITIVE_INFINITY : next.hourStartMs + 2 * HOUR_MS;
    return (to === undefined || spanStart < to) && (from === undefined || spanEnd > from);
  });
}
