// What this suite proves: the gzip object upload writes small and multipart objects with their
// metadata, retries and aborts as documented, and keeps the longer run an overlapping run wrote.
import { CosServer } from '../../support/cos-server';
import { GzipObjectUpload } from '../../../functions/upload/object-upload';
import { toMetadata } from '../../../contract/backup-format';
import {
  BUCKET,
  MiB,
  backupKey,
  clientFor,
  gunzipText,
  randomJsonLines,
  startServer,
} from '../../clients/cos/fixtures';

let server: CosServer;

beforeEach(async () => {
  server = await startServer();
});

afterEach(async () => {
  await server.stop();
});

/** Writes the lines in chunks of about 64 KiB; returns all the text written. */
async function writeAll(upload: GzipObjectUpload, lines: Iterable<string>): Promise<string> {
  const all: string[] = [];
  let batch: string[] = [];
  let batchBytes = 0;
  for (const line of lines) {
    all.push(line);
    batch.push(line);
    batchBytes += line.length;
    if (batchBytes >= 64 * 1024) {
      await upload.write(batch.join(''));
      batch = [];
      batchBytes = 0;
    }
  }
  if (batch.length) await upload.write(batch.join(''));
  return all.join('');
}

const partRequests = () => server.requests.filter((r) => r.method === 'PUT' && 'partNumber' in r.query);

test('a small object is written with one PutObject that carries the metadata', async () => {
  const key = backupKey(0, 0);
  const upload = new GzipObjectUpload(clientFor(server), { bucket: BUCKET, key, contentEncoding: 'gzip' });
  const text = '{"offset":0}\n{"offset":1}\n';
  await upload.write(text);
  const result = await upload.finish(toMetadata({ firstOffset: 0, lastOffset: 1, recordCount: 2 }));

  expect(result).toMatchObject({ key, parts: 1, compressedBytes: upload.compressedBytes });
  expect(result.skipped).toBeUndefined();
  expect(upload.uncompressedBytes).toBe(text.length);
  expect(gunzipText(await server.getObject(BUCKET, key))).toBe(text);
  expect(await server.headObject(BUCKET, key)).toMatchObject({
    metadata: { 'first-offset': '0', 'last-offset': '1', 'record-count': '2' },
    contentType: 'application/x-ndjson',
    contentEncoding: 'gzip',
  });
  expect(server.requests.map((r) => `${r.method} ${Object.keys(r.query).join(',')}`)).toEqual(['PUT ']);
  // The COS SDK signed the request; the server accepted the signature.
  expect(server.requests[0].authorization).toMatch(/^q-sign-algorithm=sha1&q-ak=test-id&/);
});

test('a multipart object round-trips, gets its metadata and storage class, and leaves no upload open', async () => {
  const key = backupKey(3, 1000);
  const upload = new GzipObjectUpload(clientFor(server), {
    bucket: BUCKET,
    key,
    partSizeBytes: MiB,
    storageClass: 'STANDARD_IA',
  });
  const text = await writeAll(upload, randomJsonLines(5 * MiB));
  const result = await upload.finish(toMetadata({ firstOffset: 1000, lastOffset: 5999, recordCount: 5000 }));

  expect(result.parts).toBeGreaterThanOrEqual(3);
  expect(partRequests()).toHaveLength(result.parts);
  const stored = await server.getObject(BUCKET, key);
  expect(stored.length).toBe(result.compressedBytes);
  expect(gunzipText(stored)).toBe(text);
  expect(await server.headObject(BUCKET, key)).toMatchObject({
    metadata: { 'first-offset': '1000', 'last-offset': '5999', 'record-count': '5000' },
    contentType: 'application/x-ndjson',
    storageClass: 'STANDARD_IA',
  });
  expect(server.openMultipartUploads(BUCKET)).toEqual([]);
  // Parts went up as STANDARD; the copy that set the metadata set the class.
  const initiate = server.requests.find((r) => r.method === 'POST' && 'uploads' in r.query);
  const copy = server.requests.find((r) => 'x-cos-copy-source' in r.headers);
  expect(initiate?.headers['x-cos-storage-class']).toBe('STANDARD');
  expect(copy?.headers).toMatchObject({
    'x-cos-metadata-directive': 'Replaced',
    'x-cos-storage-class': 'STANDARD_IA',
    'x-cos-meta-last-offset': '5999',
  });
});

