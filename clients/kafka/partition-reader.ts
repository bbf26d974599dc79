// Reads one partition from an exact offset to an exact end with plain Fetch requests (no
// consumer group), committed data only by default (READ_COMMITTED: nothing at or past the last
// stable offset, records of aborted transactions and control records dropped by the decoder).
// One fetch is kept in flight ahead of the caller to overlap network and processing.
import { backoffMs, sleep } from '../retry';
import { KafkaDataError, OffsetOutOfRangeError } from './errors';
import { fetchRequest, type FetchPartitionResponse } from './fetch-request';
import { checkSafe } from './wire-int64';
import { protocolError, sendRequest, type KafkaBroker } from './kafkajs-adapter';
import { decodeRecordSet, type DecodedRecordSet } from './record-batch-decoder';
import { KAFKA_BACKOFF, withKafkaRetries, type KafkaRetryPolicy } from './retry-policy';
import type { Isolation, ReadBatch, ReadOptions } from './types';

const DEFAULT_MAX_BYTES = 4 * 1024 * 1024;
const MAX_WAIT_MS = 500;
const OFFSET_OUT_OF_RANGE = 1;

export interface PartitionReaderContext {
  leaderFor(topic: string, partition: number): Promise<KafkaBroker>;
  retryPolicy(signal?: AbortSignal): KafkaRetryPolicy;
  requestTimeoutMs: number;
}

interface FetchResult extends DecodedRecordSet {
  fetchedBytes: number;
  highWatermark: number;
  lastStableOffset: number;
}

/**
 * The committed records of [fromOffset, untilOffset), one batch per fetch, each with the position
 * reached: the offset after the last Kafka batch it consumed (records, control batches and
 * dropped aborted batches alike), at most untilOffset. The last batch ends at untilOffset; a
 * batch may hold no records when a fetch held only markers or aborted records.
 */
export async function* readPartition(
  context: PartitionReaderContext,
  topic: string,
  partition: number,
  fromOffset: number,
  untilOffset: number,
  options: ReadOptions = {},
): AsyncGenerator<ReadBatch> {
  checkSafe(fromOffset, 'fromOffset');
  checkSafe(untilOffset, 'untilOffset');
  if (fromOffset < 0 || untilOffset < fromOffset) {
    throw new RangeError(`Invalid offset range [${fromOffset}, ${untilOffset}) for ${topic}/${partition}`);
  }
  const { signal, isolation = 'read_committed' } = options;
  const policy = context.retryPolicy(signal);
  let maxBytes = options.maxBytesPerFetch ?? DEFAULT_MAX_BYTES;
  let stalls = 0;

  const fetchFrom = (offset: number): Promise<FetchResult> => {
    const pending = withKafkaRetries(`Fetching ${topic}/${partition} at offset ${offset}`, policy, async () => {
      const broker = await context.leaderFor(topic, partition);
      const request = fetchRequest(
        { topic, partition, offset, maxBytes },
        MAX_WAIT_MS,
        context.requestTimeoutMs,
        isolation,
      );
      const [answer] = await sendRequest(broker, request);
      return decodeAnswer(answer, topic, partition, offset, untilOffset, isolation);
    });
    pending.catch(() => undefined); // a prefetch the caller never awaits must not be unhandled
    return pending;
  };

  let offset = fromOffset;
  let next = offset < untilOffset ? fetchFrom(offset) : null;
  while (next) {
    signal?.throwIfAborted();
    const result = await next;
    next = null;
    if (result.nextOffset === null) {
      if (result.fetchedBytes > 0) {
        // The first batch did not fit: fetch exactly its size (or double when unknown).
        maxBytes = Math.max(result.truncatedBatchBytes, maxBytes * 2);
      } else if (++stalls > policy.retries) {
        throw new KafkaDataError(
          `${topic}/${partition} has no committed data at offset ${offset} (high watermark ${result.highWatermark}, ` +
            `last stable offset ${result.lastStableOffset}) although the read was asked to continue until ${untilOffset}`,
        );
      } else {
        await sleep(backoffMs(KAFKA_BACKOFF, stalls + 1), signal); // 400 ms, then doubling up to 5 s
      }
      next = fetchFrom(offset);
      continue;
    }
    if (result.nextOffset <= offset) {
      throw new KafkaDataError(`${topic}/${partition}: fetch at offset ${offset} returned no progress`);
    }
    stalls = 0;
    offset = result.nextOffset;
    if (offset < untilOffset) next = fetchFrom(offset);
    yield { records: result.records, nextOffset: Math.min(offset, untilOffset) };
  }
  signal?.throwIfAborted(); // an abort during the last yield still means the caller stopped
}

function decodeAnswer(
  answer: FetchPartitionResponse | undefined,
  topic: string,
  partition: number,
  offset: number,
  untilOffset: number,
  isolation: Isolation,
): FetchResult {
  if (!answer || answer.topic !== topic || answer.partition !== partition) {
    throw new KafkaDataError(`Fetch response for ${topic}/${partition} did not contain that partition`);
  }
  if (answer.errorCode === OFFSET_OUT_OF_RANGE) throw new OffsetOutOfRangeError(topic, partition, offset);
  // kafkajs knows every error code and whether it is retriable (NOT_LEADER_FOR_PARTITION...).
  if (answer.errorCode !== 0) throw protocolError(answer.errorCode);
  const decoded = decodeRecordSet(
    answer.records,
    { topic, partition, fromOffset: offset, untilOffset },
    // A broker sends no aborted list for read_uncommitted; no record is dropped then.
    isolation === 'read_committed' ? (answer.abortedTransactions ?? []) : [],
  );
  return {
    ...decoded,
    fetchedBytes: answer.records.length,
    highWatermark: answer.highWatermark,
    lastStableOffset: answer.lastStableOffset,
  };
}
