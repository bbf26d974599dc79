// What this suite proves: the COS client round-trips objects and metadata, pages long listings,
// retries a reset connection and names the operation in its errors, against the local COS server.
import { CosServer } from '../../support/cos-server';
import { createCosClient } from '../../../clients/cos/cos-client';
import { BUCKET, REGION, clientFor, startServer } from './fixtures';

let server: CosServer;

beforeEach(async () => {
  server = await startServer();
});

afterEach(async () => {
  await server.stop();
});

test('objects round-trip with metadata; a missing object heads as undefined', async () => {
  const client = clientFor(server);
  // Keys with + and = must survive signing, the path and the copy source.
  const key = 'a/partition=0/t+0+00000000000000000000.jsonl.gz';
  await client.putObject({ bucket: BUCKET, key, body: Buffer.from('hello'), metadata: { 'last-offset': '5' } });
  await client.putObjectCopy({
    bucket: BUCKET,
    key,
    source: { bucket: BUCKET, key },
    metadata: { 'last-offset': '6' },
  });

  expect(await client.headObject({ bucket: BUCKET, key })).toMatchObject({ size: 5, metadata: { 'last-offset': '6' } });
  expect(await client.headObject({ bucket: BUCKET, key: 'missing' })).toBeUndefined();
  const chunks: Buffer[] = [];
  for await (const chunk of client.getObjectStream({ bucket: BUCKET, key })) chunks.push(chunk as Buffer);
  expect(Buffer.concat(chunks).toString()).toBe('hello');
});

test('listObjects pages through more than 1000 objects', async () => {
  const client = clientFor(server);
  const keys = Array.from({ length: 1005 }, (_, i) => `list/${String(i).padStart(5, '0')}`);
  for (let i = 0; i < keys.length; i += 50) {
    await Promise.all(
      keys.slice(i, i + 50).map((key) => client.putObject({ bucket: BUCKET, key, body: Buffer.from('x') })),
    );
  }
  await client.putObject({ bucket: BUCKET, key: 'other/x', body: Buffer.from('x') });

  const listed: string[] = [];
  for await (const o of client.listObjects({ bucket: BUCKET, prefix: 'list/' })) listed.push(o.key);
  expect(listed).toEqual(keys);
  expect(server.requests.filter((r) => r.method === 'GET' && r.key === '')).toHaveLength(2);
});

test('listFolders pages through more than 1000 folders, leaving out the keys beside them', async () => {
  const client = clientFor(server);
  const folders = Array.from({ length: 1003 }, (_, i) => `tree/f${String(i).padStart(5, '0')}/`);
  // Keys right under the prefix, sorted among the folders and after them: no folders.
  const keys = [...folders.map((f) => `${f}a`), `${folders[0]}b/c`, 'tree/f00000.txt', 'tree/zz', 'treetop/x'];
  for (let i = 0; i < keys.length; i += 50) {
    await Promise.all(
      keys.slice(i, i + 50).map((key) => client.putObject({ bucket: BUCKET, key, body: Buffer.from('x') })),
    );
  }

  const from = server.requests.length;
  const listed: string[] = [];
  for await (const folder of client.listFolders({ bucket: BUCKET, prefix: 'tree/' })) listed.push(folder);
  expect(listed).toEqual(folders);
  const lists = server.requests.slice(from).filter((r) => r.method === 'GET' && r.key === '');
  expect(lists).toHaveLength(2);
  expect(lists[0].query).toEqual(expect.objectContaining({ delimiter: '/', prefix: 'tree/' }));

  const none: string[] = [];
  for await (const folder of client.listFolders({ bucket: BUCKET, prefix: 'nothing/' })) none.push(folder);
  expect(none).toEqual([]);
});

test('a reset connection is retried', async () => {
  server.faults.add({ match: { method: 'PUT' }, action: 'reset', times: 2 });
  const client = clientFor(server);
  await client.putObject({ bucket: BUCKET, key: 'k', body: Buffer.from('x') });
  expect(server.requests.map((r) => r.status)).toEqual([0, 0, 200]);
});

test('errors name the operation, the server code and the status', async () => {
  const client = clientFor(server);
  await expect(
    client.multipartUpload({ bucket: BUCKET, key: 'k', uploadId: 'nope', partNumber: 1, body: Buffer.from('x') }),
  ).rejects.toThrow('UploadPart 1 failed: NoSuchUpload: The specified upload does not exist. (HTTP 404)');
});

test('multipart uploads are listed by the server until completed or aborted', async () => {
  const client = clientFor(server);
  const { uploadId } = await client.multipartInit({ bucket: BUCKET, key: 'm' });
  expect(server.openMultipartUploads(BUCKET)).toEqual([expect.objectContaining({ key: 'm', uploadId })]);
  await client.multipartAbort({ bucket: BUCKET, key: 'm', uploadId });
  expect(server.openMultipartUploads(BUCKET)).toEqual([]);
});

test('the endpoint must be an http(s) URL', () => {
  const credentials = { secretId: 'id', secretKey: 'key' };
  expect(() => createCosClient({ region: REGION, credentials, endpoint: 'ftp://x' })).toThrow(/http\(s\) URL/);
});
