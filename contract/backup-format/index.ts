// The backup format: what the handler writes and the CLI reads. Both import it from here only,
// so a change to the format is a change to this folder.
export { fromMetadata, lastOffsetFromMetadata, METADATA_KEYS, toMetadata } from './object-metadata';
export type { BackupObjectMetadata } from './object-metadata';
export {
  FIRST_KEY_TIME_MS,
  instancePrefix,
  LAST_KEY_TIME_MS,
  objectKey,
  objectKeyInFolder,
  OFFSET_DIGITS,
  parseObjectKey,
  topicPrefix,
} from './object-key';
export type { ObjectKeyParts, ParsedObjectKey } from './object-key';
export { parseOffset } from './offset';
export { decodeRecordLine, encodeRecordLine } from './record-line';
export type { BackupHeader, BackupRecord } from './record-line';
export {
  expiredRangeKey,
  parseExpiredRangeKey,
  fromStateMetadata,
  partitionStateKey,
  STATE_FOLDER,
  stateFolder,
  suspectKey,
  toStateMetadata,
} from './state-keys';
export type { ExpiredRange, PartitionState } from './state-keys';
export { decodeWatched, encodeWatched, MAX_WATCHED_OBJECTS } from './watched-objects';
export type { WatchedObject } from './watched-objects';
export {
  decodeSnapshot,
  encodeSnapshot,
  parseSnapshotKey,
  SNAPSHOT_KINDS,
  SNAPSHOT_MARKER_METADATA,
  snapshotFolder,
  snapshotHash,
  snapshotKey,
  snapshotMarkerKey,
} from './snapshots';
export type { GroupOffsetsSnapshot, Snapshot, SnapshotKind, TopicConfigSnapshot } from './snapshots';
