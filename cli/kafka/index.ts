// The restore's Kafka producer: only the CLI writes to Kafka, so the handler bundle leaves it out.
export { KafkaProducer, type ProduceAck, type ProduceRecord, type ProducerOptions } from './producer';
