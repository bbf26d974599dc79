// The only file that imports kafkajs. Pinned at 2.2.4, unmaintained since 2023, and used partly
// through private modules (cluster, broker connection pool, encoder, Produce request): so the
// rest of the code sees a small typed interface and our own error classes, and any change to
// kafkajs' global state happens here.
import type { Message, SASLOptions } from 'kafkajs';
import kafkajsPackage = require('kafkajs/package.json');
import Cluster = require('kafkajs/src/cluster');
import { LEVELS, createLogger } from 'kafkajs/src/loggers';
import socketFactory = require('kafkajs/src/network/socketFactory');
import Encoder = require('kafkajs/src/protocol/encoder');
import { createErrorFromCode } from 'kafkajs/src/protocol/error';
import produceDefinition = require('kafkajs/src/protocol/requests/produce');
import { RecordBatch } from 'kafkajs/src/protocol/recordBatch/v0';
import type { Int64 } from '../../contract/int64';
import { compress, decompress } from './compression';
import { CONNECTION_DEFAULTS } from './connection-config';
import { KafkaClientError, KafkaProtocolError, KafkaTransientError, TopicNotFoundError } from './errors';
import { logSink } from './logging';
import type { Isolation, KafkaConnectionConfig, KafkaHeader, KafkaLogLevel } from './types';

/** The kafkajs release whose private modules and error names this file was written against. */
export const KAFKAJS_VERSION = '2.2.4';

export function checkKafkajsVersion(installed: string): void {
  if (installed !== KAFKAJS_VERSION) {
    throw new Error(
      `kafkajs ${installed} is installed, but clients/kafka/kafkajs-adapter.ts was written for kafkajs ${KAFKAJS_VERSION} ` +
        `and uses its private modules: check the adapter against ${installed} before changing KAFKAJS_VERSION`,
    );
  }
}

// At load, so that a different kafkajs stops the handler or CLI at start, not at some request.
// esbuild inlines the package.json it bundled, so a bundle checks the kafkajs inside it.
checkKafkajsVersion(kafkajsPackage.version);

/**
 * The isolation levels as Fetch and ListOffsets carry them. We read committed data only (see
 * partition-reader.ts); read_uncommitted is for the high watermark alone.
 */
export const ISOLATION_LEVELS: Record<Isolation, number> = { read_uncommitted: 0, read_committed: 1 };

// kafkajs errors after which another attempt may succeed: connections, timeouts, metadata not
// (yet) there. kafkajs names each of its error classes, so its errors are told apart by name.
const TRANSIENT_ERRORS = new Set([
  'KafkaJSConnectionError',
  'KafkaJSConnectionClosedError',
  'KafkaJSRequestTimeoutError',
  'KafkaJSBrokerNotFound',
  'KafkaJSLockTimeout',
  'KafkaJSMetadataNotLoaded',
  'KafkaJSTopicMetadataNotLoaded',
  'KafkaJSGroupCoordinatorNotFound',
  'KafkaJSNumberOfRetriesExceeded',
]);

/** Our error for a kafkajs one (same message, kafkajs' as the cause); any other value as it is. */
export function fromKafkajs(error: unknown): unknown {
  if (!(error instanceof Error) || !error.name.startsWith('KafkaJS')) return error;
  const e = error as Error & { type?: string; code?: number; retriable?: boolean };
  if (e.name === 'KafkaJSProtocolError') {
    return new KafkaProtocolError(e.message, e.type ?? 'UNKNOWN', e.code ?? -1, e.retriable === true, { cause: error });
  }
  if (TRANSIENT_ERRORS.has(e.name)) return new KafkaTransientError(e.message, { cause: error });
  return new KafkaClientError(e.message, false, { cause: error });
}

/** The error for a Kafka error code, e.g. from a Fetch response; kafkajs knows whether each is retriable. */
export function protocolError(code: number): KafkaProtocolError {
  return fromKafkajs(createErrorFromCode(code)) as KafkaProtocolError;
}

async function translated<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw fromKafkajs(error);
  }
}

function translatedSync<T>(call: () => T): T {
  try {
    return call();
  } catch (error) {
    throw fromKafkajs(error);
  }
}

