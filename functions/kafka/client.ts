/// <reference path="./kafkajs-internals.d.ts" />
import Cluster = require('kafkajs/src/cluster')
import socketFactory = require('kafkajs/src/network/socketFactory')
import { checkConnectionConfig } from './connection-config'
import { TopicNotFoundError } from './errors'
import { safeNumberFromString } from './int64'
import { kafkajsLogger, logSink } from './logging'
import { readPartition } from './partition-reader'
import { withRetries, type RetryPolicy } from './retry'
import type { KafkaConnectionConfig, KafkaLogEntry, KafkaRecord, ReadOptions } from './types'

// Offsets, metadata and reads on kafkajs' cluster layer, without a consumer group: each
// invocation reads exact ranges of its own partitions and commits only after its upload.

const LATEST = -1
const EARLIEST = -2
const READ_UNCOMMITTED = 0

export class KafkaClient {
  private readonly cluster: Cluster
  private readonly retries: number
  private readonly requestTimeoutMs: number
  private readonly log: (entry: KafkaLogEntry) => void

  constructor(config: KafkaConnectionConfig) {
    checkConnectionConfig(config)
    this.retries = config.retries ?? 5
    this.requestTimeoutMs = config.requestTimeoutMs ?? 30_000
    this.log = logSink(config)
    this.cluster = new Cluster({
      logger: kafkajsLogger(config),
      socketFactory: socketFactory(),
      brokers: config.brokers,
      clientId: config.clientId,
      ssl: config.ssl,
      sasl: config.sasl,
      connectionTimeout: config.connectionTimeoutMs ?? 10_000,
      requestTimeout: this.requestTimeoutMs,
      enforceRequestTimeout: true,
      metadataMaxAge: 300_000,
      retry: { retries: this.retries, initialRetryTime: 300, maxRetryTime: 10_000 },
      allowAutoTopicCreation: false,
      isolationLevel: READ_UNCOMMITTED,
    })
  }

  /** Connects to a seed broker (kafkajs retries this itself, within `retries`). */
  async connect(): Promise<void> {
    await this.cluster.connect()
  }

  async close(): Promise<void> {
    await this.cluster.disconnect()
  }

  /** Partition ids of a topic, sorted. Throws TopicNotFoundError when it does not exist. */
  async listPartitions(topic: string): Promise<number[]> {
    await this.loadTopic(topic)
    return this.cluster
      .findTopicPartitionMetadata(topic)
      .map(p => p.partitionId)
      .sort((a, b) => a - b)
  }

  /** Offset after the last written record of each partition (read-uncommitted end of the log). */
  highWatermarks(topic: string, partitions: number[]): Promise<Map<number, number>> {
    return this.listOffsets(topic, partitions, LATEST)
  }

  /** Earliest offset still stored (retention moves it forward). */
  lowWatermarks(topic: string, partitions: number[]): Promise<Map<number, number>> {
    return this.listOffsets(topic, partitions, EARLIEST)
  }

  /**
   * Earliest offset whose record timestamp is >= timestampMs. When no such record exists the
   * broker answers -1; that is returned as the high watermark, so [answer, high watermark)
   * is always a valid (possibly empty) range.
   */
  async offsetsForTimestamp(topic: string, partitions: number[], timestampMs: number): Promise<Map<number, number>> {
    if (!Number.isSafeInteger(timestampMs) || timestampMs < 0) {
      throw new RangeError(`timestampMs must be a non-negative integer, got ${timestampMs}`)
    }
    const found = await this.listOffsets(topic, partitions, timestampMs)
    const missing = [...found].filter(([, offset]) => offset === -1).map(([partition]) => partition)
    if (missing.length > 0) {
      const ends = await this.highWatermarks(topic, missing)
      for (const [partition, end] of ends) found.set(partition, end)
    }
    return found
  }

  /** The group's committed offsets (the next offset to read); null where nothing is committed. */
  async committedOffsets(groupId: string, topic: string, partitions: number[]): Promise<Map<number, number | null>> {
    return withRetries(`Fetching offsets of group "${groupId}" for ${topic}`, this.retryPolicy(), async () => {
      const coordinator = await this.cluster.findGroupCoordinator({ groupId })
      const { responses } = await coordinator.offsetFetch({
        groupId,
        topics: [{ topic, partitions: partitions.map(partition => ({ partition })) }],
      })
      const result = new Map<number, number | null>(partitions.map(p => [p, null]))
      for (const { partition, offset } of responses.find(r => r.topic === topic)?.partitions ?? []) {
        const value = safeNumberFromString(offset, `Committed offset of ${topic}/${partition}`)
        result.set(partition, value < 0 ? null : value)
      }
      return result
    })
  }

