// Which objects and records a restore reads: the range options parsed and cross-checked, and per
// partition the objects that may hold the range, refused where the backup has a gap.
import type { CosClient } from '../../clients/cos';
import type { KafkaRecord } from '../../clients/kafka';
import type { BackupObject, ExpiredMarker } from '../backup/backup-listing';
import type { Gap } from '../backup/coverage';
import { selectObjects } from '../backup/object-selection';
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
 * Plans one partition: every object that can hold a selected record, whatever its key (an object
 * can reach past later keys: its metadata says how far), and the gaps that can hold selected
 * records. See object-selection.ts for which objects get a HEAD and why no fewer.
 */
export async function planPartition(
  cos: CosClient,
  bucket: string,
  selection: Selection,
  partition: number,
  objects: readonly BackupObject[],
  expired: readonly ExpiredMarker[],
): Promise<PartitionRestorePlan> {
  const { selected, gaps } = await selectObjects(cos, bucket, objects, expired, {
    fromOffset: selection.fromOffset?.at(partition),
    toOffset: selection.toOffset?.at(partition),
    fromTime: selection.fromTime,
    toTime: selection.toTime,
  });
  return { partition, toRead: selected.map(({ object, holdsUpTo }) => ({ object, holdsUpTo })), gaps };
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
