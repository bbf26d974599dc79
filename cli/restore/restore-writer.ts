// Batches restored records into produce calls and advances the checkpoint only after the cluster
// acknowledged them.
import type { KafkaRecord } from '../../clients/kafka';
import type { KafkaProducer, ProduceRecord } from '../../clients/kafka';
import type { RateLimiter } from './rate-limiter';
import type { Checkpoint } from './restore-checkpoint';
import { originHeader } from './restore-resume';

export interface WriterOptions {
  /** Undefined for a dry run: records are counted, nothing is sent or saved. */
  producer?: KafkaProducer;
  topic: string;
  checkpoint: Checkpoint;
  limiter?: RateLimiter;
  /** Records and bytes (keys, values, headers) per produce call. */
  batchRecords: number;
  batchBytes: number;
  onWritten: (records: number) => void;
}

/**
 * Collects records into produce calls and saves the checkpoint after each acknowledged call
 * (acks=all), so the file never claims a record the cluster has not durably written. Records
 * keep key, value bytes, headers (order and repeats) and timestamp, plus the origin header last.
 */
export class RestoreWriter {
  private batch: { record: KafkaRecord; target: number }[] = [];
  private batchBytes = 0;

  constructor(private readonly options: WriterOptions) {}

  async add(record: KafkaRecord, target: number): Promise<void> {
    const bytes = recordBytes(record);
    if (this.batch.length > 0 && this.batchBytes + bytes > this.options.batchBytes) await this.flush();
    this.batch.push({ record, target });
    this.batchBytes += bytes;
    if (this.batch.length >= this.options.batchRecords) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.batch.length === 0) return;
    const { producer, checkpoint, limiter } = this.options;
    const batch = this.batch;
    this.batch = [];
    this.batchBytes = 0;
    await limiter?.take(batch.length);
    if (producer) {
      const ack = await producer.produce(this.options.topic, batch.map(toProduceRecord));
      const bases = new Map(ack.partitions.map((p) => [p.partition, p.baseOffset]));
      if (checkpoint.groups && [...bases.values()].some((base) => base < 0)) {
        throw new Error(
          `the cluster acknowledged a produce to ${this.options.topic} without the offsets it wrote the records at, ` +
            "so --restore-groups cannot translate the groups' offsets; rerun without --restore-groups and reset the groups by hand",
        );
      }
      for (const { record, target } of batch) checkpoint.markRestored(record.partition, target, record.offset);
      resolveThresholds(checkpoint, batch, bases);
      for (const p of ack.partitions) checkpoint.setTargetEndOffset(p.partition, p.baseOffset + p.records);
      checkpoint.save();
    } else {
      // A dry run: the records would land after the target's end (as this checkpoint knows it),
      // in this order, if nothing else writes to the target before the restore runs. The
      // checkpoint is not saved, so the expected offsets live in memory only.
      const bases = new Map<number, number>();
      for (const { target } of batch) if (!bases.has(target)) bases.set(target, checkpoint.targetEndOffset(target));
      const ends = resolveThresholds(checkpoint, batch, bases);
      for (const [target, end] of ends) checkpoint.setTargetEndOffset(target, end);
    }
    this.options.onWritten(batch.length);
  }
}

/**
 * Record i of a target partition in one produce call lands at the call's base offset for that
 * partition + i: the target offset of each record, for the group thresholds it reaches. Returns
 * where each target partition ends after the batch.
 */
function resolveThresholds(
  checkpoint: Checkpoint,
  batch: readonly { record: KafkaRecord; target: number }[],
  bases: Map<number, number>,
): Map<number, number> {
  const next = new Map(bases);
  for (const { record, target } of batch) {
    const offset = next.get(target)!;
    next.set(target, offset + 1);
    checkpoint.resolveThresholds(record.partition, record.offset, offset);
  }
  return next;
}

function toProduceRecord({ record, target }: { record: KafkaRecord; target: number }): ProduceRecord {
  return {
    partition: target,
    key: record.key,
    value: record.value,
    headers: [...record.headers, originHeader(record)],
    timestamp: record.timestamp,
  };
}

function recordBytes(record: KafkaRecord): number {
  let bytes = (record.key?.length ?? 0) + (record.value?.length ?? 0);
  for (const h of record.headers) bytes += h.key.length + (h.value?.length ?? 0);
  return bytes;
}