// kafkajs logs to the console in its own format by default; route every entry to the
// configured sink as a plain object instead.

const LEVEL_NUMBERS: Record<KafkaLogLevel, number> = {
  error: LEVELS.ERROR,
  warn: LEVELS.WARN,
  info: LEVELS.INFO,
  debug: LEVELS.DEBUG,
};

const LEVEL_NAMES: Record<number, KafkaLogLevel> = {
  [LEVELS.ERROR]: 'error',
  [LEVELS.WARN]: 'warn',
  [LEVELS.INFO]: 'info',
  [LEVELS.DEBUG]: 'debug',
};

function logOptions(config: KafkaConnectionConfig) {
  const sink = logSink(config);
  return {
    logLevel: LEVEL_NUMBERS[config.logLevel ?? 'warn'],
    logCreator:
      () =>
      ({
        namespace,
        level,
        log,
      }: {
        namespace: string;
        level: number;
        log: { message: string; [field: string]: unknown };
      }) => {
        const { timestamp: _timestamp, logger: _logger, ...fields } = log;
        sink({
          ...fields,
          level: LEVEL_NAMES[level] ?? 'info',
          namespace: `kafkajs.${namespace}`,
          message: log.message,
        });
      },
  };
}

/**
 * kafkajs splits a seed broker at its first ':' (connectionPoolBuilder), which breaks IPv6
 * addresses in brackets, the form Kafka's bootstrap.servers takes. Such seeds get a stand-in host
 * name, and the socket factory connects the stand-in to the address.
 */
function seedBrokers(brokers: string[]): { brokers: string[]; socketFactory: ReturnType<typeof socketFactory> } {
  const addresses = new Map<string, string>();
  const seeds = brokers.map((broker, i) => {
    const m = /^\[([0-9A-Fa-f:.]+)\]:(\d+)$/.exec(broker);
    if (!m) return broker;
    const alias = `ipv6-seed-${i}.kafka.invalid`;
    addresses.set(alias, m[1]);
    return `${alias}:${m[2]}`;
  });
  const connect = socketFactory();
  return {
    brokers: seeds,
    socketFactory: (options) => connect({ ...options, host: addresses.get(options.host) ?? options.host }),
  };
}

/** Connection options shared by the cluster layer and the producer. */
function connectionOptions(config: KafkaConnectionConfig) {
  return {
    ...seedBrokers(config.brokers),
    clientId: config.clientId,
    ssl: config.ssl,
    connectionTimeout: config.connectionTimeoutMs ?? CONNECTION_DEFAULTS.connectionTimeoutMs,
    requestTimeout: config.requestTimeoutMs ?? CONNECTION_DEFAULTS.requestTimeoutMs,
    retry: { retries: config.retries ?? CONNECTION_DEFAULTS.retries, initialRetryTime: 300, maxRetryTime: 10_000 },
  };
}

/** A broker connection for our own requests (sendRequest); only this file looks inside. */
export type KafkaBroker = Cluster.Broker;

export interface PartitionOffset {
  partition: number;
  /** int64 as decimal text, as kafkajs gives it. */
  offset: string;
}

/** Metadata, brokers and offsets through kafkajs' cluster layer, without a consumer group. */
export class KafkajsCluster {
  private readonly cluster: Cluster;
  /** Topic and group administration over the same connections. */
  readonly admin: KafkajsAdmin;

  constructor(config: KafkaConnectionConfig) {
    const { logLevel, logCreator } = logOptions(config);
    this.cluster = new Cluster({
      ...connectionOptions(config),
      sasl: config.sasl,
      logger: createLogger({ level: logLevel, logCreator }),
      enforceRequestTimeout: true,
      metadataMaxAge: 300_000,
      allowAutoTopicCreation: false,
      isolationLevel: ISOLATION_LEVELS.read_committed,
    });
    this.admin = new KafkajsAdmin(this.cluster);
  }

  /** Connects to a seed broker (kafkajs retries this itself, within `retries`). */
  connect(): Promise<void> {
    return translated(() => this.cluster.connect());
  }

  disconnect(): Promise<void> {
    return translated(() => this.cluster.disconnect());
  }

