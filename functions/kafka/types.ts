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

export interface ReadOptions {
  /** Per-partition fetch size; raised automatically when one record batch is bigger. */
  maxBytesPerFetch?: number;
  signal?: AbortSignal;
}
