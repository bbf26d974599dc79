// Kafka access for the backup handler and the restore CLI (whose producer is in cli/kafka).
// Only kafkajs-adapter.ts touches kafkajs; everything else imports from here.
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
  ReadOptions,
  SaslMechanism,
} from './types';