  refreshMetadata(): Promise<void> {
    return translated(() => this.cluster.refreshMetadata());
  }

  /** Every topic's name, from one Metadata request for all topics (internal ones included). */
  async topicNames(): Promise<string[]> {
    return translated(async () => (await this.cluster.metadata()).topicMetadata.map((t) => t.topic));
  }

  /** Loads the topic's metadata; TopicNotFoundError when it does not exist. */
  async loadTopic(topic: string): Promise<void> {
    try {
      await this.cluster.addTargetTopic(topic);
    } catch (error) {
      if ((error as { type?: string }).type === 'UNKNOWN_TOPIC_OR_PARTITION') throw new TopicNotFoundError(topic);
      throw fromKafkajs(error);
    }
  }

  /** Loads the metadata of topics that exist, in one request. */
  loadTopics(topics: string[]): Promise<void> {
    return translated(() => this.cluster.addMultipleTargetTopics(topics));
  }

  /** Partition ids of a loaded topic, in metadata order. */
  partitionIds(topic: string): number[] {
    return translatedSync(() => this.cluster.findTopicPartitionMetadata(topic).map((p) => p.partitionId));
  }

  /** Leader node id -> the given partitions it leads, for a loaded topic; unknown partitions are left out. */
  leaders(topic: string, partitions: number[]): Map<number, number[]> {
    const byLeader = translatedSync(() => this.cluster.findLeaderForPartitions(topic, partitions));
    return new Map(Object.entries(byLeader).map(([nodeId, ids]) => [Number(nodeId), ids]));
  }

  broker(nodeId: number): Promise<KafkaBroker> {
    return translated(() => this.cluster.findBroker({ nodeId }));
  }

  /**
   * The broker that coordinates the group (it receives the group's offset requests). Named and
   * shaped like kafkajs' own, which test/support/fault-harness.ts reaches through the client.
   */
  findGroupCoordinator(options: { groupId: string }): Promise<KafkaBroker> {
    return translated(() => this.cluster.findGroupCoordinator(options));
  }

  /**
   * ListOffsets at one broker: `timestamp` is a time in ms, -1 (latest) or -2 (earliest).
   * Read committed (the default), latest is the last stable offset and a timestamp at or past it
   * finds nothing (-1); read uncommitted, latest is the high watermark.
   */
  listOffsets(
    nodeId: number,
    topic: string,
    partitions: number[],
    timestamp: number,
    isolation: Isolation = 'read_committed',
  ): Promise<PartitionOffset[]> {
    return translated(async () => {
      const broker = await this.cluster.findBroker({ nodeId });
      const { responses } = await broker.listOffsets({
        replicaId: -1,
        isolationLevel: ISOLATION_LEVELS[isolation],
        topics: [{ topic, partitions: partitions.map((partition) => ({ partition, timestamp })) }],
      });
      return responses.flatMap((r) => r.partitions).map(({ partition, offset }) => ({ partition, offset }));
    });
  }

  /** The group's committed offsets of the topic's partitions (negative where none). */
  committedOffsets(groupId: string, topic: string, partitions: number[]): Promise<PartitionOffset[]> {
    return translated(async () => {
      const coordinator = await this.findGroupCoordinator({ groupId });
      const { responses } = await coordinator.offsetFetch({
        groupId,
        topics: [{ topic, partitions: partitions.map((partition) => ({ partition })) }],
      });
      return (responses.find((r) => r.topic === topic)?.partitions ?? []).map(({ partition, offset }) => ({
        partition,
        offset,
      }));
    });
  }

  /** Commits as no member of no generation (see KafkaClient.commitOffset). */
  commitOffset(groupId: string, topic: string, partition: number, offset: string): Promise<void> {
    return translated(async () => {
      const coordinator = await this.findGroupCoordinator({ groupId });
      await coordinator.offsetCommit({
        groupId,
        groupGenerationId: -1,
        memberId: '',
        retentionTime: -1,
        topics: [{ topic, partitions: [{ partition, offset }] }],
      });
    });
  }
}

/** What DescribeConfigs says of one entry (v1+ has the source; v0 only whether it is a default). */
export interface ConfigEntryAnswer {
  name: string;
  value: string | null;
  isDefault: boolean;
  /** 1 TOPIC_CONFIG: set on the topic; 2..5: broker-level values and defaults. */
  source?: number;
  isSensitive: boolean;
}

