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
  /** Kafka offsets are 64-bit: kept as decimal strings, compared as bigint. */
  firstOffset: string;
  lastOffset: string;
  recordCount: number;
}

export function toMetadata(m: BackupObjectMetadata): Record<string, string> {
  return {
    [METADATA_KEYS.firstOffset]: m.firstOffset,
    [METADATA_KEYS.lastOffset]: m.lastOffset,
    [METADATA_KEYS.recordCount]: String(m.recordCount),
  };
}

/** `undefined` unless all three keys are present and well formed. */
export function fromMetadata(metadata: Record<string, string>): BackupObjectMetadata | undefined {
  const firstOffset = metadata[METADATA_KEYS.firstOffset];
  const lastOffset = metadata[METADATA_KEYS.lastOffset];
  const recordCount = metadata[METADATA_KEYS.recordCount];
  const isInteger = (v: string | undefined): v is string => v !== undefined && /^\d+$/.test(v);
  if (!isInteger(firstOffset) || !isInteger(lastOffset) || !isInteger(recordCount)) return undefined;
  return { firstOffset, lastOffset, recordCount: Number(recordCount) };
}
