// Types for the kafkajs 2.2.4 private modules that kafkajs-adapter.ts uses, and only what it
// uses. Nothing checks them against the package: the adapter's version guard refuses any
// other kafkajs release, and no other file may import these modules.

declare module 'kafkajs/src/protocol/encoder' {
  class Encoder {
    readonly buffer: Buffer;
    writeBuffer(value: Buffer): this;
  }
  export = Encoder;
}

declare module 'kafkajs/src/loggers' {
  interface LogEntry {
    namespace: string;
    level: number;
    label: string;
    log: { message: string; timestamp: string; [field: string]: unknown };
  }
  export const LEVELS: { NOTHING: 0; ERROR: 1; WARN: 2; INFO: 4; DEBUG: 5 };
  export function createLogger(options: {
    level: number;
    logCreator: (level: number) => (entry: LogEntry) => void;
  }): InternalLogger;
  export interface InternalLogger {
    namespace(name: string): InternalLogger;
  }
}

declare module 'kafkajs/src/network/socketFactory' {
  import type { ISocketFactory } from 'kafkajs';
  function socketFactory(): ISocketFactory;
  export = socketFactory;
}

declare module 'kafkajs/src/cluster' {
  import type { InternalLogger } from 'kafkajs/src/loggers';
  import type Encoder from 'kafkajs/src/protocol/encoder';

  class Cluster {
    constructor(options: {
      logger: InternalLogger;
      socketFactory: import('kafkajs').ISocketFactory;
      brokers: string[];
      clientId: string;
      ssl?: boolean;
      sasl?: { mechanism: string; username: string; password: string };
      connectionTimeout?: number;
      requestTimeout?: number;
      enforceRequestTimeout?: boolean;
      metadataMaxAge?: number;
      retry?: { retries?: number; initialRetryTime?: number; maxRetryTime?: number };
      allowAutoTopicCreation?: boolean;
      isolationLevel?: number;
    });
    connect(): Promise<void>;
    disconnect(): Promise<void>;
    refreshMetadata(): Promise<void>;
    /** One Metadata request; an empty `topics` asks for every topic. */
    metadata(options?: { topics?: string[] }): Promise<{ topicMetadata: { topic: string }[] }>;
    addTargetTopic(topic: string): Promise<void>;
    addMultipleTargetTopics(topics: string[]): Promise<void>;
    findTopicPartitionMetadata(topic: string): { partitionId: number; replicas: number[] }[];
    findControllerBroker(): Promise<Cluster.Broker>;
    brokerPool: { brokers: Record<string, unknown> };
    findLeaderForPartitions(topic: string, partitions: number[]): Record<string, number[]>;
    findBroker(options: { nodeId: string | number }): Promise<Cluster.Broker>;
    findGroupCoordinator(options: { groupId: string }): Promise<Cluster.Broker>;
  }

  namespace Cluster {
    /** What a broker connection sends. */
    interface ProtocolRequest<T> {
      request: {
        apiKey: number;
        apiVersion: number;
        apiName: string;
        encode: () => Promise<Encoder>;
      };
      response: { decode: (payload: Buffer) => Promise<T>; parse: (data: T) => Promise<T> };
      requestTimeout?: number;
    }

    interface PartitionOffsetAnswer {
      partition: number;
      offset: string;
    }

    interface Broker {
      connectionPool: {
        send<T>(request: ProtocolRequest<T>): Promise<T>;
        /** Connects the pool's socket for this API (Fetch has its own) if needed. */
        getConnectionByRequest(request: { request: { apiKey: number } }): Promise<unknown>;
      };
      disconnect(): Promise<void>;
      listOffsets(request: {
        replicaId?: number;
        isolationLevel?: number;
        topics: { topic: string; partitions: { partition: number; timestamp: number }[] }[];
      }): Promise<{ responses: { topic: string; partitions: PartitionOffsetAnswer[] }[] }>;
      offsetCommit(request: {
        groupId: string;
        groupGenerationId: number;
        memberId: string;
        retentionTime?: number;
        topics: { topic: string; partitions: { partition: number; offset: string }[] }[];
      }): Promise<unknown>;
      offsetFetch(request: {
        groupId: string;
        topics: { topic: string; partitions: { partition: number }[] }[];
      }): Promise<{ responses: { topic: string; partitions: PartitionOffsetAnswer[] }[] }>;
      describeConfigs(request: {
        resources: { type: number; name: string; configNames?: string[] }[];
        includeSynonyms?: boolean;
      }): Promise<{
        resources: {
          resourceName: string;
          configEntries: {
            configName: string;
            configValue: string | null;
            isDefault: boolean;
            configSource?: number;
            isSensitive: boolean;
          }[];
        }[];
      }>;
      listGroups(): Promise<{ groups: { groupId: string; protocolType: string }[] }>;
      describeGroups(request: { groupIds: string[] }): Promise<{
        groups: { groupId: string; state: string; protocolType: string; members: unknown[] }[];
      }>;
      createTopics(request: {
        topics: {
          topic: string;
          numPartitions: number;
          replicationFactor: number;
          configEntries: { name: string; value: string }[];
        }[];
        validateOnly?: boolean;
        timeout?: number;
      }): Promise<unknown>;
    }
  }

  export = Cluster;
}

declare module 'kafkajs/src/protocol/requests/produce' {
  import type Encoder from 'kafkajs/src/protocol/encoder';

  interface ProduceArgs {
    acks: number;
    timeout: number;
    compression: number;
    transactionalId?: string | null;
    producerId?: unknown;
    producerEpoch?: number;
    topicData: {
      topic: string;
      partitions: { partition: number; firstSequence?: number; messages: unknown[] }[];
    }[];
  }
  type ProduceRequestFactory = (args: ProduceArgs) => {
    request: { apiKey: number; apiVersion: number; apiName: string; encode: () => Promise<Encoder> };
    response: unknown;
  };
  // A plain exports object that the broker reads on every produce call.
  const definition: {
    protocol: (options: { version: number }) => ProduceRequestFactory;
  };
  export = definition;
}

declare module 'kafkajs/src/protocol/recordBatch/v0' {
  import type Encoder from 'kafkajs/src/protocol/encoder';

  export function RecordBatch(options: {
    compression?: number;
    records: Encoder[];
    /** Written through kafkajs' Long.fromValue, which takes a bigint exactly. */
    firstTimestamp: number | bigint;
    maxTimestamp: number | bigint;
    producerId?: unknown;
    producerEpoch?: number;
    firstSequence?: number;
    transactional?: boolean;
    lastOffsetDelta: number;
  }): Promise<Encoder>;
}

declare module 'kafkajs/src/protocol/error' {
  /** A KafkaJSProtocolError carrying the code's name (`type`) and whether it is retriable. */
  export function createErrorFromCode(code: number): Error & { type: string; code: number; retriable: boolean };
}
