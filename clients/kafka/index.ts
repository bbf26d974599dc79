// Kafka access for the backup handler (reading) and the restore CLI (reading and producing).
// Only kafkajs-adapter.ts touches kafkajs; code outside clients/kafka imports from here only.
// The handler never uses the producer, and esbuild leaves it out of the handler bundle.
export { KafkaClient } from './client';
export {
  KafkaClientError,
  KafkaDataError,
  KafkaProtocolError,
  KafkaTransientError,
  OffsetOutOfRangeError,
  TopicNotFoundError,
} from './errors';
export type { CompressionName } from './compression';
export type {
  KafkaConnectionConfig,
  KafkaHeader,
  KafkaLogEntry,
  KafkaLogLevel,
  KafkaRecord,
  ReadBatch,
  GroupDescription,
  ReadOptions,
  SaslMechanism,
  TopicDescription,
  TopicSpec,
} from './types';
export { KafkaProducer, type ProduceAck, type ProduceRecord, type ProducerOptions } from './producer';
export { registerKafkajsCodecs } from './kafkajs-adapter';
