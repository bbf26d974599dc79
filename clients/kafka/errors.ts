// The errors of clients/kafka, so that callers tell apart a missing topic, deleted offsets, bad
// data and retriable broker failures without knowing kafkajs.

/** The topic is missing from the cluster (or this client may not describe it). */
export class TopicNotFoundError extends Error {
  constructor(readonly topic: string) {
    super(`Kafka topic "${topic}" does not exist (or this client is not authorized to describe it)`);
    this.name = 'TopicNotFoundError';
  }
}

/**
 * The broker no longer (or not yet) has the requested offset, typically because retention
 * deleted it. The reader does not skip ahead on its own: the caller decides.
 */
export class OffsetOutOfRangeError extends Error {
  constructor(
    readonly topic: string,
    readonly partition: number,
    readonly offset: number,
  ) {
    super(
      `Offset ${offset} is out of range for ${topic}/${partition}: ` +
        'the data was deleted by retention, or the offset is beyond the end of the log',
    );
    this.name = 'OffsetOutOfRangeError';
  }
}

/** Broker data that this client cannot represent or does not understand. */
export class KafkaDataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KafkaDataError';
  }
}

/**
 * A failure reported by the Kafka client library. kafkajs-adapter.ts turns every kafkajs error
 * into this class or a subclass, so no other code knows kafkajs' error names.
 */
export class KafkaClientError extends Error {
  constructor(
    message: string,
    readonly retriable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'KafkaClientError';
  }
}

/** The broker answered with an error code; `type` is the code's name, e.g. NOT_LEADER_OR_FOLLOWER. */
export class KafkaProtocolError extends KafkaClientError {
  constructor(
    message: string,
    readonly type: string,
    readonly code: number,
    retriable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, retriable, options);
    this.name = 'KafkaProtocolError';
  }
}

/** No connection, a timeout, or metadata not known (yet): another attempt may succeed. */
export class KafkaTransientError extends KafkaClientError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, true, options);
    this.name = 'KafkaTransientError';
  }
}

/** Whether another attempt at a broker call may succeed. */
export function isRetriable(error: unknown): boolean {
  return error instanceof KafkaClientError && error.retriable;
}
