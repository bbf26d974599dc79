// Offsets, metadata and reads on kafkajs' cluster layer, without a consumer group: each
// invocation reads exact ranges of its own partitions and commits only after its upload.
// Committed data only: reads and end offsets stop at the last stable offset (LSO), the first
// offset of the oldest open transaction (the high watermark when none is open).
import { checkConnectionConfig, CONNECTION_DEFAULTS } from './connection-config';
import { safeNumberFromString } from './wire-int64';
import { KafkajsCluster, type KafkaBroker } from './kafkajs-adapter';
import { logSink } from './logging';
import { readPartition } from './partition-reader';
import { withKafkaRetries, type KafkaRetryPolicy } from './retry-policy';
import type {
  GroupDescription,
  Isolation,
  KafkaConnectionConfig,
  KafkaLogEntry,
  ReadBatch,
  ReadOptions,
  TopicDescription,
  TopicSpec,
} from './types';

const LATEST = -1;
const EARLIEST = -2;
/** DescribeConfigs' source of an entry set on the topic itself. */
const TOPIC_CONFIG = 1;

export class KafkaClient {
  private readonly cluster: KafkajsCluster;
  private readonly retries: number;
  private readonly requestTimeoutMs: number;
  private readonly log: (entry: KafkaLogEntry) => void;

  constructor(config: KafkaConnectionConfig) {
    checkConnectionConfig(config);
    this.retries = config.retries ?? CONNECTION_DEFAULTS.retries;
    this.requestTimeoutMs = config.requestTimeoutMs ?? CONNECTION_DEFAULTS.requestTimeoutMs;
    this.log = logSink(config);
    this.cluster = new KafkajsCluster(config);
  }

  /** Connects to a seed broker (kafkajs retries this itself, within `retries`). */
  async connect(): Promise<void> {
    await this.cluster.connect();
  }

  async close(): Promise<void> {
    await this.cluster.disconnect();
  }

  /** The names of the cluster's topics, sorted (those the user may describe, under ACLs). */
  async listTopics(): Promise<string[]> {
    return withKafkaRetries('Listing topics', this.retryPolicy(), async () => (await this.cluster.topicNames()).sort());
  }

  /** Partition ids of topics that exist (see listTopics), sorted, from one metadata request. */
  async partitionsOf(topics: string[]): Promise<Map<string, number[]>> {
    if (topics.length === 0) return new Map();
    await withKafkaRetries('Loading topic metadata', this.retryPolicy(), () => this.cluster.loadTopics(topics));
    return new Map(topics.map((t) => [t, this.cluster.partitionIds(t).sort((a, b) => a - b)]));
  }

  /** Partition ids of a topic, sorted. Throws TopicNotFoundError when it does not exist. */
  async listPartitions(topic: string): Promise<number[]> {
    await this.cluster.loadTopic(topic);
    return this.cluster.partitionIds(topic).sort((a, b) => a - b);
  }

  /**
   * Where committed data ends in each partition, for now: the last stable offset. Records from
   * there on belong to a transaction still open, or follow one; it never moves backwards.
   */
  lastStableOffsets(topic: string, partitions: number[]): Promise<Map<number, number>> {
    return this.listOffsets(topic, partitions, LATEST);
  }

  /** Offset after the last written record of each partition, open transactions included. */
  highWatermarks(topic: string, partitions: number[]): Promise<Map<number, number>> {
    return this.listOffsets(topic, partitions, LATEST, 'read_uncommitted');
  }

  /** Earliest offset still stored (retention moves it forward). */
  lowWatermarks(topic: string, partitions: number[]): Promise<Map<number, number>> {
    return this.listOffsets(topic, partitions, EARLIEST);
  }

  /**
   * Earliest offset whose record timestamp is >= timestampMs. When no such record exists before
   * the last stable offset the broker answers -1; that is returned as the last stable offset,
   * so [answer, last stable offset) is always a valid (possibly empty) range.
   */
  async offsetsForTimestamp(topic: string, partitions: number[], timestampMs: number): Promise<Map<number, number>> {
    if (!Number.isSafeInteger(timestampMs) || timestampMs < 0) {
      throw new RangeError(`timestampMs must be a non-negative integer, got ${timestampMs}`);
    }
    const found = await this.listOffsets(topic, partitions, timestampMs);
    const missing = [...found].filter(([, offset]) => offset === -1).map(([partition]) => partition);
    if (missing.length > 0) {
      const ends = await this.lastStableOffsets(topic, missing);
      for (const [partition, end] of ends) found.set(partition, end);
    }
    return found;
  }

