// One partition's summary line of `ls`, shared by the text and JSON output and the HTML page.
import type { Int64 } from '../../contract/int64';
import type { Gap, OffsetRange, Overlap } from '../backup/coverage';

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
