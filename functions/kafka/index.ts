// Kafka access for the backup handler and the restore CLI. Only this folder touches
// kafkajs internals; everything else imports from here.
import { registerKafkajsCodecs } from './compression'

registerKafkajsCodecs()

export { KafkaClient } from './client'
export { KafkaProducer, type ProducerOptions } from './producer'
export { KafkaDataError, OffsetOutOfRangeError, TopicNotFoundError } from './errors'
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
