/** The topic is missing from the cluster (or this client may not describe it). */
export class TopicNotFoundError extends Error {
  constructor(readonly topic: string) {
    super(`Kafka topic "${topic}" does not exist (or this client is not authorized to describe it)`)
    this.name = 'TopicNotFoundError'
  }
}

/**
 * The broker no longer (or not yet) has the requested offset, typically because retention
 * deleted it. The reader does not skip ahead on its own: the caller decides.
 */
export class OffsetOutOfRangeError extends Error {
  constructor(readonly topic: string, readonly partition: number, readonly offset: number) {
    super(
      `Offset ${offset} is out of range for ${topic}/${partition}: ` +
        'the data was deleted by retention, or the offset is beyond the end of the log'
    )
    this.name = 'OffsetOutOfRangeError'
  }
}

/** Broker data that this client cannot represent or does not understand. */
export class KafkaDataError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'KafkaDataError'
  }
}
