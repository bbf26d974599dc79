// What this suite proves: a COS client with an end time bounds every request by it. A request
// the server holds past the end is aborted then: the call rejects with DeadlineExceeded soon
// after the end, and the server sees the connection closed while it still holds the request
// (an abandoned promise would leave it open). No request and no retry starts after the end.
import { CosServer, FaultMatch, RecordedRequest } from '../../support/cos-server';
import { CosClient, CosRequestError, DEADLINE_EXCEEDED, isDeadlineExceeded } from '../../../clients/cos/cos-client';
import { BUCKET, clientFor, startServer } from './fixtures';

let server: CosServer;

beforeEach(async () => {
  server = await startServer();
});

afterEach(async () => {
  await server.stop();
});

/** Far enough for a request to reach the loopback server first, on a loaded machine too. */
const END_IN_MS = 2000;
/** How late after the end a cut-off call may reject or its connection close. */
const LATE_MS = 1500;

/** A `hold` fault the test releases; `arrived` resolves when the server starts holding. */
function holdFault(match: FaultMatch) {
  let release!: () => void;
  let arrived!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const arrival = new Promise<void>((resolve) => (arrived = resolve));
  server.faults.add({
    match,
    action: {
      hold: () => {
        arrived();
        return released;
      },
    },
    times: 1,
  });
  return { arrival, release };
}

