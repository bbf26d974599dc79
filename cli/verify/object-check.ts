// `verify`'s check of one object: downloads and reads it whole, so that damage which a listing
// or metadata cannot show (a broken gzip stream, a bad line, offsets out of place) is found.
import { BackupObjectMetadata, decodeRecordLine, fromMetadata, METADATA_KEYS } from '../../contract/backup-format';
import type { Int64 } from '../../contract/int64';
import type { CosClient } from '../../clients/cos';
import type { BackupObject } from '../backup/backup-listing';
import { ObjectReadError, objectLines } from '../backup/object-lines';

export type ProblemKind =
  | 'missing'
  | 'read'
  | 'record'
  | 'placement'
  | 'offsets'
  | 'metadata'
  | 'empty'
  | 'gap'
  | 'expired-before-backup'
  | 'overlap';

export interface Problem {
  kind: ProblemKind;
  topic: string;
  partition: number;
  /** The object the problem is in; null for a gap, which is in no object. */
  key: string | null;
  /** One line that names the object key (or keys) and what is wrong. */
  message: string;
}

export interface ObjectCheck {
  object: BackupObject;
  /** Offsets of the first and last readable record (or from metadata when the object cannot be read). */
  first?: number;
  last?: number;
  /** Metadata next-offset: where the following object starts (undefined for objects written before it existed). */
  next?: number;
  records: number;
  problems: Problem[];
}

/** Per object, only the first problems are listed: a damaged object must not bury the others. */
const MAX_PROBLEMS_PER_OBJECT = 10;

export interface CheckOptions {
  /**
   * Deprecated --allow-compacted: accept offset gaps in objects without next-offset metadata.
   * Objects with it are checked exactly whatever this says.
   */
  allowLegacyGaps: boolean;
  maxLineBytes?: number;
  onProgress: (records: number, bytes: number) => void;
}

/**
 * Downloads one object and checks everything it can say about itself: gzip, every line a
 * valid record of the key's topic and partition, offsets rising from the key's start offset,
 * and the metadata's first/last/next offset and record count.
 *
 * An object with next-offset metadata was written by a handler that copies what Kafka returns
 * and records where the next object starts: offsets it skips (from the key's start offset to its
 * first record, and between records) are compacted away or transaction markers, not losses. An
 * object without it is held to the older rule: offsets start at the key's start offset and rise
 * by one (unless `allowLegacyGaps`).
 */
export async function checkObject(
  cos: CosClient,
  bucket: string,
  object: BackupObject,
  options: CheckOptions,
): Promise<ObjectCheck> {
  const { onProgress } = options;
  const problems: Problem[] = [];
  let hidden = 0;
  const problem = (kind: ProblemKind, detail: string) => {
    if (problems.length < MAX_PROBLEMS_PER_OBJECT) {
      problems.push({
        kind,
        topic: object.topic,
        partition: object.partition,
        key: object.key,
        message: `${object.key}: ${detail}`,
      });
    } else {
      hidden += 1;
    }
  };

  const head = await cos.headObject({ bucket, key: object.key });
  if (!head) {
    problem('missing', 'the object was listed but is gone (deleted while verify ran?)');
    return { object, records: 0, problems };
  }
  let metadata: BackupObjectMetadata | undefined;
  try {
    metadata = fromMetadata(head.metadata);
    if (metadata?.nextOffset !== undefined && metadata.nextOffset <= metadata.lastOffset) {
      problem(
        'metadata',
        `metadata next-offset is ${metadata.nextOffset} but it must be above last-offset ${metadata.lastOffset}`,
      );
    }
    const storedTime = head.metadata[METADATA_KEYS.lastTimestamp];
    if (metadata && storedTime !== undefined && metadata.lastTimestamp === undefined) {
      problem('metadata', `metadata last-timestamp "${storedTime}" is not an int64 (epoch ms)`);
    }
    if (!metadata)
      problem(
        'metadata',
        'metadata first-offset, last-offset and record-count are missing or malformed (x-cos-meta-*)',
      );
  } catch (error) {
    // An offset beyond 2^53: a problem of this object, not a reason to stop verifying.
    problem('metadata', (error as Error).message);
  }

  let first: number | undefined;
  let previous: number | undefined;
  /** Timestamp of the record with the highest offset so far: what metadata last-timestamp must be. */
  let lastTimestamp: Int64 | undefined;
  let records = 0;
  let readable = true;
  const exact = metadata?.nextOffset !== undefined;
  const allowGaps = exact || options.allowLegacyGaps;
  const gapHint = exact
    ? ''
    : ' (the object has no next-offset metadata; --allow-compacted accepts this in such objects of compacted or transactional topics)';
  try {
    for await (const line of objectLines(cos, bucket, object.key, {
      onBytes: (bytes) => onProgress(0, bytes),
      maxLineBytes: options.maxLineBytes,
    })) {
      let offset: number;
      let timestamp: Int64;
      try {
        const record = decodeRecordLine(line.text, `line ${line.number}`);
        if (record.topic !== object.topic || record.partition !== object.partition) {
          problem(
            'placement',
            `line ${line.number}: record of ${record.topic}/${record.partition} in an object of ${object.topic}/${object.partition}`,
          );
        }
        offset = record.offset;
        timestamp = record.timestamp;
      } catch (error) {
        problem('record', (error as Error).message);
        continue;
      }
      records += 1;
      onProgress(1, 0);
      if (previous === undefined) {
        first = offset;
        if (offset < object.startOffset) {
          problem('offsets', `first record has offset ${offset} but the key's start offset is ${object.startOffset}`);
        } else if (offset !== object.startOffset && !allowGaps) {
          problem(
            'offsets',
            `first record has offset ${offset} but the key's start offset is ${object.startOffset}${gapHint}`,
          );
        }
      } else if (offset <= previous) {
        problem(
          'offsets',
          `line ${line.number}: offset ${offset} is not above the previous record's offset ${previous}`,
        );
      } else if (offset !== previous + 1 && !allowGaps) {
        problem(
          'offsets',
          `line ${line.number}: offset ${offset} follows ${previous}: offsets ${previous + 1}-${offset - 1} are missing${gapHint}`,
        );
      }
      if (previous === undefined || offset > previous) lastTimestamp = timestamp;
      previous = previous === undefined ? offset : Math.max(previous, offset);
    }
  } catch (error) {
    readable = false;
    problem('read', error instanceof ObjectReadError ? error.detail : (error as Error).message);
  }

  if (readable && records === 0) problem('empty', 'holds no records');
  if (readable && metadata && records > 0) {
    const comparisons: [string, string, string][] = [
      ['first-offset', String(metadata.firstOffset), String(first)],
      ['last-offset', String(metadata.lastOffset), String(previous)],
      ['record-count', String(metadata.recordCount), String(records)],
    ];
    // Absent in objects written before it existed: nothing to compare then.
    if (metadata.lastTimestamp !== undefined)
      comparisons.push(['last-timestamp', String(metadata.lastTimestamp), String(lastTimestamp)]);
    for (const [name, stored, actual] of comparisons) {
      if (stored !== actual) problem('metadata', `metadata ${name} is ${stored} but the data says ${actual}`);
    }
  }
  if (hidden > 0) {
    problems.push({
      kind: problems[problems.length - 1].kind,
      topic: object.topic,
      partition: object.partition,
      key: object.key,
      message: `${object.key}: ... and ${hidden} more problems`,
    });
  }
  const next = metadata?.nextOffset;
  if (!readable && metadata) {
    return { object, first: metadata.firstOffset, last: metadata.lastOffset, next, records, problems };
  }
  return { object, first, last: previous, next, records, problems };
}
