/// <reference path="./kafkajs-internals.d.ts" />
import produceDefinition = require('kafkajs/src/protocol/requests/produce')
import Encoder = require('kafkajs/src/protocol/encoder')
import { RecordBatch } from 'kafkajs/src/protocol/recordBatch/v0'
import { encodeRecord } from './record-encoder'
import type { KafkaHeader } from './types'

// kafkajs' Producer gives us idempotence, leader routing and retries, but its record encoder
// takes headers as an object. Its brokers look the Produce request up on this shared
// definition object at every call, so we wrap the factory there: requests whose messages
// carry a header *list* (which kafkajs alone would mis-encode) get their record batches
// encoded by record-encoder.ts; any other message is left to kafkajs. Being a property on a
// module's exports, this works the same from source (node, ts-jest) and in the esbuild bundle.

export interface OrderedHeaderMessage {
  key: Buffer | null
  value: Buffer | null
  headers: KafkaHeader[]
  timestamp: number
  partition: number
}

type ProduceArgs = Parameters<ReturnType<typeof produceDefinition.protocol>>[0]

const WRAPPED = Symbol.for('ckafka-cos-backup.orderedHeaders')

export function installOrderedHeaderEncoding(): void {
  const definition = produceDefinition as typeof produceDefinition & { [WRAPPED]?: true }
  if (definition[WRAPPED]) return
  const original = definition.protocol
  definition.protocol = ({ version }) => {
    const factory = original({ version })
    return args => {
      const built = factory(args)
      if (!carriesHeaderLists(args)) return built
      if (built.request.apiVersion < 3) {
        throw new Error(`Producing record headers needs Produce v3 (Kafka 0.11+); the broker offers v${built.request.apiVersion}`)
      }
      // Produce v3..v7 bodies share one layout; only the response differs, and stays kafkajs'.
      return { ...built, request: { ...built.request, encode: () => encodeProduceBody(args) } }
    }
  }
  definition[WRAPPED] = true
}

function carriesHeaderLists(args: ProduceArgs): boolean {
  return args.topicData.some(t => t.partitions.some(p => (p.messages as { headers?: unknown }[]).some(m => Array.isArray(m.headers))))
}

async function encodeProduceBody(args: ProduceArgs): Promise<Encoder> {
  const topics: Encoder[] = []
  for (const { topic, partitions } of args.topicData) {
    const encodedPartitions: Encoder[] = []
    for (const { partition, firstSequence, messages } of partitions) {
      const batch = await encodeBatch(args, firstSequence ?? 0, messages as OrderedHeaderMessage[])
      encodedPartitions.push(new Encoder().writeInt32(partition).writeInt32(batch.length).writeBuffer(batch))
    }
    topics.push(new Encoder().writeString(topic).writeArray(encodedPartitions))
  }
  return new Encoder()
    .writeString(args.transactionalId ?? null)
    .writeInt16(args.acks)
    .writeInt32(args.timeout)
    .writeArray(topics)
}

async function encodeBatch(args: ProduceArgs, firstSequence: number, messages: OrderedHeaderMessage[]): Promise<Buffer> {
  let firstTimestamp = Infinity
  let maxTimestamp = -Infinity
  for (const { timestamp } of messages) {
    firstTimestamp = Math.min(firstTimestamp, timestamp)
    maxTimestamp = Math.max(maxTimestamp, timestamp)
  }
  const records = messages.map(
    (m, i) =>
      new Encoder().writeBuffer(
        encodeRecord({ offsetDelta: i, timestampDelta: m.timestamp - firstTimestamp, key: m.key, value: m.value, headers: m.headers })
      )
  )
  // kafkajs frames the batch (CRC-32C, producer id/epoch/sequence, compression via its codec registry).
  const batch = await RecordBatch({
    compression: args.compression,
    records,
    firstTimestamp,
    maxTimestamp,
    producerId: args.producerId,
    producerEpoch: args.producerEpoch,
    firstSequence,
    transactional: !!args.transactionalId,
    lastOffsetDelta: records.length - 1,
  })
  return batch.buffer
}
