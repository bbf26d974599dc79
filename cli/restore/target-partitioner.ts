// Where a restored record goes in the target topic: its own partition number, or by key with
// --repartition-by-key.
import type { KafkaRecord } from '../../clients/kafka';
import { partitionForKey } from './murmur2';

/** Picks the target partition of a restored record. Deterministic, so a resumed restore agrees with the first run. */
export type TargetPartitioner = (record: KafkaRecord) => number;

/** The default: each record goes back to its own partition number. */
export const keepPartition: TargetPartitioner = (record) => record.partition;

/**
 * `--repartition-by-key`: Kafka's default partitioner (murmur2 of the key modulo the target's
 * partition count), so records with one key stay together and in order. Records without a
 * key are spread round-robin by offset (not randomly, so a rerun sends them to the same place).
 */
export function byKey(partitions: number): TargetPartitioner {
  return (record) =>
    record.key === null ? (record.partition + record.offset) % partitions : partitionForKey(record.key, partitions);
}
