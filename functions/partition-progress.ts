// The handler's record of how far each partition is backed up, kept in the bucket so that it
// survives the consumer group's offsets expiring.
import {
  decodeWatched,
  encodeWatched,
  PartitionState,
  WatchedObject,
  expiredRangeKey,
  fromMetadata,
  fromStateMetadata,
  parseObjectKey,
  partitionStateKey,
  suspectKey,
  toStateMetadata,
} from '../contract/backup-format';
import { TopicConfig } from './config';
import { CosClient } from '../clients/cos';

/**
 * What a run must check of a partition before it goes on, kept in `_state/suspect/` (one HEAD):
 * an object flagged as possibly shorter than the one it replaced (`suspect`: written again from
 * its start), and objects that a run which did not finish may still overwrite (`watched`).
 */
export interface PartitionChecks {
  readonly suspect?: string;
  readonly watched: readonly WatchedObject[];
}

/**
 * How far each partition is backed up, kept in the bucket under the topic's `_state/` keys: the
 * record of progress that outlives the consumer group, whose offsets Kafka drops
 * `offsets.retention.minutes` after the last commit. One empty object per partition, its state
 * in the metadata, so reading it is one HEAD.
 */
export class PartitionProgress {
  constructor(
    private readonly cos: CosClient,
    private readonly config: TopicConfig,
  ) {}

  private key(partition: number): string {
    const { prefix, instanceId, topic } = this.config;
    return partitionStateKey(prefix, instanceId, topic, partition);
  }

  async read(partition: number): Promise<PartitionState | undefined> {
    const key = this.key(partition);
    const head = await this.cos.headObject({ bucket: this.config.bucket, key });
    return head ? fromStateMetadata(head.metadata, key) : undefined;
  }

  async write(partition: number, state: PartitionState): Promise<void> {
    await this.putEmpty(this.key(partition), toStateMetadata(state));
  }

  /**
   * Where the object at `key` starts and where the records it holds end (its next offset);
   * `heldUntil` is undefined when it is gone or has no offsets (a write that did not finish).
   */
  async reach(key: string): Promise<{ startOffset: number; heldUntil?: number }> {
    const startOffset = parseObjectKey(key, this.config.prefix)?.startOffset ?? 0;
    const head = await this.cos.headObject({ bucket: this.config.bucket, key });
    const metadata = head ? fromMetadata(head.metadata, key) : undefined;
    return { startOffset, heldUntil: metadata ? (metadata.nextOffset ?? metadata.lastOffset + 1) : undefined };
  }

  /** The objects of the partition that this run must check (see PartitionChecks). */
  async checks(partition: number): Promise<PartitionChecks> {
    const key = this.checksKey(partition);
    const head = await this.cos.headObject({ bucket: this.config.bucket, key });
    const { prefix, instanceId, topic } = this.config;
    return {
      ...(head?.metadata.key ? { suspect: head.metadata.key } : {}),
      watched: decodeWatched(head?.metadata.watch, { prefix, instanceId, topic, partition }, key),
    };
  }

  /** Replaces the partition's checks (an empty object clears them). */
  async setChecks(partition: number, checks: PartitionChecks): Promise<void> {
    await this.putEmpty(this.checksKey(partition), {
      ...(checks.suspect ? { key: checks.suspect } : {}),
      ...(checks.watched.length > 0 ? { watch: encodeWatched(checks.watched, this.config.prefix) } : {}),
    });
  }

  private checksKey(partition: number): string {
    const { prefix, instanceId, topic } = this.config;
    return suspectKey(prefix, instanceId, topic, partition);
  }

  /** Marks offsets [from, to) as deleted by retention before they were backed up, for ls and verify. */
  async recordExpired(partition: number, from: number, to: number): Promise<void> {
    const { prefix, instanceId, topic } = this.config;
    await this.putEmpty(expiredRangeKey(prefix, instanceId, topic, partition, from, to));
  }

  /** Writes an empty object: all it says is in its key and its metadata. */
  private async putEmpty(key: string, metadata?: Record<string, string>): Promise<void> {
    await this.cos.putObject({
      bucket: this.config.bucket,
      key,
      body: Buffer.alloc(0),
      ...(metadata ? { metadata } : {}),
      contentType: 'application/octet-stream',
    });
  }
}
