// What this suite proves: the local COS server requires the same CAM actions and resources for
// each request as COS does.
import { CosRequest, cosAuthorizations, parseCopySource } from '../support/cos-actions';

const BUCKET = 'backup-1250000000';
const BASE = 'qcs::cos:ap-guangzhou:uid/1250000000:backup-1250000000';

const request = (
  method: string,
  key: string,
  query: Record<string, string> = {},
  headers: Record<string, string> = {},
): CosRequest => ({ method, bucket: BUCKET, key, query, headers });
const actions = (r: CosRequest) => cosAuthorizations(r, 'ap-guangzhou');

test.each([
  ['PUT', {}, 'PutObject'],
  ['POST', { uploads: '' }, 'InitiateMultipartUpload'],
  ['PUT', { partNumber: '1', uploadId: 'u' }, 'UploadPart'],
  ['POST', { uploadId: 'u' }, 'CompleteMultipartUpload'],
  ['DELETE', { uploadId: 'u' }, 'AbortMultipartUpload'],
  ['GET', { uploadId: 'u' }, 'ListParts'],
  ['HEAD', {}, 'HeadObject'],
  ['GET', {}, 'GetObject'],
  ['DELETE', {}, 'DeleteObject'],
  ['PUT', { tagging: '' }, 'PutObjectTagging'],
  ['GET', { tagging: '' }, 'GetObjectTagging'],
  ['DELETE', { tagging: '' }, 'DeleteObjectTagging'],
])('%s object %j needs %s on the object', (method, query, action) => {
  expect(actions(request(method, 'kafka/a b+c', query))).toEqual([
    { action: `name/cos:${action}`, resource: `${BASE}/kafka/a b+c` },
  ]);
});

test('a copy needs PutObjectCopy on the destination and GetObject on the source', () => {
  const source = `${BUCKET}.cos.ap-guangzhou.myqcloud.com/kafka/${encodeURIComponent('orders+0+1.jsonl.gz')}`;
  expect(actions(request('PUT', 'kafka/dest', {}, { 'x-cos-copy-source': source }))).toEqual([
    { action: 'name/cos:PutObjectCopy', resource: `${BASE}/kafka/dest` },
    { action: 'name/cos:GetObject', resource: `${BASE}/kafka/orders+0+1.jsonl.gz` },
  ]);
  expect(
    actions(
      request('PUT', 'kafka/dest', { partNumber: '2', uploadId: 'u' }, { 'x-cos-copy-source': `/other-1250000001/k` }),
    ),
  ).toEqual([
    { action: 'name/cos:UploadPartCopy', resource: `${BASE}/kafka/dest` },
    { action: 'name/cos:GetObject', resource: 'qcs::cos:ap-guangzhou:uid/1250000001:other-1250000001/k' },
  ]);
});

test('bucket listings are bucket-level, with the prefix as cos:prefix', () => {
  expect(actions(request('GET', '', { uploads: '', prefix: 'kafka/ckafka-x/' }))).toEqual([
    { action: 'name/cos:ListMultipartUploads', resource: `${BASE}/`, context: { 'cos:prefix': 'kafka/ckafka-x/' } },
  ]);
  expect(actions(request('GET', '', { prefix: '' }))).toEqual([
    { action: 'name/cos:GetBucket', resource: `${BASE}/`, context: { 'cos:prefix': '' } },
  ]);
  expect(actions(request('GET', '', { versions: '', prefix: 'p/' }))).toEqual([
    { action: 'name/cos:GetBucket', resource: `${BASE}/`, context: { 'cos:prefix': 'p/' } },
  ]);
  expect(actions(request('GET', ''))).toEqual([{ action: 'name/cos:GetBucket', resource: `${BASE}/` }]);
});

test('requests it does not know need an action no policy grants by name', () => {
  expect(actions(request('POST', 'k'))[0].action).toBe('name/cos:unmapped POST object request');
});

test('copy sources in COS and path form', () => {
  expect(parseCopySource('b-1250000000.cos.ap-beijing.myqcloud.com/a/x%2By')).toEqual([
    'b-1250000000',
    'a/x+y',
    'ap-beijing',
  ]);
  expect(parseCopySource('/b-1250000000/a/x%2By')).toEqual(['b-1250000000', 'a/x+y', undefined]);
});