/** A consumer group as DescribeGroups reports it. */
export interface GroupAnswer {
  groupId: string;
  state: string;
  protocolType: string;
  members: number;
}

/** Topic and group administration (disaster recovery) on kafkajs' broker layer. */
export class KafkajsAdmin {
  constructor(private readonly cluster: Cluster) {}

  /**
   * Partition count and replication factor of a loaded topic: the replica count most partitions
   * have (a partition being reassigned lists its adding replicas too).
   */
  layout(topic: string): { partitions: number; replicationFactor: number } {
    return translatedSync(() => {
      const partitions = this.cluster.findTopicPartitionMetadata(topic);
      return {
        partitions: partitions.length,
        replicationFactor: mostCommon(partitions.map((p) => p.replicas.length)),
      };
    });
  }

  /** Every configuration entry of each topic, from one DescribeConfigs request. */
  topicConfigs(topics: string[]): Promise<Map<string, ConfigEntryAnswer[]>> {
    return translated(async () => {
      const broker = await this.cluster.findControllerBroker();
      const { resources } = await broker.describeConfigs({
        resources: topics.map((name) => ({ type: TOPIC_RESOURCE, name })),
        includeSynonyms: false,
      });
      return new Map(
        resources.map((r) => [
          r.resourceName,
          r.configEntries.map((e) => ({
            name: e.configName,
            value: e.configValue,
            isDefault: e.isDefault,
            source: e.configSource,
            isSensitive: e.isSensitive,
          })),
        ]),
      );
    });
  }

  /**
   * The ids of every group of the cluster: each broker lists the groups it coordinates. The
   * brokers are those of the metadata already loaded (a fresh load is left to metadata errors).
   */
  groupIds(): Promise<string[]> {
    return translated(async () => {
      const ids = new Set<string>();
      for (const nodeId of Object.keys(this.cluster.brokerPool.brokers)) {
        const broker = await this.cluster.findBroker({ nodeId });
        const { groups } = await broker.listGroups();
        for (const { groupId } of groups) ids.add(groupId);
      }
      return [...ids].sort();
    });
  }

  /** State and member count of each group, asked of its coordinator. */
  describeGroups(groupIds: string[]): Promise<GroupAnswer[]> {
    return translated(async () => {
      const answers: GroupAnswer[] = [];
      for (const groupId of groupIds) {
        const coordinator = await this.cluster.findGroupCoordinator({ groupId });
        const { groups } = await coordinator.describeGroups({ groupIds: [groupId] });
        for (const g of groups)
          answers.push({ groupId: g.groupId, state: g.state, protocolType: g.protocolType, members: g.members.length });
      }
      return answers;
    });
  }

  /** The group's committed offsets of several topics, in one OffsetFetch. */
  groupOffsets(groupId: string, topics: Map<string, number[]>): Promise<Map<string, PartitionOffset[]>> {
    return translated(async () => {
      const coordinator = await this.cluster.findGroupCoordinator({ groupId });
      const { responses } = await coordinator.offsetFetch({
        groupId,
        topics: [...topics].map(([topic, partitions]) => ({
          topic,
          partitions: partitions.map((partition) => ({ partition })),
        })),
      });
      return new Map(
        responses.map((r) => [r.topic, r.partitions.map(({ partition, offset }) => ({ partition, offset }))]),
      );
    });
  }

  /** Creates a topic at the controller; the broker's error for it is thrown as ours. */
  async createTopic(topic: {
    topic: string;
    numPartitions: number;
    replicationFactor: number;
    configEntries: { name: string; value: string }[];
  }): Promise<void> {
    try {
      // The controller comes from the cached metadata, which a lookup of a topic that does not
      // exist yet (the usual step before creating it) leaves unloaded: load it first.
      await this.cluster.refreshMetadata();
      const controller = await this.cluster.findControllerBroker();
      await controller.createTopics({ topics: [topic], timeout: 30_000 });
    } catch (error) {
      // kafkajs wraps a topic's error code in an aggregate of KafkaJSCreateTopicError.
      const first = (error as { errors?: unknown[] }).errors?.[0] as { code?: number } | undefined;
      if (first?.code !== undefined) throw protocolError(first.code);
      throw fromKafkajs(error);
    }
  }

