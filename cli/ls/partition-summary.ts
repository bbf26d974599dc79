// One partition's summary line of `ls`, and a topic's (its partitions added up), shared by the text
// and JSON output and the HTML page.
import type { Int64 } from '../../contract/int64';
import type { Gap, GapKind, OffsetRange, Overlap } from '../backup/coverage';
import { counted, formatBytes, formatRanges } from '../command-line/text-format';
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

/** What `ls` says of one topic (and, added up, of the instance) without --topic; the field names are the --json contract. */
export interface TopicSummary {
  partitions: number;
  /** Partitions with a gap of either kind, an overlap or an object without offset metadata. */
  partitionsWithProblems: number;
  objects: number;
  bytes: number;
  records: number;
  objectsWithoutMetadata: number;
  missingGaps: number;
  expiredGaps: number;
  overlaps: number;
}

/** True when `ls` finds something wrong with the partition (the HTML page marks it). */
export function hasProblems(p: PartitionSummary): boolean {
  return p.gaps.length > 0 || p.overlaps.length > 0 || p.objectsWithoutMetadata > 0;
}

/** The topic's partitions added up. */
export function topicSummary(partitions: readonly PartitionSummary[]): TopicSummary {
  const sum = (of: (p: PartitionSummary) => number) => partitions.reduce((n, p) => n + of(p), 0);
  return {
    partitions: partitions.length,
    partitionsWithProblems: partitions.filter(hasProblems).length,
    objects: sum((p) => p.objects),
    bytes: sum((p) => p.bytes),
    records: sum((p) => p.records),
    objectsWithoutMetadata: sum((p) => p.objectsWithoutMetadata),
    missingGaps: sum((p) => p.gaps.filter((g) => g.kind === 'missing').length),
    expiredGaps: sum((p) => p.gaps.filter((g) => g.kind === 'expired-before-backup').length),
    overlaps: sum((p) => p.overlaps.length),
  };
}

/** Summaries added up: the instance's, from its topics'. */
export function addSummaries(summaries: readonly TopicSummary[]): TopicSummary {
  const total = topicSummary([]);
  for (const s of summaries) for (const name of Object.keys(total) as (keyof TopicSummary)[]) total[name] += s[name];
  return total;
}

/** `2 partitions, 5 objects, 111.8 KiB, 8750 records` (`8750+` when objects have no offset metadata). */
export function sizeText(s: TopicSummary): string {
  const records = `${s.records}${s.objectsWithoutMetadata > 0 ? '+' : ''} records`;
  return `${counted(s.partitions, 'partition')}, ${counted(s.objects, 'object')}, ${formatBytes(s.bytes)}, ${records}`;
}

/** `1 missing gap, 1 expired gap`: what is wrong, counted by kind; empty when nothing is. */
export function problemsText(s: TopicSummary): string {
  return [
    s.missingGaps > 0 ? counted(s.missingGaps, 'missing gap') : '',
    s.expiredGaps > 0 ? counted(s.expiredGaps, 'expired gap') : '',
    s.overlaps > 0 ? counted(s.overlaps, 'overlap') : '',
    s.objectsWithoutMetadata > 0
      ? counted(s.objectsWithoutMetadata, 'object without offset metadata', 'objects without offset metadata')
      : '',
  ]
    .filter((text) => text !== '')
    .join(', ');
}

/**
 * One line on a topic, for people: `2 partitions, 5 objects, 111.8 KiB, 8750 records; problems in
 * 1 partition: 1 missing gap, 1 expired gap`.
 */
export function summaryText(s: TopicSummary): string {
  const problems = problemsText(s);
  return problems === ''
    ? `${sizeText(s)}; no gap, overlap or object without offset metadata`
    : `${sizeText(s)}; problems in ${counted(s.partitionsWithProblems, 'partition')}: ${problems}`;
}
