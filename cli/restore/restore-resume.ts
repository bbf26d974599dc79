// How a restore recognizes its own records in the target topic (the origin header), so that a
// resumed or repeated restore finds what an earlier run wrote instead of writing it again.
import type { KafkaClient, KafkaRecord } from '../../clients/kafka';
import type { Checkpoint } from './restore-checkpoint';
import { UsageError } from '../command-line/usage-error';

/**
 * The target is scanned for the records a restore wrote, which are never transactional: up to
 * the high watermark and read uncommitted, so that another producer's open transaction in the
 * target neither hides them nor stalls the scan.
 */
const TARGET_SCAN = { isolation: 'read_uncommitted' } as const;

/** Name of the header a restore appends to every record: `<topic>/<partition>/<offset>` of the original. */
export const ORIGIN_HEADER = 'ckafka-cos-backup-origin';

export function originHeader(record: KafkaRecord): { key: string; value: Buffer } {
  return { key: ORIGIN_HEADER, value: Buffer.from(`${record.topic}/${record.partition}/${record.offset}`) };
}

/** The origin a restored record carries in its last header, or undefined. */
export function originOf(record: KafkaRecord): { topic: string; partition: number; offset: number } | undefined {
  const last = record.headers[record.headers.length - 1];
  if (!last || last.key !== ORIGIN_HEADER || last.value === null) return undefined;
  // Topic names cannot contain '/', so the last two fields are the numbers.
  const match = /^(.+)\/(\d+)\/(\d+)$/.exec(last.value.toString('utf8'));
  return match ? { topic: match[1], partition: Number(match[2]), offset: Number(match[3]) } : undefined;
}

/**
 * Brings a checkpoint up to date with what the target topic really holds. A produce call can be
 * acknowledged and the process killed before the checkpoint is saved; its records are then in
 * the target but not in the file. They sit after the target end offsets the file recorded, so
 * reading each target partition from there to its end and taking the origin headers of the
 * source topic finds them; the records are then skipped instead of written twice. Returns the
 * number of records found this way.
 */
export async function catchUpWithTarget(
  kafka: KafkaClient,
  targetTopic: string,
  sourceTopic: string,
  targetPartitions: number[],
  checkpoint: Checkpoint,
): Promise<number> {
  const ends = await kafka.highWatermarks(targetTopic, targetPartitions);
  let found = 0;
  for (const target of targetPartitions) {
    const from = checkpoint.targetEndOffset(target);
    const end = ends.get(target) ?? from;
    if (end < from) {
      throw new UsageError(
        `target ${targetTopic}/${target} ends at offset ${end}, before ${from} where checkpoint ${checkpoint.file} left it: ` +
          'was the topic deleted or recreated? Delete the checkpoint to restore again',
      );
    }
    if (end > from) {
      for await (const batch of kafka.readPartition(targetTopic, target, from, end, TARGET_SCAN)) {
        for (const record of batch.records) {
          const origin = originOf(record);
          if (origin?.topic !== sourceTopic) continue;
          checkpoint.markRestored(origin.partition, target, origin.offset);
          // Group offsets translate within a partition number (--restore-groups keeps partitions).
          if (origin.partition === target) checkpoint.resolveThresholds(origin.partition, origin.offset, record.offset);
          found += 1;
        }
      }
    }
    checkpoint.setTargetEndOffset(target, end);
  }
  return found;
}

/**
 * On a start without a checkpoint: the last record of a target partition that is a restored
 * record this restore would also write means an earlier run whose checkpoint is elsewhere (run
 * from another directory, or deleted). Returns a description of that record, or undefined.
 */
export async function earlierRestoreInTarget(
  kafka: KafkaClient,
  targetTopic: string,
  sourceTopic: string,
  ends: Map<number, number>,
  wouldWrite: (original: KafkaRecord) => boolean,
): Promise<string | undefined> {
  for (const [target, end] of ends) {
    if (end === 0) continue;
    for await (const batch of kafka.readPartition(targetTopic, target, end - 1, end, TARGET_SCAN)) {
      for (const record of batch.records) {
        const origin = originOf(record);
        if (
          origin?.topic === sourceTopic &&
          wouldWrite({ ...record, topic: origin.topic, partition: origin.partition, offset: origin.offset })
        ) {
          return `the last record of ${targetTopic}/${target} is ${origin.topic}/${origin.partition}/${origin.offset}`;
        }
      }
    }
  }
  return undefined;
}
