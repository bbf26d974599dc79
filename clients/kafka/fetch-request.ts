// A Fetch request whose response keeps each partition's record_set as raw bytes, so that
// record-batch-decoder.ts (not kafkajs) decodes the records. Version 4 is the oldest with
// record batches and isolation levels; Kafka 4.0 still serves it.
//
// READ_COMMITTED: the broker returns batches below the last stable offset only (the first
// offset of the oldest open transaction, else the high watermark), and lists the aborted
// transactions among them; dropping those records is the decoder's job.
import { readSafeInt64 } from './wire-int64';
import { ISOLATION_LEVELS, type RawRequest } from './kafkajs-adapter';
import type { AbortedTransaction } from './record-batch-decoder';
import type { Isolation } from './types';

const FETCH_API_KEY = 1;
const FETCH_VERSION = 4;

export interface FetchPartitionRequest {
  topic: string;
  partition: number;
  offset: number;
  maxBytes: number;
}

export interface FetchPartitionResponse {
  topic: string;
  partition: number;
  errorCode: number;
  highWatermark: number;
  lastStableOffset: number;
  /** Aborted transactions overlapping the returned batches; null when the broker sent none. */
  abortedTransactions: AbortedTransaction[] | null;
  records: Buffer;
}

export function fetchRequest(
  partition: FetchPartitionRequest,
  maxWaitMs: number,
  requestTimeoutMs: number,
  isolation: Isolation = 'read_committed',
): RawRequest<FetchPartitionResponse[]> {
  const topic = Buffer.from(partition.topic, 'utf8');
  const body = Buffer.alloc(21 + 2 + topic.length + 20);
  let pos = body.writeInt32BE(-1, 0); // replica id: a consumer
  pos = body.writeInt32BE(maxWaitMs, pos);
  pos = body.writeInt32BE(1, pos); // min bytes
  pos = body.writeInt32BE(partition.maxBytes, pos); // response max bytes
  pos = body.writeInt8(ISOLATION_LEVELS[isolation], pos);
  pos = body.writeInt32BE(1, pos); // one topic
  pos = body.writeInt16BE(topic.length, pos);
  pos += topic.copy(body, pos);
  pos = body.writeInt32BE(1, pos); // one partition
  pos = body.writeInt32BE(partition.partition, pos);
  pos = body.writeBigInt64BE(BigInt(partition.offset), pos);
  body.writeInt32BE(partition.maxBytes, pos);
  return {
    apiKey: FETCH_API_KEY,
    apiVersion: FETCH_VERSION,
    apiName: 'Fetch',
    body,
    decode: decodeFetchResponse,
    // The broker may hold the request for maxWaitMs before answering.
    timeoutMs: requestTimeoutMs + maxWaitMs,
  };
}

function decodeFetchResponse(buf: Buffer): FetchPartitionResponse[] {
  let pos = 4; // throttle time
  const out: FetchPartitionResponse[] = [];
  const topicCount = buf.readInt32BE(pos);
  pos += 4;
  for (let t = 0; t < topicCount; t++) {
    const nameLength = buf.readInt16BE(pos);
    const topic = buf.toString('utf8', pos + 2, pos + 2 + nameLength);
    pos += 2 + nameLength;
    const partitionCount = buf.readInt32BE(pos);
    pos += 4;
    for (let p = 0; p < partitionCount; p++) {
      const partition = buf.readInt32BE(pos);
      const errorCode = buf.readInt16BE(pos + 4);
      const highWatermark = readSafeInt64(buf, pos + 6, 'High watermark');
      const lastStableOffset = readSafeInt64(buf, pos + 14, 'Last stable offset');
      pos += 22; // partition, error, high watermark, last stable offset
      const abortedCount = buf.readInt32BE(pos);
      pos += 4;
      let abortedTransactions: AbortedTransaction[] | null = null;
      if (abortedCount >= 0) {
        abortedTransactions = new Array<AbortedTransaction>(abortedCount);
        for (let i = 0; i < abortedCount; i++, pos += 16) {
          abortedTransactions[i] = {
            producerId: buf.readBigInt64BE(pos),
            firstOffset: readSafeInt64(buf, pos + 8, 'First offset of an aborted transaction'),
          };
        }
      }
      const recordsLength = buf.readInt32BE(pos);
      pos += 4;
      const records = recordsLength > 0 ? buf.subarray(pos, pos + recordsLength) : Buffer.alloc(0);
      pos += Math.max(recordsLength, 0);
      out.push({ topic, partition, errorCode, highWatermark, lastStableOffset, abortedTransactions, records });
    }
  }
  return out;
}
