import { parseOffset } from './offset';

/**
 * User metadata of a backup object. COS stores each key as an `x-cos-meta-<key>`
 * header; the values are known only once the object is complete.
 */
export const METADATA_KEYS = {
  firstOffset: 'first-offset',
  lastOffset: 'last-offset',
  recordCount: 'record-count',
} as const;

export interface BackupObjectMetadata {
  firstOffset: number;
  lastOffset: number;
  recordCount: number;
}

export function toMetadata(m: BackupObjectMetadata): Record<string, string> {
  return {
    [METADATA_KEYS.firstOffset]: String(m.firstOffset),
    [METADATA_KEYS.lastOffset]: String(m.lastOffset),
    [METADATA_KEYS.recordCount]: String(m.recordCount),
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
  return {
    firstOffset: parseOffset(firstOffset, metadataName(METADATA_KEYS.firstOffset, where)),
    lastOffset: parseOffset(lastOffset, metadataName(METADATA_KEYS.lastOffset, where)),
    recordCount: Number(recordCount),
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
