// Kafka access for the backup handler and the restore CLI. Only kafkajs-adapter.ts touches
// kafkajs; everything else imports from here.
export { KafkaClient } from './client'
export { KafkaProducer, type ProducerOptions } from './producer'
export {
  KafkaClientError,
  KafkaDataError,
  KafkaProtocolError,
  KafkaTransientError,
  OffsetOutOfRangeError,
  TopicNotFoundError,
} from './errors'
export type { CompressionName } from './compression'
export type {
  KafkaConnectionConfig,
  KafkaHeader,
  KafkaLogEntry,
  KafkaLogLevel,
  KafkaRecord,
  ProduceAck,
  ProduceRecord,
  ReadOptions,
  SaslMechanism,
} from './types'
