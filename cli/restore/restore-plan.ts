// Which objects and records a restore reads: the range options parsed and cross-checked, and per
// partition the objects that may hold the range, refused where the backup has a gap.
import type { CosClient } from '../../clients/cos';
import type { KafkaRecord } from '../../clients/kafka';
import type { BackupObject, ExpiredMarker } from '../backup/backup-listing';
import { coverage, Gap, gapsWithin } from '../backup/coverage';
import { objectsInOffsetRange, objectsInTimeRange } from '../backup/object-selection';
import { headObjects, offsetSpans } from '../backup/object-spans';
import { ParsedOffsets, parseOffsets, parsePartitionList, parseTime } from '../command-line/option-parsers';
import { UsageError } from '../command-line/usage-error';

/** The range options of `restore`, as given. */
export interface RangeOptions {
  fromOffset?: string;
  toOffset?: string;
  fromTime?: string;
  toTime?: string;
  partitions?: string;
}

/** Which records to restore: offsets inclusive at both ends, times from inclusive to exclusive. */
export interface Selection {
  partitions?: number[];
  fromOffset?: ParsedOffsets;
  toOffset?: ParsedOffsets;
  fromTime?: number;
  toTime?: number;
}

/** Parses and cross-checks the range options, before anything is downloaded. */
export function parseSelection(options: RangeOptions): Selection {
  const selection: Selection = {
    partitions: options.partitions === undefined ? undefined : parsePartitionList('--partitions', options.partitions),
    fromOffset: options.fromOffset === undefined ? undefined : parseOffsets('--from-offset', options.fromOffset),
    toOffset: options.toOffset === undefined ? undefined : parseOffsets('--to-offset', options.toOffset),
    fromTime: options.fromTime === undefined ? undefined : parseTime('--from-time', options.fromTime),
    toTime: options.toTime === undefined ? undefined : parseTime('--to-time', options.toTime),
  };
  const { fromOffset, toOffset, fromTime, toTime } = selection;
  if (fromTime !== undefined && toTime !== undefined && fromTime >= toTime) {
    throw new UsageError(
      `--from-time ${options.fromTime} must be before --to-time ${options.toTime} (the range includes its start and excludes its end)`,
    );
  }
  if (fromOffset && toOffset) {
    const named = [...new Set([...fromOffset.partitions, ...toOffset.partitions])];
    // With two single numbers, any partition shows the conflict; partition 0 stands for all.
    for (const partition of named.length > 0 ? named : [0]) {
      const from = fromOffset.at(partition);
      const to = toOffset.at(partition);
      if (from !== undefined && to !== undefined && from > to) {
        const which = named.length > 0 ? ` for partition ${partition}` : '';
        throw new UsageError(`--from-offset ${from} is above --to-offset ${to}${which} (both ends are included)`);
      }
    }
  }
  return selection;
}

/** The selection as plain values, for the checkpoint's identity. */
export function selectionIdentity(selection: Selection) {
  return {
    partitions: selection.partitions ?? ('all' as const),
    fromOffset: selection.fromOffset?.text ?? null,
    toOffset: selection.toOffset?.text ?? null,
    fromTime: selection.fromTime ?? null,
    toTime: selection.toTime ?? null,
  };
}

/** The partitions to restore: those asked for (each must be in the backup), else all of them. */
export function selectPartitions(selection: Selection, topic: string, inBackup: number[]): number[] {
  const named = [
    ...(selection.partitions ?? []),
    ...(selection.fromOffset?.partitions ?? []),
    ...(selection.toOffset?.partitions ?? []),
  ];
  const unknown = named.filter((p) => !inBackup.includes(p));
  if (unknown.length > 0) {
    throw new UsageError(
      `the backup of topic "${topic}" has no partition ${[...new Set(unknown)].join(', ')} (it has ${inBackup.join(', ')})`,
    );
  }
  return selection.partitions ?? inBackup;
}

/** An object to download, and the last offset it can hold (from its metadata, else up to the next object). */
export interface PlannedObject {
  readonly object: BackupObject;
  readonly holdsUpTo: number;
}

