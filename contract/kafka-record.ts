// The Kafka record as every part of the product sees it: read by the handler's Kafka client,
// written to a backup line, restored by the CLI.
import type { Int64 } from './int64';

export type { Int64 } from './int64';

/** One header of a Kafka record. Kafka allows repeated keys; order is significant. */
export interface KafkaHeader {
  key: string;
  value: Buffer | null;
}

/** A record as read from (or written to) a Kafka partition. */
export interface KafkaRecord {
  topic: string;
  partition: number;
  offset: number;
  /**
   * Milliseconds since the epoch (create time, or log append time when the topic uses it), any
   * int64 a producer wrote: -1 (no timestamp), negative, microseconds by mistake, up to 2^63 - 1.
   * A bigint only beyond the safe integer range (contract/int64.ts).
   */
  timestamp: Int64;
  key: Buffer | null;
  value: Buffer | null;
  /** In the record's original order, repeats included. */
  headers: KafkaHeader[];
}
