/// <reference path="./kafkajs-internals.d.ts" />
import Encoder = require('kafkajs/src/protocol/encoder')
import type Cluster = require('kafkajs/src/cluster')
import { readSafeInt64 } from './int64'

// A Fetch request whose response keeps each partition's record_set as raw bytes, so that
// record-batch-decoder.ts (not kafkajs) decodes the records. Version 4 is the oldest with
// record batches and isolation levels; Kafka 4.0 still serves it.

const FETCH_API_KEY = 1
const FETCH_VERSION = 4
const READ_UNCOMMITTED = 0

export interface FetchPartitionRequest {
  topic: string
  partition: number
  offset: number
  maxBytes: number
}

export interface FetchPartitionResponse {
  topic: string
  partition: number
  errorCode: number
  highWatermark: number
  records: Buffer
}

export function fetchRequest(
  partition: FetchPartitionRequest,
  maxWaitMs: number,
  requestTimeoutMs: number
): Cluster.ProtocolRequest<FetchPartitionResponse[]> {
  return {
    request: {
      apiKey: FETCH_API_KEY,
      apiVersion: FETCH_VERSION,
      apiName: 'Fetch',
      encode: async () =>
        new Encoder()
          .writeInt32(-1) // replica id: a consumer
          .writeInt32(maxWaitMs)
          .writeInt32(1) // min bytes
          .writeInt32(partition.maxBytes) // response max bytes
          .writeInt8(READ_UNCOMMITTED)
          .writeArray([
            new Encoder()
              .writeString(partition.topic)
              .writeArray([
                new Encoder().writeInt32(partition.partition).writeInt64(partition.offset).writeInt32(partition.maxBytes),
              ]),
          ]),
    },
    response: { decode: async payload => decodeFetchResponse(payload), parse: async data => data },
    // The broker may hold the request for maxWaitMs before answering.
    requestTimeout: requestTimeoutMs + maxWaitMs,
  }
}

function decodeFetchResponse(buf: Buffer): FetchPartitionResponse[] {
  let pos = 4 // throttle time
  const out: FetchPartitionResponse[] = []
  const topicCount = buf.readInt32BE(pos)
  pos += 4
  for (let t = 0; t < topicCount; t++) {
    const nameLength = buf.readInt16BE(pos)
    const topic = buf.toString('utf8', pos + 2, pos + 2 + nameLength)
    pos += 2 + nameLength
    const partitionCount = buf.readInt32BE(pos)
    pos += 4
    for (let p = 0; p < partitionCount; p++) {
      const partition = buf.readInt32BE(pos)
      const errorCode = buf.readInt16BE(pos + 4)
      const highWatermark = readSafeInt64(buf, pos + 6, 'High watermark')
      pos += 22 // partition, error, high watermark, last stable offset
      const abortedCount = buf.readInt32BE(pos)
      pos += 4 + Math.max(abortedCount, 0) * 16
      const recordsLength = buf.readInt32BE(pos)
      pos += 4
      const records = recordsLength > 0 ? buf.subarray(pos, pos + recordsLength) : Buffer.alloc(0)
      pos += Math.max(recordsLength, 0)
      out.push({ topic, partition, errorCode, highWatermark, records })
    }
  }
  return out
}