test('a part that fails once with a 5xx is retried and the upload succeeds', async () => {
  server.faults.add({ match: { method: 'PUT', query: 'partNumber' }, action: { status: 503 }, times: 1 });
  const key = backupKey(0, 0);
  const upload = new GzipObjectUpload(clientFor(server), { bucket: BUCKET, key, partSizeBytes: MiB });
  const text = await writeAll(upload, randomJsonLines(3 * MiB));
  const result = await upload.finish(toMetadata({ firstOffset: 0, lastOffset: 9, recordCount: 10 }));

  expect(gunzipText(await server.getObject(BUCKET, key))).toBe(text);
  expect(
    partRequests()
      .map((r) => r.status)
      .filter((s) => s === 503),
  ).toHaveLength(1);
  expect(partRequests()).toHaveLength(result.parts + 1);
  expect(server.openMultipartUploads(BUCKET)).toEqual([]);
});

test('a part that is too slow is timed out and retried', async () => {
  server.faults.add({ match: { method: 'PUT', query: 'partNumber' }, action: { delayMs: 1500 }, times: 1 });
  const key = backupKey(0, 0);
  const upload = new GzipObjectUpload(clientFor(server, { timeoutMs: 500 }), {
    bucket: BUCKET,
    key,
    partSizeBytes: MiB,
  });
  const text = await writeAll(upload, randomJsonLines(2 * MiB));
  const result = await upload.finish(toMetadata({ firstOffset: 0, lastOffset: 9, recordCount: 10 }));

  expect(gunzipText(await server.getObject(BUCKET, key))).toBe(text);
  expect(partRequests().length).toBe(result.parts + 1);
});

test('a part that keeps failing fails the upload after bounded retries, naming the part, and aborts it', async () => {
  server.faults.add({ match: { method: 'PUT', query: 'partNumber' }, action: { status: 500 }, times: 100 });
  const key = backupKey(0, 0);
  const upload = new GzipObjectUpload(clientFor(server), { bucket: BUCKET, key, partSizeBytes: MiB, concurrency: 1 });

  const run = async () => {
    await writeAll(upload, randomJsonLines(4 * MiB));
    await upload.finish(toMetadata({ firstOffset: 0, lastOffset: 9, recordCount: 10 }));
  };
  await expect(run()).rejects.toThrow(
    `upload of cos://${BUCKET}/${key} failed at part 1: ` +
      'UploadPart 1 failed after 3 attempts: InternalError: injected fault (HTTP 500)',
  );
  expect(partRequests()).toHaveLength(3);
  expect(server.openMultipartUploads(BUCKET)).toEqual([]);
  expect(server.requests.some((r) => r.method === 'DELETE' && 'uploadId' in r.query)).toBe(true);
  expect(await server.listObjects(BUCKET)).toEqual([]);
  await expect(upload.abort()).resolves.toBeUndefined();
});

test('a complete that keeps failing fails the upload, naming the step, and aborts it', async () => {
  server.faults.add({ match: { method: 'POST', query: 'uploadId' }, action: { status: 500 }, times: 100 });
  const key = backupKey(0, 0);
  const upload = new GzipObjectUpload(clientFor(server), { bucket: BUCKET, key, partSizeBytes: MiB });
  await writeAll(upload, randomJsonLines(2 * MiB));

  await expect(upload.finish(toMetadata({ firstOffset: 0, lastOffset: 9, recordCount: 10 }))).rejects.toThrow(
    new RegExp(`^upload of cos://${BUCKET}/${key.replace(/\+/g, '\\+')} failed at complete: .*HTTP 500`),
  );
  // The SDK itself tries a bodiless request 4 times, back to back.
  expect(server.requests.filter((r) => r.method === 'POST' && 'uploadId' in r.query)).toHaveLength(4);
  expect(server.openMultipartUploads(BUCKET)).toEqual([]);
  expect(await server.listObjects(BUCKET)).toEqual([]);
});

