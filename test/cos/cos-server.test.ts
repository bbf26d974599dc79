/** The local server speaks enough COS for the official SDK, used here directly. */
import COS from 'cos-nodejs-sdk-v5';
import { CosServer } from '../support/cos-server';
import { BUCKET, REGION, startServer } from './fixtures';

let server: CosServer;
let cos: COS;
const at = { Bucket: BUCKET, Region: REGION };

beforeEach(async () => {
  server = await startServer();
  const port = new URL(server.endpoint).port;
  cos = new COS({ SecretId: 'id', SecretKey: 'key', Domain: `127.0.0.1:${port}/{Bucket}`, Protocol: 'http:' });
});

afterEach(async () => {
  await server.stop();
});

test('accepts COS signatures and records them', async () => {
  await cos.putObject({ ...at, Key: 'k', Body: Buffer.from('x') });
  expect(server.requests).toEqual([
    expect.objectContaining({
      method: 'PUT',
      bucket: BUCKET,
      key: 'k',
      status: 200,
      authorization: expect.stringMatching(/^q-sign-algorithm=sha1&/),
    }),
  ]);
});

test('lists, completes and aborts multipart uploads', async () => {
  const a = await cos.multipartInit({ ...at, Key: 'dir/a' });
  const b = await cos.multipartInit({ ...at, Key: 'dir/b' });
  const listed = await cos.multipartList({ ...at, Prefix: 'dir/', Delimiter: '' });
  expect(listed.Upload.map((u) => [u.Key, u.UploadId])).toEqual([
    ['dir/a', a.UploadId],
    ['dir/b', b.UploadId],
  ]);

  const upload = { ...at, Key: 'dir/a', UploadId: a.UploadId };
  const part = await cos.multipartUpload({ ...upload, PartNumber: 1, Body: Buffer.from('abc') });
  await cos.multipartComplete({ ...upload, Parts: [{ PartNumber: 1, ETag: part.ETag }] });
  await cos.multipartAbort({ ...at, Key: 'dir/b', UploadId: b.UploadId });

  expect((await cos.multipartList({ ...at, Prefix: '', Delimiter: '' })).Upload).toEqual([]);
  expect(server.openMultipartUploads(BUCKET)).toEqual([]);
  expect((await server.getObject(BUCKET, 'dir/a')).toString()).toBe('abc');
  await expect(cos.multipartAbort({ ...at, Key: 'dir/b', UploadId: b.UploadId })).rejects.toMatchObject({
    statusCode: 404,
    code: 'NoSuchUpload',
  });
});

test('translates metadata, copy source, directive and storage class', async () => {
  const Headers = { 'x-cos-meta-n': '1' };
  await cos.putObject({ ...at, Key: 'a+b=c', Body: Buffer.from('x'), StorageClass: 'ARCHIVE', Headers });
  const head = await cos.headObject({ ...at, Key: 'a+b=c' });
  expect(head.headers).toMatchObject({ 'x-cos-meta-n': '1', 'x-cos-storage-class': 'ARCHIVE' });

  await cos.putObjectCopy({
    ...at,
    Key: 'a+b=c',
    CopySource: `${BUCKET}.cos.${REGION}.myqcloud.com/${encodeURIComponent('a+b=c')}`,
    MetadataDirective: 'Replaced',
    Headers: { 'x-cos-meta-n': '2' },
  });
  expect(await server.headObject(BUCKET, 'a+b=c')).toMatchObject({
    size: 1,
    metadata: { n: '2' },
    storageClass: 'STANDARD',
  });
});

test('injects faults a given number of times', async () => {
  server.faults.add({ match: { method: 'HEAD', keyPrefix: 'k' }, action: { status: 503 }, times: 2 });
  await cos.putObject({ ...at, Key: 'k', Body: Buffer.from('x') });
  // The SDK retries a 5xx by itself, immediately, up to 4 tries in all.
  await cos.headObject({ ...at, Key: 'k' });
  expect(server.requests.map((r) => `${r.method} ${r.status}`)).toEqual(['PUT 200', 'HEAD 503', 'HEAD 503', 'HEAD 200']);
  expect(server.faults.pending).toEqual([]);
});
