// The local server speaks enough COS for the official SDK, used here directly.
import * as http from 'node:http';
import COS from 'cos-nodejs-sdk-v5';
import { CosServer, startCosServer } from '../support/cos-server';
import { BUCKET, REGION, startServer } from '../clients/cos/fixtures';

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
  expect(server.requests.map((r) => `${r.method} ${r.status}`)).toEqual([
    'PUT 200',
    'HEAD 503',
    'HEAD 503',
    'HEAD 200',
  ]);
  expect(server.faults.pending).toEqual([]);
});

test('records when a client closed its connection before the answer, not when the server reset it', async () => {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  server.faults.add({ match: { keyPrefix: 'held' }, action: { hold: () => released }, times: 2 });
  server.faults.add({ match: { method: 'HEAD', keyPrefix: 'reset' }, action: 'reset', times: 1 });
  const { port } = new URL(server.endpoint);
  const request = (method: string, key: string) =>
    http.request({ host: '127.0.0.1', port, method, path: `/${BUCKET}/${key}`, agent: false });
  const until = async (done: () => boolean) => {
    while (!done()) await new Promise((resolve) => setTimeout(resolve, 10));
  };

  // Held without a body, and held with a body the server has not read (a part upload).
  const head = request('HEAD', 'held-head');
  head.on('error', () => undefined).end();
  const put = request('PUT', 'held-put').setHeader('content-length', 4 * 1024 * 1024);
  put.on('error', () => undefined).write(Buffer.alloc(4 * 1024 * 1024));
  await until(() => server.requests.length === 2);
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(server.requests.map((r) => r.clientClosedAtMs)).toEqual([undefined, undefined]);
  const closedAt = Date.now();
  head.destroy();
  put.destroy();
  await until(() => server.requests.every((r) => r.clientClosedAtMs !== undefined));
  for (const r of server.requests) expect(r.clientClosedAtMs).toBeGreaterThanOrEqual(closedAt);
  release();

  const reset = request('HEAD', 'reset');
  await new Promise((resolve) => reset.on('error', resolve).end());
  await cos.headObject({ ...at, Key: 'answered' }).catch(() => undefined);
  expect(server.requests.map((r) => [r.key, r.status, r.clientClosedAtMs === undefined])).toEqual([
    ['held-head', 0, false],
    ['held-put', 0, false],
    ['reset', 0, true],
    ['answered', 404, true],
  ]);
});

describe('role policies', () => {
  const OBJECTS = `qcs::cos:${REGION}:uid/1250000000:${BUCKET}`;
  const role = (port: string) =>
    new COS({ SecretId: 'AKIDrole', SecretKey: 'key', Domain: `127.0.0.1:${port}/{Bucket}`, Protocol: 'http:' });

  test('checks the requests of credentials with a policy, and only those', async () => {
    server.setPolicy('AKIDrole', {
      version: '2.0',
      statement: [
        { effect: 'allow', action: ['name/cos:PutObject', 'name/cos:GetObject'], resource: [`${OBJECTS}/mine/*`] },
      ],
    });
    const asRole = role(new URL(server.endpoint).port);
    await asRole.putObject({ ...at, Key: 'mine/a', Body: Buffer.from('x') });
    await expect(asRole.putObject({ ...at, Key: 'theirs/a', Body: Buffer.from('x') })).rejects.toMatchObject({
      statusCode: 403,
      code: 'AccessDenied',
    });
    // Both sides of a copy are checked: reading mine/a is allowed, PutObjectCopy is not.
    await expect(
      asRole.putObjectCopy({ ...at, Key: 'mine/b', CopySource: `${BUCKET}.cos.${REGION}.myqcloud.com/mine/a` }),
    ).rejects.toMatchObject({ statusCode: 403, code: 'AccessDenied' });
    // Other credentials (the harness's) are not checked.
    await cos.putObject({ ...at, Key: 'theirs/a', Body: Buffer.from('y') });

    expect(server.denied).toEqual([
      expect.objectContaining({
        service: 'cos',
        secretId: 'AKIDrole',
        action: 'name/cos:PutObject',
        resource: `${OBJECTS}/theirs/a`,
        request: 'PUT /backup-1250000000/theirs/a',
      }),
      expect.objectContaining({
        action: 'name/cos:PutObjectCopy',
        resource: `${OBJECTS}/mine/b`,
        why: `no statement allows name/cos:PutObjectCopy on ${OBJECTS}/mine/b`,
      }),
    ]);
    expect(await server.headObject(BUCKET, 'mine/b')).toBeUndefined();
    expect((await server.getObject(BUCKET, 'theirs/a')).toString()).toBe('y');
  });

  test('bucket listings are checked on the bucket with the URL-encoded prefix', async () => {
    server.setPolicy('AKIDrole', {
      version: '2.0',
      statement: [
        {
          effect: 'allow',
          action: ['name/cos:ListMultipartUploads'],
          resource: [`${OBJECTS}/*`],
          condition: { string_like: { 'cos:prefix': ['mine%2F*'] } },
        },
      ],
    });
    const asRole = role(new URL(server.endpoint).port);
    await asRole.multipartList({ ...at, Prefix: 'mine/x/', Delimiter: '' });
    await expect(asRole.multipartList({ ...at, Prefix: 'theirs/', Delimiter: '' })).rejects.toMatchObject({
      statusCode: 403,
    });
    expect(server.denied).toEqual([
      expect.objectContaining({
        action: 'name/cos:ListMultipartUploads',
        resource: `${OBJECTS}/`,
        context: { 'cos:prefix': 'theirs/' },
      }),
    ]);
  });
});