  /** The group's committed offsets (the next offset to read); null where nothing is committed. */
  async committedOffsets(groupId: string, topic: string, partitions: number[]): Promise<Map<number, number | null>> {
    return withKafkaRetries(`Fetching offsets of group "${groupId}" for ${topic}`, this.retryPolicy(), async () => {
      const committed = await this.cluster.committedOffsets(groupId, topic, partitions);
      const result = new Map<number, number | null>(partitions.map((p) => [p, null]));
      for (const { partition, offset } of committed) {
        const value = safeNumberFromString(offset, `Committed offset of ${topic}/${partition}`);
        result.set(partition, value < 0 ? null : value);
      }
      return result;
    });
  }

  /**
   * Commits `nextOffset` (the offset after the last backed-up record) as a simple commit:
   * generation -1 and no member id, which the broker accepts for a group without members.
   */
  async commitOffset(groupId: string, topic: string, partition: number, nextOffset: number): Promise<void> {
    if (!Number.isSafeInteger(nextOffset) || nextOffset < 0) {
      throw new RangeError(`nextOffset must be a non-negative integer, got ${nextOffset}`);
    }
    await withKafkaRetries(
      `Committing offset ${nextOffset} of ${topic}/${partition} for group "${groupId}"`,
      this.retryPolicy(),
      async () => {
        await this.cluster.commitOffset(groupId, topic, partition, String(nextOffset));
      },
    );
  }

  /**
   * Committed records of [fromOffset, untilOffset) in offset order, one batch per fetch, each
   * with the position reached (`nextOffset`, untilOffset for the last one). Control records,
   * records of aborted transactions and compacted-away offsets are skipped; untilOffset must not
   * be past the last stable offset (the high watermark with `isolation: 'read_uncommitted'`,
   * which keeps every record). OffsetOutOfRangeError when retention deleted the start.
   */
  readPartition(
    topic: string,
    partition: number,
    fromOffset: number,
    untilOffset: number,
    options: ReadOptions = {},
  ): AsyncGenerator<ReadBatch> {
    const context = {
      leaderFor: (t: string, p: number) => this.leaderFor(t, p),
      retryPolicy: (signal?: AbortSignal) => this.retryPolicy(signal),
      requestTimeoutMs: this.requestTimeoutMs,
    };
    return readPartition(context, topic, partition, fromOffset, untilOffset, options);
  }

  /**
   * Partition count, replication factor and the configuration set on each topic (entries whose
   * source is the topic, not a broker default), from one Metadata and one DescribeConfigs request.
   * Needs Describe and DescribeConfigs on the topics under Kafka ACLs.
   */
  async topicDescriptions(topics: string[]): Promise<Map<string, TopicDescription>> {
    if (topics.length === 0) return new Map();
    return withKafkaRetries('Describing topics', this.retryPolicy(), async () => {
      await this.cluster.loadTopics(topics);
      const configs = await this.cluster.admin.topicConfigs(topics);
      return new Map(
        topics.map((topic) => {
          const entries = (configs.get(topic) ?? []).filter(
            (e) =>
              !e.isSensitive && e.value !== null && (e.source !== undefined ? e.source === TOPIC_CONFIG : !e.isDefault),
          );
          const description: TopicDescription = {
            ...this.cluster.admin.layout(topic),
            configs: Object.fromEntries(entries.map((e) => [e.name, e.value as string])),
          };
          return [topic, description];
        }),
      );
    });
  }

  /** Every consumer group of the cluster (those the user may describe, under ACLs), sorted. */
  consumerGroupIds(): Promise<string[]> {
    return withKafkaRetries('Listing consumer groups', this.retryPolicy(), () => this.cluster.admin.groupIds());
  }

