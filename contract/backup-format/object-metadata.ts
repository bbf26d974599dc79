// The offsets, record count and last timestamp carried in each object's COS metadata, so a reader
// learns what an object holds with one HEAD instead of a download.
import { parseInt64, type Int64 } from '../int64';
import { parseOffset } from './offset';

/**
 * User metadata of a backup object. COS stores each key as an `x-cos-meta-<key>`
 * header; the values are known only once the object is complete.
 */
export const METADATA_KEYS = {
  firstOffset: 'first-offset',
  lastOffset: 'last-offset',
  recordCount: 'record-count',
  nextOffset: 'next-offset',
  lastTimestamp: 'last-timestamp',
} as const;

export interface BackupObjectMetadata {
  firstOffset: number;
  lastOffset: number;
  recordCount: number;
  /**
   * Where the following object starts: last + 1, or further when control records (transaction
   * markers) or compacted-away offsets follow. Absent in objects written before it existed.
   */
  nextOffset?: number;
  /**
   * Timestamp (epoch ms, any int64) of the object's last record, so the newest backed-up time of a
   * partition is known from one HEAD. Absent in objects written before it existed.
   */
  lastTimestamp?: Int64;
}

export function toMetadata(m: BackupObjectMetadata): Record<string, string> {
  return {
    [METADATA_KEYS.firstOffset]: String(m.firstOffset),
    [METADATA_KEYS.lastOffset]: String(m.lastOffset),
    [METADATA_KEYS.recordCount]: String(m.recordCount),
    ...(m.nextOffset !== undefined ? { [METADATA_KEYS.nextOffset]: String(m.nextOffset) } : {}),
    ...(m.lastTimestamp !== undefined ? { [METADATA_KEYS.lastTimestamp]: String(m.lastTimestamp) } : {}),
  };
}

const isInteger = (v: string | undefined): v is string => v !== undefined && /^\d+$/.test(v);

/**
 * `undefined` unless all three keys are present and well formed. Throws for an offset a number
 * cannot hold exactly; `where` (the object key) then starts the message.
 */
export function fromMetadata(metadata: Record<string, string>, where?: string): BackupObjectMetadata | undefined {
  const firstOffset = metadata[METADATA_KEYS.firstOffset];
  const lastOffset = metadata[METADATA_KEYS.lastOffset];
  const recordCount = metadata[METADATA_KEYS.recordCount];
  if (!isInteger(firstOffset) || !isInteger(lastOffset) || !isInteger(recordCount)) return undefined;
  const nextOffset = metadata[METADATA_KEYS.nextOffset];
  const lastTimestampText = metadata[METADATA_KEYS.lastTimestamp];
  const lastTimestamp = lastTimestampText === undefined ? undefined : parseInt64(lastTimestampText);
  return {
    firstOffset: parseOffset(firstOffset, metadataName(METADATA_KEYS.firstOffset, where)),
    lastOffset: parseOffset(lastOffset, metadataName(METADATA_KEYS.lastOffset, where)),
    recordCount: Number(recordCount),
    ...(isInteger(nextOffset)
      ? { nextOffset: parseOffset(nextOffset, metadataName(METADATA_KEYS.nextOffset, where)) }
      : {}),
    ...(lastTimestamp !== undefined ? { lastTimestamp } : {}),
  };
}

/**
 * The last offset alone, which is all the longer-run guard compares: `undefined` when absent or
 * malformed (a write that failed at its last step), and throws like fromMetadata.
 */
export function lastOffsetFromMetadata(metadata: Record<string, string>): number | undefined {
  const lastOffset = metadata[METADATA_KEYS.lastOffset];
  return isInteger(lastOffset) ? parseOffset(lastOffset, metadataName(METADATA_KEYS.lastOffset)) : undefined;
}

function metadataName(key: string, where?: string): string {
  return `${where ? `${where}: ` : ''}metadata ${key}`;
}
