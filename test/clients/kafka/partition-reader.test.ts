// The reader's fetch loop against a scripted broker: behaviour a mock cluster cannot be
// made to show on demand (cut-off first batches, stalls, a flaky leader).
import { createErrorFromCode } from 'kafkajs/src/protocol/error';
import { readPartition, type PartitionReaderContext } from '../../../clients/kafka/partition-reader';
import { marker, txnBatch, valueBatch } from './record-batches';

/** Fetch v4 response bytes for one partition of topic "t". */
function response(
  errorCode: number,
  highWatermark: number,
  records: Buffer,
  txn: { lastStableOffset?: number; aborted?: { producerId: bigint; firstOffset: number }[] } = {},
): Buffer {
  const aborted = txn.aborted ?? null;
  const out = Buffer.alloc(4 + 4 + 2 + 1 + 4 + 4 + 2 + 8 + 8 + 4 + (aborted?.length ?? 0) * 16 + 4);
  let pos = 4;
  pos = out.writeInt32BE(1, pos);
  pos = out.writeInt16BE(1, pos);
  pos += out.write('t', pos);
  pos = out.writeInt32BE(1, pos);
  pos = out.writeInt32BE(0, pos);
  pos = out.writeInt16BE(errorCode, pos);
  pos = out.writeBigInt64BE(BigInt(highWatermark), pos);
  pos = out.writeBigInt64BE(BigInt(txn.lastStableOffset ?? highWatermark), pos);
  pos = out.writeInt32BE(aborted ? aborted.length : -1, pos);
  for (const a of aborted ?? []) {
    pos = out.writeBigInt64BE(a.producerId, pos);
    pos = out.writeBigInt64BE(BigInt(a.firstOffset), pos);
  }
  out.writeInt32BE(records.length, pos);
  return Buffer.concat([out, records]);
}

interface SeenFetch {
  offset: number;
  maxBytes: number;
  /** 0 READ_UNCOMMITTED, 1 READ_COMMITTED */
  isolation: number;
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
        const fetch = {
          offset: Number(body.readBigInt64BE(32)),
          maxBytes: body.readInt32BE(40),
          isolation: body.readInt8(16),
        };
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
  for await (const batch of readPartition(context, 't', 0, from, until, { maxBytesPerFetch }))
    offsets.push(...batch.records.map((r) => r.offset));
  return offsets;
}

describe('readPartition fetch loop', () => {
  test('raises the fetch size to the size of a first batch that was cut off', async () => {
    const big = valueBatch(0, ['x'.repeat(3000), 'y']);
    const { context, fetches } = scripted((fetch) =>
      response(0, 2, big.subarray(0, Math.min(big.length, fetch.maxBytes))),
    );
    expect(await collect(context, 0, 2, 1000)).toEqual([0, 1]);
    expect(fetches).toEqual([
      { offset: 0, maxBytes: 1000, isolation: 1 },
      { offset: 0, maxBytes: big.length, isolation: 1 },
    ]);
  });

  test('doubles the fetch size when not even a batch header arrived', async () => {
    const b = valueBatch(0, ['z']);
    const { context, fetches } = scripted((fetch) => response(0, 1, fetch.maxBytes < 16 ? b.subarray(0, 8) : b));
    expect(await collect(context, 0, 1, 8)).toEqual([0]);
    expect(fetches.map((f) => f.maxBytes)).toEqual([8, 16]);
  });

  test('retries retriable errors (leader moved) and continues from the same offset', async () => {
    const { context, fetches, recovered } = scripted((fetch, attempt) =>
      attempt === 2
        ? response(6, 4, Buffer.alloc(0))
        : response(0, 4, valueBatch(fetch.offset, fetch.offset === 0 ? ['a', 'b'] : ['c', 'd'])),
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
    const { context } = scripted((fetch) =>
      response(0, 1, fetch.offset === 0 ? valueBatch(0, ['only']) : Buffer.alloc(0)),
    );
    await expect(collect(context, 0, 3)).rejects.toThrow(
      't/0 has no committed data at offset 1 (high watermark 1, last stable offset 1) although the read was asked to continue until 3',
    );
  }, 20_000);

  test('reads committed data: drops aborted transactions, yields the position reached with each fetch', async () => {
    // 0 a0 (aborted, producer 1), 1 n0, 2 ABORT marker | 3 c0 (producer 2), 4 COMMIT | 5 a1, 6 ABORT | 7 n1
    const answers: Record<number, Buffer> = {
      0: response(0, 8, Buffer.concat([txnBatch(0, 1n, ['a0']), valueBatch(1, ['n0']), marker(2, 1n, 'abort')]), {
        aborted: [{ producerId: 1n, firstOffset: 0 }],
      }),
      3: response(0, 8, Buffer.concat([txnBatch(3, 2n, ['c0']), marker(4, 2n, 'commit')]), {
        aborted: [],
      }),
      5: response(0, 8, Buffer.concat([txnBatch(5, 1n, ['a1']), marker(6, 1n, 'abort')]), {
        aborted: [{ producerId: 1n, firstOffset: 5 }],
      }),
      7: response(0, 8, Buffer.concat([valueBatch(7, ['n1', 'n2'])]), { aborted: [] }),
    };
    const { context, fetches } = scripted((fetch) => answers[fetch.offset]);
    const yielded: [string[], number][] = [];
    for await (const b of readPartition(context, 't', 0, 0, 8)) {
      yielded.push([b.records.map((r) => `${r.offset}:${r.value}`), b.nextOffset]);
    }
    expect(yielded).toEqual([
      [['1:n0'], 3],
      [['3:c0'], 5],
      [[], 7], // only an aborted record and a marker: the position still moves
      [['7:n1'], 8], // the batch goes on past the end of the range: capped
    ]);
    expect(fetches.map((f) => [f.offset, f.isolation])).toEqual([
      [0, 1],
      [3, 1],
      [5, 1],
      [7, 1],
    ]);

    // read_uncommitted keeps every user record, and asks the broker for it.
    const uncommitted = scripted((fetch) => answers[fetch.offset]);
    const all: string[] = [];
    for await (const b of readPartition(uncommitted.context, 't', 0, 0, 8, { isolation: 'read_uncommitted' })) {
      all.push(...b.records.map((r) => `${r.offset}:${r.value}`));
    }
    expect(all).toEqual(['0:a0', '1:n0', '3:c0', '5:a1', '7:n1']);
    expect(uncommitted.fetches.every((f) => f.isolation === 0)).toBe(true);
  });

  test('fails clearly when asked to read past the last stable offset', async () => {
    const { context } = scripted((fetch) =>
      response(0, 5, fetch.offset === 0 ? valueBatch(0, ['x', 'y']) : Buffer.alloc(0), {
        lastStableOffset: 2,
        aborted: [],
      }),
    );
    await expect(collect(context, 0, 5)).rejects.toThrow(
      't/0 has no committed data at offset 2 (high watermark 5, last stable offset 2) although the read was asked to continue until 5',
    );
  }, 20_000);
});