describe('versioning', () => {
  const VERSIONED = 'versioned-1250000000';
  let versioned: CosServer;
  const on = { Bucket: VERSIONED, Region: REGION };

  beforeEach(async () => {
    versioned = await startCosServer({ buckets: [{ name: VERSIONED, versioning: true }, BUCKET] });
    const port = new URL(versioned.endpoint).port;
    cos = new COS({ SecretId: 'id', SecretKey: 'key', Domain: `127.0.0.1:${port}/{Bucket}`, Protocol: 'http:' });
  });
  afterEach(() => versioned.stop());

  test('every overwrite keeps what it replaced as a noncurrent version', async () => {
    await cos.putObject({ ...on, Key: 'k', Body: Buffer.from('one'), Headers: { 'x-cos-meta-n': '1' } });
    await cos.putObject({ ...on, Key: 'k', Body: Buffer.from('two!'), Headers: { 'x-cos-meta-n': '2' } });
    const { UploadId } = await cos.multipartInit({ ...on, Key: 'k' });
    const part = await cos.multipartUpload({ ...on, Key: 'k', UploadId, PartNumber: 1, Body: Buffer.from('three') });
    await cos.multipartComplete({ ...on, Key: 'k', UploadId, Parts: [{ PartNumber: 1, ETag: part.ETag }] });
    // The handler's metadata copy onto itself is an overwrite too.
    await cos.putObjectCopy({
      ...on,
      Key: 'k',
      CopySource: `${VERSIONED}.cos.${REGION}.myqcloud.com/k`,
      MetadataDirective: 'Replaced',
      Headers: { 'x-cos-meta-n': '4' },
    });
    await cos.putObject({ ...on, Key: 'other', Body: Buffer.from('x') });

    const versions = await versioned.listVersions(VERSIONED, 'k');
    expect(versions.map((v) => [v.key, v.isLatest, v.size, v.metadata])).toEqual([
      ['k', true, 5, { n: '4' }],
      ['k', false, 5, {}],
      ['k', false, 4, { n: '2' }],
      ['k', false, 3, { n: '1' }],
    ]);
    expect(new Set(versions.map((v) => v.versionId)).size).toBe(4);
    const bodies = await Promise.all(versions.map((v) => versioned.getObjectVersion(VERSIONED, 'k', v.versionId)));
    expect(bodies.map(String)).toEqual(['three', 'three', 'two!', 'one']);

    const listed = await cos.listObjectVersions({ ...on, Prefix: '' });
    expect(listed.Versions.map((v) => [v.Key, v.VersionId, v.IsLatest, v.Size])).toEqual([
      ...versions.map((v) => [v.key, v.versionId, String(v.isLatest), String(v.size)]),
      ['other', expect.any(String), 'true', '1'],
    ]);
  });

  test('a write whose client is gone while it waits for the key does not hold the key', async () => {
    const { port } = new URL(versioned.endpoint);
    const put = (key: string) =>
      http.request({ host: '127.0.0.1', port, method: 'PUT', path: `/${VERSIONED}/${key}`, agent: false });
    const until = async (done: () => boolean) => {
      while (!done()) await new Promise((resolve) => setTimeout(resolve, 10));
    };
    const answer = (req: http.ClientRequest) =>
      new Promise<number>((resolve, reject) => {
        req.on('error', reject).on('response', (res) => resolve(res.resume().statusCode!));
      });
    // A slow first write holds the key while a second one arrives, then its client is killed.
    const slow = put('k').setHeader('content-length', 4);
    const slowAnswer = answer(slow);
    slow.write('sl');
    await until(() => versioned.requests.length === 1);
    const gone = put('k');
    gone.on('error', () => undefined).end('gone');
    await until(() => versioned.requests.length === 2);
    gone.destroy();
    await new Promise((resolve) => setTimeout(resolve, 50));
    slow.end('ow');
    expect(await slowAnswer).toBe(200);
    // The next write onto the key is answered, and the one that never arrived left no version.
    expect(await answer(put('k').setHeader('content-length', 4).end('next') as http.ClientRequest)).toBe(200);
    expect((await versioned.listVersions(VERSIONED, 'k')).map((v) => v.size)).toEqual([4, 4]);
  });

  test('failed writes and unversioned buckets keep no versions', async () => {
    await cos.putObject({ ...on, Key: 'k', Body: Buffer.from('one') });
    await expect(
      cos.putObjectCopy({
        ...on,
        Key: 'k',
        CopySource: `${VERSIONED}.cos.${REGION}.myqcloud.com/k`,
        CopySourceIfMatch: '"nope"',
      }),
    ).rejects.toMatchObject({ statusCode: 412 });
    expect((await versioned.listVersions(VERSIONED)).map((v) => v.isLatest)).toEqual([true]);

    await cos.putObject({ ...at, Key: 'k', Body: Buffer.from('one') });
    await cos.putObject({ ...at, Key: 'k', Body: Buffer.from('two') });
    expect((await versioned.listVersions(BUCKET)).map((v) => [v.versionId, v.isLatest])).toEqual([['null', true]]);
  });
});
