// Before an object is written, checks whether the key already holds a run at least as long. The key
// names the first offset, so an existing object is an earlier run that started at the same offset;
// if it reached as far or further (an overlapping run whose offsets were not committed), replacing
// it would lose records.
import { lastOffsetFromMetadata } from '../../contract/backup-format';
import { CosClient } from '../../clients/cos';

/** The existing object's last offset when it reaches at least `lastOffset`, else undefined. */
export async function existingLongerRun(
  client: CosClient,
  bucket: string,
  key: string,
  lastOffset: number,
): Promise<number | undefined> {
  const existing = await client.headObject({ bucket, key });
  const existingLast = existing ? lastOffsetFromMetadata(existing.metadata) : undefined;
  // Without the metadata the object is from a write that failed at its last step: replace it.
  if (existingLast === undefined) return undefined;
  return existingLast >= lastOffset ? existingLast : undefined;
}
