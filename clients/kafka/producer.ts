// Writes records back to Kafka for a restore, keeping partitions, timestamps and ordered
// headers. One produce() call is one acknowledged unit the caller can checkpoint after.
import { isInt64, type Int64 } from '../../contract/int64';
import { CODEC_IDS, type CompressionName } from './compression';
import { checkConnectionConfig } from './connection-config';
import { safeNumberFromString } from './wire-int64';
import { createProducer, type KafkajsProducer, type OutgoingMessage } from './kafkajs-adapter';
import type { KafkaConnectionConfig, KafkaHeader } from './types';
import { orderedHeaderBody } from './produce-request';

export interface ProducerOptions {
  /** Idempotent (default): a retried request cannot duplicate records. */
  idempotent?: boolean;
  compression?: CompressionName;
  /** How long the broker may take to replicate (acks=all), in ms. */
  ackTimeoutMs?: number;
}

/** A record to produce. The partition is always explicit: a restore goes back where it came from. */
export interface ProduceRecord {
  partition: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: KafkaHeader[];
  /** Milliseconds since the epoch: any int64, a bigint beyond the safe integer range. */
  timestamp: Int64;
}

/** Acknowledgement of one produce call: every record in it is durably written (acks=all). */
export interface ProduceAck {
  topic: string;
  records: number;
  partitions: { partition: number; baseOffset: number; records: number }[];
}

export class KafkaProducer {
  private readonly producer: KafkajsProducer;
  private readonly compression: number;
  private readonly ackTimeoutMs: number;

  constructor(config: KafkaConnectionConfig, options: ProducerOptions = {}) {
    checkConnectionConfig(config);
    this.compression = CODEC_IDS[options.compression ?? 'none'];
    if (this.compression === CODEC_IDS.zstd) {
      throw new Error('zstd compression is not supported for producing; use gzip, snappy or lz4');
    }
    this.ackTimeoutMs = options.ackTimeoutMs ?? 30_000;
    this.producer = createProducer(config, { idempotent: options.idempotent ?? true, encodeBody: orderedHeaderBody });
  }

  connect(): Promise<void> {
    return this.producer.connect();
  }

  close(): Promise<void> {
    return this.producer.disconnect();
  }

  /** Sends the records with acks=all and resolves once all of them are written. */
  async produce(topic: string, records: ProduceRecord[]): Promise<ProduceAck> {
    const counts = new Map<number, number>();
    const messages = records.map((record, i) => {
      validate(record, i);
      counts.set(record.partition, (counts.get(record.partition) ?? 0) + 1);
      const message: OutgoingMessage = {
        partition: record.partition,
        key: record.key,
        value: record.value,
        headers: record.headers,
        timestamp: record.timestamp,
      };
      return message;
    });
    if (messages.length === 0) return { topic, records: 0, partitions: [] };
    const answers = await this.producer.send({
      topic,
      messages,
      acks: -1,
      timeoutMs: this.ackTimeoutMs,
      compression: this.compression,
    });
    return {
      topic,
      records: records.length,
      partitions: answers
        .map((a) => ({
          partition: a.partition,
          baseOffset: safeNumberFromString(a.baseOffset ?? '-1', `Base offset of ${topic}/${a.partition}`),
          records: counts.get(a.partition) ?? 0,
        }))
        .sort((a, b) => a.partition - b.partition),
    };
  }
}

function validate(record: ProduceRecord, index: number): void {
  const where = `record ${index}`;
  if (!Number.isInteger(record.partition) || record.partition < 0)
    throw new TypeError(`${where}: partition must be a non-negative integer`);
  if (!isInt64(record.timestamp))
    throw new TypeError(`${where}: timestamp must be an int64 of milliseconds (a safe integer, or a bigint)`);
  for (const field of ['key', 'value'] as const) {
    if (record[field] !== null && !Buffer.isBuffer(record[field]))
      throw new TypeError(`${where}: ${field} must be a Buffer or null`);
  }
  if (!Array.isArray(record.headers)) throw new TypeError(`${where}: headers must be an array`);
  record.headers.forEach((h, i) => {
    if (typeof h.key !== 'string') throw new TypeError(`${where}: header ${i} key must be a string`);
    if (h.value !== null && !Buffer.isBuffer(h.value))
      throw new TypeError(`${where}: header ${i} value must be a Buffer or null`);
  });
}