/** What a restore reads of one source partition, and the gaps in its selected range. */
export interface PartitionRestorePlan {
  readonly partition: number;
  /** In offset order; objects that overlap are all here (the copy writes each offset once). */
  readonly toRead: PlannedObject[];
  /** Offsets of the selected range that no object holds, clipped to the range. */
  readonly gaps: Gap[];
}

/**
 * Plans one partition from the keys and one HEAD per object near the range: the objects' metadata
 * says which offsets each one really holds (objects can overlap: then a key alone understates the
 * earlier one) and whether the range is continuous (next-offset, see coverage.ts).
 *
 * The selected range is the offset bounds; with a time range, also from the first object chosen by
 * time up to the first object after the chosen ones (records in the gaps there may be in the time
 * range; those before the first chosen object are an hour or more before it).
 */
export async function planPartition(
  cos: CosClient,
  bucket: string,
  selection: Selection,
  partition: number,
  objects: readonly BackupObject[],
  expired: readonly ExpiredMarker[],
): Promise<PartitionRestorePlan> {
  const from = selection.fromOffset?.at(partition) ?? 0;
  const to = selection.toOffset?.at(partition) ?? Number.POSITIVE_INFINITY;
  const timed = objectsInTimeRange(objects, selection.fromTime, selection.toTime);
  const byTime = new Set(timed);

  // The objects that may hold selected records by their keys alone, in offset order: objects[start,
  // end) are those with one more on each side (the one before may reach into the range).
  const chosen = objectsInOffsetRange(
    objects,
    selection.fromOffset?.at(partition),
    selection.toOffset?.at(partition),
  ).filter((o) => byTime.has(o));
  const start = chosen.length === 0 ? 0 : Math.max(0, objects.indexOf(chosen[0]) - 1);
  const end = chosen.length === 0 ? 0 : Math.min(objects.length, objects.indexOf(chosen[chosen.length - 1]) + 2);
  const headed = await headObjects(cos, bucket, objects.slice(start, end));
  const spans = offsetSpans(headed, end > start ? objects[end] : undefined);

  const toRead: PlannedObject[] = [];
  headed.forEach(({ object, metadata }, i) => {
    const next = objects[start + i + 1];
    const holdsUpTo = metadata
      ? metadata.lastOffset
      : next
        ? Math.max(object.startOffset, next.startOffset - 1)
        : Number.POSITIVE_INFINITY;
    const holdsFrom = Math.min(object.startOffset, spans[i].first);
    if (holdsFrom <= to && holdsUpTo >= from && byTime.has(object)) toRead.push({ object, holdsUpTo });
  });

  let region: { from: number; to: number } | undefined = { from, to };
  if (selection.fromTime !== undefined || selection.toTime !== undefined) {
    if (timed.length === 0) {
      region = undefined;
    } else {
      const after = objects[objects.indexOf(timed[timed.length - 1]) + 1];
      region = {
        from: Math.max(from, timed[0].startOffset),
        to: Math.min(to, after ? after.startOffset - 1 : Number.POSITIVE_INFINITY),
      };
    }
  }
  const gaps =
    region && region.from <= region.to ? gapsWithin(coverage(spans, expired).gaps, region.from, region.to) : [];
  return { partition, toRead, gaps };
}

/** Where a record stands against the selection; 'after' means no later offset can be selected either. */
export function placeRecord(selection: Selection, record: KafkaRecord): 'before' | 'inside' | 'after' | 'outside-time' {
  const from = selection.fromOffset?.at(record.partition);
  const to = selection.toOffset?.at(record.partition);
  if (from !== undefined && record.offset < from) return 'before';
  if (to !== undefined && record.offset > to) return 'after';
  if (selection.fromTime !== undefined && record.timestamp < selection.fromTime) return 'outside-time';
  if (selection.toTime !== undefined && record.timestamp >= selection.toTime) return 'outside-time';
  return 'inside';
}