  /**
   * Commits `nextOffset` (the offset after the last backed-up record) as a simple commit:
   * generation -1 and no member id, which the broker accepts for a group without members.
   */
  async commitOffset(groupId: string, topic: string, partition: number, nextOffset: number): Promise<void> {
    if (!Number.isSafeInteger(nextOffset) || nextOffset < 0) {
      throw new RangeError(`nextOffset must be a non-negative integer, got ${nextOffset}`)
    }
    await withRetries(`Committing offset ${nextOffset} of ${topic}/${partition} for group "${groupId}"`, this.retryPolicy(), async () => {
      const coordinator = await this.cluster.findGroupCoordinator({ groupId })
      await coordinator.offsetCommit({
        groupId,
        groupGenerationId: -1,
        memberId: '',
        retentionTime: -1,
        topics: [{ topic, partitions: [{ partition, offset: String(nextOffset) }] }],
      })
    })
  }

  /**
   * Records of [fromOffset, untilOffset) in offset order, as arrays (one per fetch). Control
   * records and compacted-away offsets are skipped; OffsetOutOfRangeError when retention
   * deleted the start.
   */
  readPartition(
    topic: string,
    partition: number,
    fromOffset: number,
    untilOffset: number,
    options: ReadOptions = {}
  ): AsyncGenerator<KafkaRecord[]> {
    const context = {
      leaderFor: (t: string, p: number) => this.leaderFor(t, p),
      retryPolicy: (signal?: AbortSignal) => this.retryPolicy(signal),
      requestTimeoutMs: this.requestTimeoutMs,
    }
    return readPartition(context, topic, partition, fromOffset, untilOffset, options)
  }

  private async listOffsets(topic: string, partitions: number[], timestamp: number): Promise<Map<number, number>> {
    return withRetries(`Listing offsets of ${topic}`, this.retryPolicy(), async () => {
      await this.loadTopic(topic)
      const byLeader = this.leadersOf(topic, partitions)
      const answers = await Promise.all(
        Object.entries(byLeader).map(async ([nodeId, ids]) => {
          const broker = await this.cluster.findBroker({ nodeId })
          return broker.listOffsets({
            replicaId: -1,
            isolationLevel: READ_UNCOMMITTED,
            topics: [{ topic, partitions: ids.map(partition => ({ partition, timestamp })) }],
          })
        })
      )
      const result = new Map<number, number>()
      for (const { responses } of answers) {
        for (const { partition, offset } of responses.flatMap(r => r.partitions)) {
          result.set(partition, safeNumberFromString(offset, `Offset of ${topic}/${partition}`))
        }
      }
      return result
    })
  }

  private async leaderFor(topic: string, partition: number): Promise<Cluster.Broker> {
    await this.loadTopic(topic)
    const [nodeId] = Object.keys(this.leadersOf(topic, [partition]))
    return this.cluster.findBroker({ nodeId })
  }

  private leadersOf(topic: string, partitions: number[]): Record<string, number[]> {
    const byLeader = this.cluster.findLeaderForPartitions(topic, partitions)
    const known = new Set(Object.values(byLeader).flat())
    const unknown = partitions.filter(p => !known.has(p))
    if (unknown.length > 0) throw new RangeError(`Topic "${topic}" has no partition ${unknown.join(', ')}`)
    return byLeader
  }

  private async loadTopic(topic: string): Promise<void> {
    try {
      await this.cluster.addTargetTopic(topic)
    } catch (error) {
      if ((error as { type?: string }).type === 'UNKNOWN_TOPIC_OR_PARTITION') throw new TopicNotFoundError(topic)
      throw error
    }
  }

  private retryPolicy(signal?: AbortSignal): RetryPolicy {
    const recover = async (error: unknown, what: string) => {
      const message = `${what} failed (${(error as Error).message}); refreshing metadata and retrying`
      this.log({ level: 'warn', namespace: 'kafka.client', message })
      await this.cluster.refreshMetadata()
    }
    return { retries: this.retries, signal, recover }
  }
}
