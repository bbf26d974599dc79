/**
 * The backup format: what the handler writes and the CLI reads. Both import it from here only,
 * so a change to the format is a change to this folder.
 */
export { decodeRecordLine, encodeRecordLine } from './record-line';
export type { BackupHeader, BackupRecord } from './record-line';