async function eventually(done: () => boolean, timeoutMs = 5000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Rejects when `call` resolves; resolves to the error and the time it was thrown. */
async function failure(call: Promise<unknown>): Promise<{ error: CosRequestError; atMs: number }> {
  const error = await call.then(
    () => {
      throw new Error('the call succeeded');
    },
    (e: CosRequestError) => e,
  );
  return { error, atMs: Date.now() };
}

const requestsTo = (key: string): RecordedRequest[] => server.requests.filter((r) => r.key === key);

type Held = {
  name: string;
  /** How errors name the operation. */
  operation?: string;
  match: FaultMatch;
  /** Sets up what the request needs (without an end time), then starts the call to cut off. */
  start: (plain: CosClient, bounded: CosClient, key: string) => Promise<{ call: Promise<unknown> }>;
};

const HELD: Held[] = [
  {
    name: 'PutObject',
    match: { method: 'PUT' },
    start: async (_, bounded, key) => ({
      call: bounded.putObject({ bucket: BUCKET, key, body: Buffer.from('late') }),
    }),
  },
  {
    name: 'UploadPart',
    operation: 'UploadPart 1',
    match: { method: 'PUT', query: 'partNumber' },
    start: async (plain, bounded, key) => {
      const { uploadId } = await plain.multipartInit({ bucket: BUCKET, key });
      return {
        call: bounded.multipartUpload({ bucket: BUCKET, key, uploadId, partNumber: 1, body: Buffer.from('late') }),
      };
    },
  },
  {
    name: 'HeadObject',
    match: { method: 'HEAD' },
    start: async (_, bounded, key) => ({ call: bounded.headObject({ bucket: BUCKET, key }) }),
  },
  {
    name: 'CompleteMultipartUpload',
    match: { method: 'POST', query: 'uploadId' },
    start: async (plain, bounded, key) => {
      const { uploadId } = await plain.multipartInit({ bucket: BUCKET, key });
      const { etag } = await plain.multipartUpload({
        bucket: BUCKET,
        key,
        uploadId,
        partNumber: 1,
        body: Buffer.from('late'),
      });
      return { call: bounded.multipartComplete({ bucket: BUCKET, key, uploadId, parts: [{ partNumber: 1, etag }] }) };
    },
  },
  {
    name: 'PutObjectCopy',
    match: { method: 'PUT', header: 'x-cos-copy-source' },
    start: async (plain, bounded, key) => {
      await plain.putObject({ bucket: BUCKET, key: `${key}.source`, body: Buffer.from('source') });
      return { call: bounded.putObjectCopy({ bucket: BUCKET, key, source: { bucket: BUCKET, key: `${key}.source` } }) };
    },
  },
];

test.each(HELD)(
  'a held $name is aborted at the end time and its connection closed',
  async ({ name, operation, match, start }) => {
    const key = `held/${name}`;
    const plain = clientFor(server);
    const { arrival, release } = holdFault({ ...match, keyPrefix: key });
    const endAtMs = Date.now() + END_IN_MS;
    const { call } = await start(plain, clientFor(server, { endAtMs }), key);
    await arrival;
    expect(Date.now()).toBeLessThan(endAtMs);

    const { error, atMs } = await failure(call);
    expect(error).toBeInstanceOf(CosRequestError);
    expect(error.code).toBe(DEADLINE_EXCEEDED);
    expect(error.message).toBe(
      `${operation ?? name} failed: DeadlineExceeded: aborted in flight at the end time ${new Date(endAtMs).toISOString()} (its connection was closed)`,
    );
    expect(isDeadlineExceeded(new Error('wrapped', { cause: error }))).toBe(true);
    expect(atMs).toBeGreaterThanOrEqual(endAtMs);
    expect(atMs).toBeLessThan(endAtMs + LATE_MS);

    // The server still holds the request, and has seen its client go.
    const held = requestsTo(key).find((r) => r.status === 0)!;
    await eventually(() => held.clientClosedAtMs !== undefined);
    expect(held.clientClosedAtMs).toBeGreaterThanOrEqual(endAtMs);
    expect(held.clientClosedAtMs).toBeLessThan(endAtMs + LATE_MS);
    release();
    // The SDK retries a request without a body by itself, at once: none of those tries went out.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(requestsTo(key).filter((r) => r.method === match.method && r.status === 0)).toHaveLength(1);
    if (name === 'PutObject' || name === 'PutObjectCopy')
      expect(await plain.headObject({ bucket: BUCKET, key })).toBeUndefined();
  },
);

test('after the end time, no request is sent', async () => {
  const endAtMs = Date.now() - 1;
  const bounded = clientFor(server, { endAtMs });
  const { error } = await failure(bounded.headObject({ bucket: BUCKET, key: 'k' }));
  expect(error.message).toBe(
    `HeadObject failed: DeadlineExceeded: not sent: the end time ${new Date(endAtMs).toISOString()} had passed`,
  );
  await expect(bounded.putObject({ bucket: BUCKET, key: 'k', body: Buffer.from('x') })).rejects.toThrow(
    'PutObject failed: DeadlineExceeded: not sent',
  );
  await expect(bounded.multipartInit({ bucket: BUCKET, key: 'k' })).rejects.toThrow(DEADLINE_EXCEEDED);
  expect(server.requests).toEqual([]);
});

test('no retry starts after the end time: the wait before it ends there', async () => {
  server.faults.add({ match: { method: 'PUT' }, action: { status: 503 }, times: 100 });
  const endAtMs = Date.now() + 500;
  // The retry would wait 5 to 10 s; the end comes first.
  const bounded = clientFor(server, { endAtMs, retry: { attempts: 4, baseDelayMs: 10_000, maxDelayMs: 10_000 } });
  const { error, atMs } = await failure(bounded.putObject({ bucket: BUCKET, key: 'k', body: Buffer.from('x') }));
  expect(error.message).toBe(
    `PutObject failed: DeadlineExceeded: the end time ${new Date(endAtMs).toISOString()} came before another try`,
  );
  expect(atMs).toBeGreaterThanOrEqual(endAtMs);
  expect(atMs).toBeLessThan(endAtMs + LATE_MS);
  expect(server.requests.map((r) => r.status)).toEqual([503]);
});

test('until() bounds a client by the earlier of the two end times', async () => {
  const { arrival, release } = holdFault({ method: 'HEAD' });
  const endAtMs = Date.now() + END_IN_MS;
  const late = clientFor(server, { endAtMs: endAtMs + 60_000 });
  const call = late
    .until(endAtMs)
    .until(endAtMs + 30_000)
    .headObject({ bucket: BUCKET, key: 'k' });
  await arrival;
  const { error, atMs } = await failure(call);
  expect(error.message).toContain(`at the end time ${new Date(endAtMs).toISOString()}`);
  expect(atMs).toBeLessThan(endAtMs + LATE_MS);
  release();
});

test('a held object read is aborted at the end time; calls that finish in time are not affected', async () => {
  const bounded = clientFor(server, { endAtMs: Date.now() + 60_000 });
  await bounded.putObject({ bucket: BUCKET, key: 'k', body: Buffer.from('hello'), metadata: { a: '1' } });
  expect(await bounded.headObject({ bucket: BUCKET, key: 'k' })).toMatchObject({ size: 5, metadata: { a: '1' } });
  const chunks: Buffer[] = [];
  for await (const chunk of bounded.getObjectStream({ bucket: BUCKET, key: 'k' })) chunks.push(chunk as Buffer);
  expect(Buffer.concat(chunks).toString()).toBe('hello');

  const { arrival, release } = holdFault({ method: 'GET', keyPrefix: 'k' });
  const endAtMs = Date.now() + END_IN_MS;
  const stream = bounded.until(endAtMs).getObjectStream({ bucket: BUCKET, key: 'k' });
  const read = failure(
    (async () => {
      for await (const chunk of stream) chunks.push(chunk as Buffer);
    })(),
  );
  await arrival;
  const { error, atMs } = await read;
  expect(error.code).toBe(DEADLINE_EXCEEDED);
  expect(error.message).toContain('GetObject failed: DeadlineExceeded: aborted in flight');
  expect(atMs).toBeLessThan(endAtMs + LATE_MS);
  const held = server.requests.find((r) => r.method === 'GET' && r.status === 0)!;
  await eventually(() => held.clientClosedAtMs !== undefined);
  release();
});