test('an initiate that fails is reported as the init step and leaves nothing behind', async () => {
  server.faults.add({ match: { method: 'POST', query: 'uploads' }, action: { status: 503 }, times: 100 });
  const upload = new GzipObjectUpload(clientFor(server), { bucket: BUCKET, key: backupKey(0, 0), partSizeBytes: MiB });
  const run = async () => {
    await writeAll(upload, randomJsonLines(3 * MiB));
    await upload.finish({});
  };
  await expect(run()).rejects.toThrow(/failed at init: InitiateMultipartUpload failed: .*HTTP 503/);
  expect(server.openMultipartUploads(BUCKET)).toEqual([]);
  expect(partRequests()).toHaveLength(0);
});

test('a failed metadata copy is reported as the copy step', async () => {
  server.faults.add({ match: { header: 'x-cos-copy-source' }, action: { status: 500 }, times: 100 });
  const key = backupKey(0, 0);
  const upload = new GzipObjectUpload(clientFor(server), { bucket: BUCKET, key, partSizeBytes: MiB });
  await writeAll(upload, randomJsonLines(2 * MiB));

  await expect(upload.finish(toMetadata({ firstOffset: 0, lastOffset: 9, recordCount: 10 }))).rejects.toThrow(
    /failed at copy \(set metadata\): PutObjectCopy failed: .*HTTP 500/,
  );
  expect(server.openMultipartUploads(BUCKET)).toEqual([]);
});

describe('the longer-run guard', () => {
  const key = backupKey(0, 100);

  async function writeRun(lastOffset: number, bytes: number): Promise<{ skipped?: string; text: string }> {
    const upload = new GzipObjectUpload(clientFor(server), { bucket: BUCKET, key, partSizeBytes: MiB });
    const text = await writeAll(upload, randomJsonLines(bytes));
    const metadata = toMetadata({ firstOffset: 100, lastOffset, recordCount: lastOffset - 99 });
    const result = await upload.finish(metadata, { lastOffset });
    return { skipped: result.skipped, text };
  }

  test.each([
    ['single put', 10 * 1024],
    ['multipart', 3 * MiB],
  ])('keeps an existing longer run (%s)', async (_, bytes) => {
    const longer = await writeRun(500, 10 * 1024);
    const shorter = await writeRun(300, bytes);

    expect(shorter.skipped).toBe('existing-longer');
    expect(gunzipText(await server.getObject(BUCKET, key))).toBe(longer.text);
    expect((await server.headObject(BUCKET, key))?.metadata['last-offset']).toBe('500');
    expect(server.openMultipartUploads(BUCKET)).toEqual([]);
  });

  test('keeps an existing run of the same length (a retry that already landed)', async () => {
    await writeRun(500, 10 * 1024);
    expect((await writeRun(500, 10 * 1024)).skipped).toBe('existing-longer');
  });

  test('replaces an existing shorter run', async () => {
    await writeRun(300, 10 * 1024);
    const longer = await writeRun(500, 3 * MiB);

    expect(longer.skipped).toBeUndefined();
    expect(gunzipText(await server.getObject(BUCKET, key))).toBe(longer.text);
    expect((await server.headObject(BUCKET, key))?.metadata['last-offset']).toBe('500');
  });

  test('replaces an existing object without metadata', async () => {
    await clientFor(server).putObject({ bucket: BUCKET, key, body: Buffer.from('partial') });
    const run = await writeRun(200, 10 * 1024);

    expect(run.skipped).toBeUndefined();
    expect(gunzipText(await server.getObject(BUCKET, key))).toBe(run.text);
  });
});

test('abort() mid-stream aborts the multipart upload and can be called again', async () => {
  const upload = new GzipObjectUpload(clientFor(server), { bucket: BUCKET, key: backupKey(0, 0), partSizeBytes: MiB });
  await writeAll(upload, randomJsonLines(3 * MiB));
  expect(partRequests().length).toBeGreaterThan(0);

  await upload.abort();
  await upload.abort();
  expect(server.openMultipartUploads(BUCKET)).toEqual([]);
  expect(server.requests.filter((r) => r.method === 'DELETE')).toHaveLength(1);
  await expect(upload.write('more')).rejects.toThrow(/write after aborted/);
});

test('options are validated', () => {
  const client = clientFor(server);
  expect(() => new GzipObjectUpload(client, { bucket: BUCKET, key: 'k', partSizeBytes: MiB - 1 })).toThrow(
    /partSizeBytes/,
  );
  expect(() => new GzipObjectUpload(client, { bucket: BUCKET, key: 'k', concurrency: 0 })).toThrow(/concurrency/);
});
