// One HEAD per object for its offset metadata (no download), and the offsets each object accounts
// for: what coverage.ts needs to find gaps and overlaps for `ls` and `restore`.
import { BackupObjectMetadata, fromMetadata } from '../../contract/backup-format';
import { mapConcurrent } from '../../clients';
import type { CosClient } from '../../clients/cos';
import type { BackupObject } from './backup-listing';
import type { OffsetSpan } from './coverage';

/** An object with its offset metadata (undefined: none, or malformed). */
export interface HeadedObject {
  readonly object: BackupObject;
  readonly metadata?: BackupObjectMetadata;
}

const HEAD_CONCURRENCY = 16;

/** One HEAD per object, for the offset metadata. A failure names the object. */
export async function headObjects(
  cos: CosClient,
  bucket: string,
  objects: readonly BackupObject[],
): Promise<HeadedObject[]> {
  return mapConcurrent(objects, HEAD_CONCURRENCY, async (object) => {
    try {
      const head = await cos.headObject({ bucket, key: object.key });
      return { object, metadata: head ? fromMetadata(head.metadata, object.key) : undefined };
    } catch (error) {
      throw namingObject(error, object.key);
    }
  });
}

/**
 * The error with the object's key at the start of its message. The error itself is kept (its
 * class tells credential and network failures apart, see explainCosError).
 */
export function namingObject(error: unknown, key: string): unknown {
  if (error instanceof Error && !error.message.includes(key)) error.message = `${key}: ${error.message}`;
  return error;
}

/**
 * The offsets each object accounts for, in the order given (consecutive objects of one partition
 * in offset order; `following` is the object after the last one, if any). An object without
 * metadata (being written, or not written by the backup) is taken to reach the next object.
 */
export function offsetSpans(headed: readonly HeadedObject[], following?: BackupObject): OffsetSpan[] {
  return headed.map(({ object, metadata }, i) => {
    if (metadata) {
      return {
        key: object.key,
        start: object.startOffset,
        first: metadata.firstOffset,
        last: metadata.lastOffset,
        ...(metadata.nextOffset !== undefined ? { next: metadata.nextOffset } : {}),
      };
    }
    const next = headed[i + 1]?.object ?? following;
    return {
      key: object.key,
      start: object.startOffset,
      first: object.startOffset,
      last: next ? Math.max(object.startOffset, next.startOffset - 1) : object.startOffset,
    };
  });
}
