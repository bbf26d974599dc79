// kafkajs' Producer gives us idempotence, leader routing and retries, but its record encoder
// takes headers as an object. The adapter lets us encode Produce requests ourselves: requests
// whose messages carry a header *list* (which kafkajs alone would mis-encode) get their record
// batches encoded by record-encoder.ts; any other message is left to kafkajs.
import { subtractInt64, type Int64 } from '../../contract/int64';
import { encodeRecordBatch, type OutgoingMessage, type ProduceRequestArgs } from './kafkajs-adapter';
import { encodeRecord } from './record-encoder';

/** The adapter's ProduceBodyEncoder for ordered headers. */
export function orderedHeaderBody(args: ProduceRequestArgs, apiVersion: number): (() => Promise<Buffer>) | null {
  if (!carriesHeaderLists(args)) return null;
  if (apiVersion < 3) {
    throw new Error(`Producing record headers needs Produce v3 (Kafka 0.11+); the broker offers v${apiVersion}`);
  }
  // Produce v3..v7 bodies share one layout; only the response differs, and stays kafkajs'.
  return () => encodeProduceBody(args);
}

function carriesHeaderLists(args: ProduceRequestArgs): boolean {
  return args.topicData.some((t) => t.partitions.some((p) => p.messages.some((m) => Array.isArray(m.headers))));
}

async function encodeProduceBody(args: ProduceRequestArgs): Promise<Buffer> {
  const topics: Buffer[] = [];
  for (const { topic, partitions } of args.topicData) {
    const encodedPartitions: Buffer[] = [];
    for (const { partition, firstSequence, messages } of partitions) {
      const batch = await encodeBatch(args, firstSequence ?? 0, messages);
      encodedPartitions.push(Buffer.concat([int32(partition), int32(batch.length), batch]));
    }
    topics.push(Buffer.concat([string(topic), array(encodedPartitions)]));
  }
  return Buffer.concat([string(args.transactionalId ?? null), int16(args.acks), int32(args.timeout), array(topics)]);
}

async function encodeBatch(
  args: ProduceRequestArgs,
  firstSequence: number,
  messages: OutgoingMessage[],
): Promise<Buffer> {
  // Timestamps are any int64 (number or bigint, compared exactly); a delta that leaves the int64
  // range wraps around, as Kafka's readers add it back with wrap-around (Java long arithmetic).
  let firstTimestamp: Int64 = messages[0].timestamp;
  let maxTimestamp: Int64 = messages[0].timestamp;
  for (const { timestamp } of messages) {
    if (timestamp < firstTimestamp) firstTimestamp = timestamp;
    if (timestamp > maxTimestamp) maxTimestamp = timestamp;
  }
  const records = messages.map((m, i) =>
    encodeRecord({
      offsetDelta: i,
      timestampDelta: subtractInt64(m.timestamp, firstTimestamp),
      key: m.key,
      value: m.value,
      headers: m.headers,
    }),
  );
  return encodeRecordBatch(args, { records, firstSequence, firstTimestamp, maxTimestamp });
}

function int16(value: number): Buffer {
  const out = Buffer.alloc(2);
  out.writeInt16BE(value);
  return out;
}

function int32(value: number): Buffer {
  const out = Buffer.alloc(4);
  out.writeInt32BE(value);
  return out;
}

/** A protocol string: int16 length (-1 for null) and UTF-8 bytes. */
function string(value: string | null): Buffer {
  if (value === null) return int16(-1);
  const bytes = Buffer.from(value, 'utf8');
  return Buffer.concat([int16(bytes.length), bytes]);
}

/** A protocol array: int32 count and the encoded items. */
function array(items: Buffer[]): Buffer {
  return Buffer.concat([int32(items.length), ...items]);
}
