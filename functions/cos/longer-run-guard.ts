/**
 * Before an object is written, checks whether the key already holds a run at
 * least as long. The key names the first offset, so an existing object is an
 * earlier run that started at the same offset; if it reached as far or further
 * (an overlapping run whose offsets were not committed), replacing it would
 * lose records.
 */
import { CosClient } from './cos-client';
import { METADATA_KEYS } from './object-metadata';

/** The existing object's last offset when it reaches at least `lastOffset`, else undefined. */
export async function existingLongerRun(
  client: CosClient,
  bucket: string,
  key: string,
  lastOffset: bigint,
): Promise<bigint | undefined> {
  const existing = await client.headObject({ bucket, key });
  const existingLast = existing?.metadata[METADATA_KEYS.lastOffset];
  // Without the metadata the object is from a write that failed at its last step: replace it.
  if (existingLast === undefined || !/^\d+$/.test(existingLast)) return undefined;
  return BigInt(existingLast) >= lastOffset ? BigInt(existingLast) : undefined;
}
