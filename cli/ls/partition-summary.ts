// One partition's summary line of `ls`, shared by the text and JSON output and the HTML page.
import type { Int64 } from '../../contract/int64';
import type { Gap, GapKind, OffsetRange, Overlap } from '../backup/coverage';
import { formatRanges } from '../command-line/text-format';
import { WITHOUT_METADATA_CAUSES } from '../backup/without-metadata';

/** One partition's line of `ls`; the field names are the --json contract. */
export interface PartitionSummary {
  partition: number;
  objects: number;
  bytes: number;
  /** From object metadata; objects without it are not counted (see objectsWithoutMetadata). */
  records: number;
  objectsWithoutMetadata: number;
  /** Offsets of the first and the last record (null: no object, only an expired range). */
  firstOffset: number | null;
  lastOffset: number | null;
  /** Where the next object will start (metadata next-offset of the last object; null when it has none). */
  nextOffset: number | null;
  ranges: OffsetRange[];
  gaps: Gap[];
  overlaps: Overlap[];
  /** Hour of the first record, from the first object's key (dt/hour): approximate by design. */
  firstRecordHour: string | null;
  /** Hour of the first record of the last object: the last record is at or after it. */
  lastObjectHour: string | null;
  /**
   * Exact record times, only with --exact (else null): any int64, so beyond 2^53 a JSON number
   * with more digits than a double holds exactly.
   */
  firstTimestamp: Int64 | null;
  lastTimestamp: Int64 | null;
}

/**
 * What is wrong with a partition, as `ls` says it below its table and the HTML page in its row:
 * `kind` is the word that starts the text line; `problem` what the page marks (the kind of a gap,
 * an overlap, a gap that may be compaction, objects without offset metadata).
 */
export interface PartitionNote {
  kind: 'gap' | 'expired' | 'overlap' | 'note';
  problem: ProblemKind;
  text: string;
}

export type ProblemKind = GapKind | 'overlap' | 'inexact-gap' | 'no-metadata';

export function partitionNotes(topic: string, p: PartitionSummary): PartitionNote[] {
  const notes: PartitionNote[] = [];
  for (const gap of p.gaps) {
    const offsets = `${topic}/${p.partition} offsets ${formatRanges([gap])} (${gap.to - gap.from + 1})`;
    notes.push(
      gap.kind === 'expired-before-backup'
        ? {
            kind: 'expired',
            problem: gap.kind,
            text: `${offsets}: deleted by retention before the backup read them (${gap.marker})`,
          }
        : { kind: 'gap', problem: gap.kind, text: `${offsets}: no object between ${gap.after} and ${gap.before}` },
    );
  }
  for (const overlap of p.overlaps) {
    notes.push({
      kind: 'overlap',
      problem: 'overlap',
      text: `${topic}/${p.partition} offsets ${formatRanges([overlap])} are in both ${overlap.keys[0]} and ${overlap.keys[1]}`,
    });
  }
  if (p.gaps.some((gap) => gap.inexact)) {
    notes.push({
      kind: 'note',
      problem: 'inexact-gap',
      text: `${topic}/${p.partition}: a gap after an object without next-offset metadata (written before it existed) may be compaction on a compacted or transactional topic`,
    });
  }
  if (p.objectsWithoutMetadata > 0) {
    notes.push({
      kind: 'note',
      problem: 'no-metadata',
      text: `${topic}/${p.partition}: ${p.objectsWithoutMetadata} object(s) without offset metadata (${WITHOUT_METADATA_CAUSES}); run verify`,
    });
  }
  return notes;
}