  /** Commits offsets as no member of no generation: the broker accepts it for a group without members. */
  commitOffsets(groupId: string, topic: string, offsets: PartitionOffset[]): Promise<void> {
    return translated(async () => {
      const coordinator = await this.cluster.findGroupCoordinator({ groupId });
      await coordinator.offsetCommit({
        groupId,
        groupGenerationId: -1,
        memberId: '',
        retentionTime: -1,
        topics: [{ topic, partitions: offsets }],
      });
    });
  }
}

/** The value that occurs most often (the larger on a tie); 1 for none. */
function mostCommon(values: number[]): number {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best = 1;
  let bestCount = 0;
  for (const [v, n] of counts) if (n > bestCount || (n === bestCount && v > best)) [best, bestCount] = [v, n];
  return best;
}

/** DescribeConfigs resource type of a topic. */
const TOPIC_RESOURCE = 2;

/** A request we encode and decode ourselves, sent over kafkajs' connection to one broker. */
export interface RawRequest<T> {
  apiKey: number;
  apiVersion: number;
  apiName: string;
  body: Buffer;
  decode: (payload: Buffer) => T;
  /** Instead of the connection's request timeout. */
  timeoutMs?: number;
}

// kafkajs opens a new socket for each request sent while its connection is still connecting,
// so requests that start together at one broker share a single connect.
const connecting = new WeakMap<KafkaBroker, Promise<unknown>>();

function connectFor(broker: KafkaBroker, apiKey: number): Promise<unknown> {
  let pending = connecting.get(broker);
  if (!pending) {
    pending = broker.connectionPool
      .getConnectionByRequest({ request: { apiKey } })
      .finally(() => connecting.delete(broker));
    connecting.set(broker, pending);
  }
  return pending;
}

export async function sendRequest<T>(broker: KafkaBroker, request: RawRequest<T>): Promise<T> {
  try {
    await connectFor(broker, request.apiKey);
    return await broker.connectionPool.send({
      request: {
        apiKey: request.apiKey,
        apiVersion: request.apiVersion,
        apiName: request.apiName,
        encode: async () => new Encoder().writeBuffer(request.body),
      },
      response: { decode: async (payload) => request.decode(payload), parse: async (data) => data },
      requestTimeout: request.timeoutMs,
    });
  } catch (error) {
    // Same as kafkajs' own broker calls: drop a closed connection so the next attempt reconnects.
    if ((error as Error).name === 'KafkaJSConnectionClosedError') await broker.disconnect();
    throw fromKafkajs(error);
  }
}

/** A record as handed to the producer: headers stay an ordered list. */
export interface OutgoingMessage {
  partition: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: KafkaHeader[];
  /** Any int64: a bigint beyond the safe integer range (contract/int64.ts). */
  timestamp: Int64;
}

/** A Produce request as kafkajs' producer builds it; the messages are those given to send(). */
export interface ProduceRequestArgs {
  acks: number;
  timeout: number;
  compression: number;
  transactionalId?: string | null;
  producerId?: unknown;
  producerEpoch?: number;
  topicData: {
    topic: string;
    partitions: { partition: number; firstSequence?: number; messages: OutgoingMessage[] }[];
  }[];
}

/**
 * Called as kafkajs builds each Produce request: returns an encoder of the request body to use
 * instead of kafkajs' own, or null to leave the request to kafkajs. May throw to refuse it.
 */
export type ProduceBodyEncoder = (args: ProduceRequestArgs, apiVersion: number) => (() => Promise<Buffer>) | null;

export interface KafkajsProducer {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  /** Resolves once the broker acknowledged every message; baseOffset is int64 as decimal text. */
  send(request: {
    topic: string;
    messages: OutgoingMessage[];
    acks: number;
    timeoutMs: number;
    compression: number;
  }): Promise<{ partition: number; baseOffset?: string }[]>;
}