  /** The group's committed offsets on several topics (one OffsetFetch); partitions without one are left out. */
  groupOffsets(groupId: string, topics: Map<string, number[]>): Promise<Map<string, Map<number, number>>> {
    return withKafkaRetries(`Fetching offsets of group "${groupId}"`, this.retryPolicy(), async () => {
      const answers = await this.cluster.admin.groupOffsets(groupId, topics);
      const result = new Map<string, Map<number, number>>();
      for (const [topic, offsets] of answers) {
        const committed = new Map<number, number>();
        for (const { partition, offset } of offsets) {
          const value = safeNumberFromString(offset, `Committed offset of ${topic}/${partition}`);
          if (value >= 0) committed.set(partition, value);
        }
        if (committed.size > 0) result.set(topic, committed);
      }
      return result;
    });
  }

  /** State and member count of each group (its coordinator's answer). */
  describeGroups(groupIds: string[]): Promise<GroupDescription[]> {
    return withKafkaRetries('Describing consumer groups', this.retryPolicy(), () =>
      this.cluster.admin.describeGroups(groupIds),
    );
  }

  /** Creates a topic; a KafkaProtocolError such as TOPIC_ALREADY_EXISTS when the broker refuses. */
  async createTopic(spec: TopicSpec): Promise<void> {
    await this.cluster.admin.createTopic({
      topic: spec.topic,
      numPartitions: spec.partitions,
      replicationFactor: spec.replicationFactor,
      configEntries: Object.entries(spec.configs).map(([name, value]) => ({ name, value })),
    });
    await this.cluster.refreshMetadata();
  }

  /** Commits a group's offsets of one topic (no member, no generation: the group must have no members). */
  async commitGroupOffsets(groupId: string, topic: string, offsets: Map<number, number>): Promise<void> {
    for (const offset of offsets.values()) {
      if (!Number.isSafeInteger(offset) || offset < 0)
        throw new RangeError(`offsets must be non-negative integers, got ${offset}`);
    }
    await withKafkaRetries(`Committing offsets of ${topic} for group "${groupId}"`, this.retryPolicy(), () =>
      this.cluster.admin.commitOffsets(
        groupId,
        topic,
        [...offsets].map(([partition, offset]) => ({ partition, offset: String(offset) })),
      ),
    );
  }

  private async listOffsets(
    topic: string,
    partitions: number[],
    timestamp: number,
    isolation: Isolation = 'read_committed',
  ): Promise<Map<number, number>> {
    return withKafkaRetries(`Listing offsets of ${topic}`, this.retryPolicy(), async () => {
      await this.cluster.loadTopic(topic);
      const byLeader = this.leadersOf(topic, partitions);
      const answers = await Promise.all(
        [...byLeader].map(([nodeId, ids]) => this.cluster.listOffsets(nodeId, topic, ids, timestamp, isolation)),
      );
      const result = new Map<number, number>();
      for (const { partition, offset } of answers.flat()) {
        result.set(partition, safeNumberFromString(offset, `Offset of ${topic}/${partition}`));
      }
      return result;
    });
  }

  private async leaderFor(topic: string, partition: number): Promise<KafkaBroker> {
    await this.cluster.loadTopic(topic);
    const [nodeId] = this.leadersOf(topic, [partition]).keys();
    return this.cluster.broker(nodeId);
  }

  private leadersOf(topic: string, partitions: number[]): Map<number, number[]> {
    const byLeader = this.cluster.leaders(topic, partitions);
    const known = new Set([...byLeader.values()].flat());
    const unknown = partitions.filter((p) => !known.has(p));
    if (unknown.length > 0) throw new RangeError(`Topic "${topic}" has no partition ${unknown.join(', ')}`);
    return byLeader;
  }

  private retryPolicy(signal?: AbortSignal): KafkaRetryPolicy {
    const recover = async (error: unknown, what: string) => {
      const message = `${what} failed (${(error as Error).message}); refreshing metadata and retrying`;
      this.log({ level: 'warn', namespace: 'kafka.client', message });
      await this.cluster.refreshMetadata();
    };
    return { retries: this.retries, signal, recover };
  }
}
