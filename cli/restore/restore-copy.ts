// The core of a restore: one source partition's selected records, read object by object from COS
// and handed to the writer, each offset at most once.
import type { CosClient } from '../../clients/cos';
import { decodeRecordLine } from '../../contract/backup-format';
import { ObjectReadError, objectLines } from '../backup/object-lines';
import type { Progress } from '../command-line/progress';
import type { Checkpoint } from './restore-checkpoint';
import { PlannedObject, placeRecord, Selection } from './restore-plan';
import type { RestoreWriter } from './restore-writer';
import type { TargetPartitioner } from './target-partitioner';

export interface PartitionReport {
  partition: number;
  restored: number;
  /** Read and skipped because the target has them (objects the checkpoint covers are not read at all). */
  alreadyRestored: number;
  outsideRange: number;
  /** Read again from an object that overlaps an earlier one, and not written again. */
  duplicatesSkipped: number;
  firstOffset: number | null;
  lastOffset: number | null;
}

/** What every partition of one restore shares. */
export interface CopyContext {
  cos: CosClient;
  bucket: string;
  selection: Selection;
  partitioner: TargetPartitioner;
  /** True when records keep their partition number (no --repartition-by-key). */
  keepsPartitions: boolean;
  checkpoint: Checkpoint;
  writer: RestoreWriter;
  progress: Progress;
  counters: { objectsRead: number; objectsSkipped: number };
  maxLineBytes: number;
}

/**
 * Streams one source partition's selected records, in offset order, into the writer, skipping
 * what the checkpoint says the target already has. Each offset is written at most once: objects
 * are read in start offset order and offsets only rise within one, so a record at or below the
 * highest offset already handed to the writer is one that overlapping objects hold twice. Ends
 * with a flush, so a produce call never mixes source partitions. `toRead` are the objects that
 * may hold selected records, in offset order.
 */
export async function copyPartition(
  context: CopyContext,
  partition: number,
  toRead: readonly PlannedObject[],
): Promise<PartitionReport> {
  const { checkpoint, writer, progress, counters } = context;
  const report: PartitionReport = {
    partition,
    restored: 0,
    alreadyRestored: 0,
    outsideRange: 0,
    duplicatesSkipped: 0,
    firstOffset: null,
    lastOffset: null,
  };
  let highest = -1;
  reading: for (const { object, holdsUpTo } of toRead) {
    if (
      holdsUpTo <= highest ||
      (context.keepsPartitions && checkpoint.lastRestored(partition, partition) >= holdsUpTo)
    ) {
      // Everything it can hold is written already: by this run, or by the runs the checkpoint covers.
      counters.objectsSkipped += 1;
      progress.add(0, object.size);
      continue;
    }
    counters.objectsRead += 1;
    const lines = objectLines(context.cos, context.bucket, object.key, {
      onBytes: (bytes) => progress.add(0, bytes),
      maxLineBytes: context.maxLineBytes,
    });
    for await (const line of readingObject(lines, object.key)) {
      const record = decodeLine(line.text, object.key, line.number);
      if (record.offset <= highest) {
        report.duplicatesSkipped += 1;
        continue;
      }
      highest = record.offset;
      const place = placeRecord(context.selection, record);
      if (place === 'after') break reading; // Offsets only rise: nothing later is selected.
      if (place !== 'inside') {
        report.outsideRange += 1;
        continue;
      }
      const target = context.partitioner(record);
      if (checkpoint.isRestored(partition, target, record.offset)) {
        report.alreadyRestored += 1;
        continue;
      }
      await writer.add(record, target);
      report.restored += 1;
      report.firstOffset ??= record.offset;
      report.lastOffset = record.offset;
    }
  }
  await writer.flush();
  return report;
}

const DAMAGED = 'the backup is damaged here; run verify, and restore around it with --from-offset/--to-offset';

/** The object's lines; a damaged object's error (it names the object) says what to do about it. */
async function* readingObject<T>(lines: AsyncGenerator<T>, key: string): AsyncGenerator<T> {
  try {
    yield* lines;
  } catch (error) {
    if (!(error instanceof ObjectReadError) || error.failure !== 'damaged') throw error;
    throw new ObjectReadError(key, error.failure, `${error.detail}: ${DAMAGED}`, { cause: error });
  }
}

function decodeLine(text: string, key: string, line: number) {
  try {
    return decodeRecordLine(text, `${key} line ${line}`);
  } catch (error) {
    throw new Error(`${(error as Error).message}: ${DAMAGED}`, { cause: error });
  }
}
