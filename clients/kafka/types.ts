// The types of the Kafka client's public surface: connection settings, read options and what a
// read yields, with the record type from the contract.
import type { KafkaRecord } from '../../contract/kafka-record';
export type { KafkaHeader, KafkaRecord } from '../../contract/kafka-record';

export type SaslMechanism = 'plain' | 'scram-sha-256' | 'scram-sha-512';

export type KafkaLogLevel = 'error' | 'warn' | 'info' | 'debug';

/** A kafkajs log line as a plain JSON-serialisable object. */
export interface KafkaLogEntry {
  level: KafkaLogLevel;
  namespace: string;
  message: string;
  [field: string]: unknown;
}

export interface KafkaConnectionConfig {
  brokers: string[];
  clientId: string;
  sasl?: { mechanism: SaslMechanism; username: string; password: string };
  ssl?: boolean;
  connectionTimeoutMs?: number;
  requestTimeoutMs?: number;
  /** Attempts after the first one for retriable failures (default 5). */
  retries?: number;
  logLevel?: KafkaLogLevel;
  /** Receives kafkajs logs; default writes JSON lines to stderr. */
  log?: (entry: KafkaLogEntry) => void;
}

/**
 * read_committed: committed data only, up to the last stable offset. read_uncommitted: every
 * record up to the high watermark, aborted and open transactions included (control records are
 * skipped either way).
 */
export type Isolation = 'read_committed' | 'read_uncommitted';

export interface ReadOptions {
  /** Per-partition fetch size; raised automatically when one record batch is bigger. */
  maxBytesPerFetch?: number;
  signal?: AbortSignal;
  /** read_committed by default. */
  isolation?: Isolation;
}

/** What a partition read yields per fetch: its committed records, and the position reached. */
export interface ReadBatch {
  records: KafkaRecord[];
  /**
   * The offset after the last Kafka batch consumed, control batches and dropped records of
   * aborted transactions included: where the read would continue.
   */
  nextOffset: number;
}

/** A topic as disaster recovery records it: enough to create it again. */
export interface TopicDescription {
  partitions: number;
  replicationFactor: number;
  /** Entries set on the topic (not broker defaults). */
  configs: Record<string, string>;
}

/** A topic to create. */
export interface TopicSpec {
  topic: string;
  partitions: number;
  replicationFactor: number;
  configs: Record<string, string>;
}

/** A consumer group as its coordinator describes it. */
export interface GroupDescription {
  groupId: string;
  /** Kafka's group state: Empty, Stable, PreparingRebalance, CompletingRebalance or Dead. */
  state: string;
  protocolType: string;
  /** Active members; a group with any cannot take offsets from outside. */
  members: number;
}