export function createProducer(
  config: KafkaConnectionConfig,
  options: { idempotent: boolean; encodeBody: ProduceBodyEncoder },
): KafkajsProducer {
  // Required here, not imported: esbuild then leaves kafkajs' public entry (producer, consumer,
  // admin) out of bundles that never produce, such as the handler.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy on purpose, see above
  const { Kafka } = require('kafkajs') as typeof import('kafkajs');
  prepareForProducing(options.encodeBody);
  const kafka = new Kafka({
    ...connectionOptions(config),
    sasl: config.sasl as SASLOptions | undefined, // same three mechanisms, as one union
    ...logOptions(config),
  });
  const producer = kafka.producer({
    idempotent: options.idempotent,
    maxInFlightRequests: options.idempotent ? 1 : undefined,
    allowAutoTopicCreation: false,
    // Every message names its partition; this only stops kafkajs' partitioner warning.
    createPartitioner:
      () =>
      ({ message }) =>
        message.partition as number,
  });
  return {
    connect: () => translated(() => producer.connect()),
    disconnect: () => translated(() => producer.disconnect()),
    async send({ topic, messages, acks, timeoutMs, compression }) {
      const answers = await translated(() =>
        producer.send({
          topic,
          // kafkajs' type wants object headers; the body encoder writes the list.
          messages: messages as unknown as Message[],
          acks,
          timeout: timeoutMs,
          compression,
        }),
      );
      return answers.map((a) => ({ partition: a.partition, baseOffset: a.baseOffset }));
    },
  };
}

/**
 * Frames encoded records (magic v2) as a record batch for a Produce request: kafkajs writes the
 * CRC-32C and producer id/epoch/sequence, and compresses through its codec registry.
 */
export async function encodeRecordBatch(
  args: ProduceRequestArgs,
  // kafkajs writes int64s through its bigint-based Long: a bigint timestamp stays exact.
  batch: { records: Buffer[]; firstSequence: number; firstTimestamp: Int64; maxTimestamp: Int64 },
): Promise<Buffer> {
  const encoded = await RecordBatch({
    compression: args.compression,
    records: batch.records.map((record) => new Encoder().writeBuffer(record)),
    firstTimestamp: batch.firstTimestamp,
    maxTimestamp: batch.maxTimestamp,
    producerId: args.producerId,
    producerEpoch: args.producerEpoch,
    firstSequence: batch.firstSequence,
    transactional: !!args.transactionalId,
    lastOffsetDelta: batch.records.length - 1,
  });
  return encoded.buffer;
}

/** kafkajs compresses and decompresses through a global codec registry: point it at our codecs. */
export function registerKafkajsCodecs(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy: keeps kafkajs' public entry out of the handler bundle
  const { CompressionCodecs, CompressionTypes } = require('kafkajs') as typeof import('kafkajs');
  const codecFor = (codecId: number) => () => ({
    async compress(encoder: { buffer: Buffer }) {
      return compress(codecId, encoder.buffer);
    },
    async decompress(data: Buffer) {
      return decompress(codecId, data);
    },
  });
  CompressionCodecs[CompressionTypes.Snappy] = codecFor(2);
  CompressionCodecs[CompressionTypes.LZ4] = codecFor(3);
  CompressionCodecs[CompressionTypes.ZSTD] = codecFor(4);
}

const PREPARED = Symbol.for('ckafka-cos-backup.kafkajsPreparedForProducing');

// kafkajs' brokers look the Produce request up on this shared definition object at every call,
// so the factory is wrapped there, once per loaded kafkajs (the first body encoder stays). Being
// a property on a module's exports, this works the same from source and in an esbuild bundle.
function prepareForProducing(encodeBody: ProduceBodyEncoder): void {
  const definition = produceDefinition as typeof produceDefinition & { [PREPARED]?: true };
  if (definition[PREPARED]) return;
  registerKafkajsCodecs();
  const original = definition.protocol;
  definition.protocol = ({ version }) => {
    const factory = original({ version });
    return (args) => {
      const built = factory(args);
      const encode = encodeBody(args as ProduceRequestArgs, built.request.apiVersion);
      if (!encode) return built;
      return { ...built, request: { ...built.request, encode: async () => new Encoder().writeBuffer(await encode()) } };
    };
  };
  definition[PREPARED] = true;
}
