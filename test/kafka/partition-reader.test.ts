import { createErrorFromCode } from 'kafkajs/src/protocol/error';
import { encodeRecord } from '../../cli/kafka/record-encoder';
import { crc32c } from '../../functions/kafka/crc32c';
import { readPartition, type PartitionReaderContext } from '../../functions/kafka/partition-reader';

// The reader's fetch loop against a scripted broker: behaviour a mock cluster cannot be
// made to show on demand (cut-off first batches, stalls, a flaky leader).

function batch(baseOffset: number, values: string[]): Buffer {
  const records = Buffer.concat(
    values.map((v, i) =>
      encodeRecord({ offsetDelta: i, timestampDelta: 0, key: null, value: Buffer.from(v), headers: [] }),
    ),
  );
  const body = Buffer.alloc(40);
  body.writeInt32BE(values.length - 1, 2);
  body.writeInt32BE(values.length, 36);
  const crcd = Buffer.concat([body, records]);
  const head = Buffer.alloc(21);
  head.writeBigInt64BE(BigInt(baseOffset), 0);
  head.writeInt32BE(9 + crcd.length, 8);
  head.writeInt8(2, 16);
  head.writeUInt32BE(crc32c(crcd), 17);
  return Buffer.concat([head, crcd]);
}

/** Fetch v4 response bytes for one partition of topic "t". */
function response(errorCode: number, highWatermark: number, records: Buffer): Buffer {
  const out = Buffer.alloc(4 + 4 + 2 + 1 + 4 + 4 + 2 + 8 + 8 + 4 + 4);
  let pos = 4;
  pos = out.writeInt32BE(1, pos);
  pos = out.writeInt16BE(1, pos);
  pos += out.write('t', pos);
  pos = out.writeInt32BE(1, pos);
  pos = out.writeInt32BE(0, pos);
  pos = out.writeInt16BE(errorCode, pos);
  pos = out.writeBigInt64BE(BigInt(highWatermark), pos);
  pos = out.writeBigInt64BE(BigInt(highWatermark), pos);
  pos = out.writeInt32BE(-1, pos);
  out.writeInt32BE(records.length, pos);
  return Buffer.concat([out, records]);
}

interface SeenFetch {
  offset: number;
  maxBytes: number;
}

/** A context whose single broker answers fetches with `answer(fetch, attempt)`. */
function scripted(answer: (fetch: SeenFetch, attempt: number) => Buffer | Error) {
  const fetches: SeenFetch[] = [];
  const recovered: string[] = [];
  const broker = {
    nodeId: 1,
    disconnect: async () => undefined,
    connectionPool: {
      getConnectionByRequest: async () => undefined,
      async send(request: {
        request: { encode(): Promise<{ buffer: Buffer }> };
        response: { decode(b: Buffer): Promise<unknown> };
      }) {
        const body = (await request.request.encode()).buffer;
        const fetch = { offset: Number(body.readBigInt64BE(32)), maxBytes: body.readInt32BE(40) };
        fetches.push(fetch);
        const result = answer(fetch, fetches.length);
        if (result instanceof Error) throw result;
        return request.response.decode(result);
      },
    },
  };
  const context = {
    leaderFor: async () => broker,
    retryPolicy: () => ({ retries: 3, recover: async (e: unknown) => void recovered.push((e as Error).message) }),
    requestTimeoutMs: 1000,
  } as unknown as PartitionReaderContext;
  return { context, fetches, recovered };
}

async function collect(context: PartitionReaderContext, from: number, until: number, maxBytesPerFetch?: number) {
  const offsets: number[] = [];
  for await (const records of readPartition(context, 't', 0, from, until, { maxBytesPerFetch }))
    offsets.push(...records.map((r) => r.offset));
  return offsets;
}

describe('readPartition fetch loop', () => {
  test('raises the fetch size to the size of a first batch that was cut off', async () => {
    const big = batch(0, ['x'.repeat(3000), 'y']);
    const { context, fetches } = scripted((fetch) =>
      response(0, 2, big.subarray(0, Math.min(big.length, fetch.maxBytes))),
    );
    expect(await collect(context, 0, 2, 1000)).toEqual([0, 1]);
    expect(fetches).toEqual([
      { offset: 0, maxBytes: 1000 },
      { offset: 0, maxBytes: big.length },
    ]);
  });

  test('doubles the fetch size when not even a batch header arrived', async () => {
    const b = batch(0, ['z']);
    const { context, fetches } = scripted((fetch) => response(0, 1, fetch.maxBytes < 16 ? b.subarray(0, 8) : b));
    expect(await collect(context, 0, 1, 8)).toEqual([0]);
    expect(fetches.map((f) => f.maxBytes)).toEqual([8, 16]);
  });

  test('retries retriable errors (leader moved) and continues from the same offset', async () => {
    const { context, fetches, recovered } = scripted((fetch, attempt) =>
      attempt === 2
        ? response(6, 4, Buffer.alloc(0))
        : response(0, 4, batch(fetch.offset, fetch.offset === 0 ? ['a', 'b'] : ['c', 'd'])),
    );
    expect(await collect(context, 0, 4)).toEqual([0, 1, 2, 3]);
    expect(fetches.map((f) => f.offset)).toEqual([0, 2, 2]);
    expect(recovered).toEqual([createErrorFromCode(6).message]);
  });

  test('gives up after the retry budget with a message naming the partition and offset', async () => {
    const { context, fetches } = scripted(() => new Error('boom'));
    const connectionError = () =>
      Object.assign(new Error('Connection error: ECONNREFUSED'), { name: 'KafkaJSConnectionError' });
    const flaky = scripted(() => connectionError());
    await expect(collect(flaky.context, 5, 6)).rejects.toThrow(
      'Fetching t/0 at offset 5 failed after 4 attempts: Connection error: ECONNREFUSED',
    );
    // A non-retriable error is raised at once.
    await expect(collect(context, 0, 1)).rejects.toThrow('boom');
    expect(fetches).toHaveLength(1);
  });

  test('fails when the log ends before the requested end offset', async () => {
    const { context } = scripted((fetch) => response(0, 1, fetch.offset === 0 ? batch(0, ['only']) : Buffer.alloc(0)));
    await expect(collect(context, 0, 3)).rejects.toThrow(
      't/0 has no data at offset 1 (high watermark 1) although the read was asked to continue until 3',
    );
  }, 20_000);
});
