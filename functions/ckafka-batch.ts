// The handler's path for SCF's native CKafka trigger, which pushes records in batches instead of
// letting the function read them: each batch becomes one object per partition.
import { encodeRecordLine, objectKey, parseOffset, toMetadata } from '../contract/backup-format';
import { MIB } from '../contract/settings';
import { BackupConfig } from './config';
import { CosClient } from '../clients/cos';
import { GzipObjectUpload } from './upload/object-upload';
import { CkafkaEvent, CkafkaMessage } from './events';
import { KafkaRecord } from '../clients/kafka';
import { log } from './log';

function partitionOf(message: CkafkaMessage): number {
  const partition = message.partition ?? message.Partition;
  if (!Number.isInteger(partition))
    throw new Error(`CKafka record without a partition: ${JSON.stringify(message).slice(0, 200)}`);
  return partition as number;
}

function text(value: string | null | undefined): Buffer | null {
  return value === null || value === undefined ? null : Buffer.from(value, 'utf8');
}

/**
 * Writes a batch pushed by SCF's native CKafka trigger: one object per partition, keyed by
 * the partition's first offset, so a redelivered batch rewrites the same keys. SCF delivers
 * neither timestamps nor headers; the arrival time stands in for the timestamp. Content
 * uploads end by `uploadsEndMs`, the rest by the end of `cos` (a cut-off fails the batch).
 */
export async function writeCkafkaBatch(
  config: BackupConfig,
  cos: CosClient,
  event: CkafkaEvent,
  uploadsEndMs?: number,
): Promise<number> {
  const arrivedAt = Date.now();
  const byPartition = new Map<number, KafkaRecord[]>();
  for (const { Ckafka: message } of event.Records) {
    const partition = partitionOf(message);
    const record: KafkaRecord = {
      topic: message.topic ?? config.topic,
      partition,
      // Event JSON from outside: an offset that is no integer must fail here, not end up in a key.
      offset: parseOffset(String(message.offset), `CKafka message offset of partition ${partition}`),
      timestamp: arrivedAt,
      key: text(message.msgKey),
      value: text(message.msgBody),
      headers: [],
    };
    byPartition.set(partition, [...(byPartition.get(partition) ?? []), record]);
  }
  let objects = 0;
  for (const [partition, records] of byPartition) {
    records.sort((a, b) => a.offset - b.offset);
    const first = records[0];
    const last = records[records.length - 1];
    const upload = new GzipObjectUpload(cos, {
      bucket: config.bucket,
      key: objectKey({
        prefix: config.prefix,
        instanceId: config.instanceId,
        topic: first.topic,
        partition,
        startOffset: first.offset,
        firstTimestampMs: first.timestamp,
      }),
      partSizeBytes: config.partSizeMiB * MIB,
      storageClass: config.storageClass,
      gzipLevel: config.compressionLevel,
      contentType: 'application/gzip',
      uploadsEndMs,
    });
    try {
      for (const record of records) await upload.write(`${encodeRecordLine(record)}\n`);
      const result = await upload.finish(
        toMetadata({
          firstOffset: first.offset,
          lastOffset: last.offset,
          recordCount: records.length,
          lastTimestamp: last.timestamp,
        }),
        { lastOffset: last.offset },
      );
      objects += result.skipped ? 0 : 1;
      log('info', result.skipped ? 'object-kept' : 'object-written', {
        key: result.key,
        partition,
        firstOffset: first.offset,
        lastOffset: last.offset,
        records: records.length,
        bytes: result.compressedBytes,
      });
    } catch (error) {
      await upload.abort().catch(() => undefined);
      throw error;
    }
  }
  return objects;
}
