// Which CAM authorizations a COS request needs (path style: `/<bucket>/<key>?<query>`), so the
// test server can check them as COS does.
//
// Resources:
// - objects: `qcs::cos:<region>:uid/<appid>:<bucket>/<key>`;
// - the bucket itself (bucket-level actions such as GetBucket and ListMultipartUploads):
//   `qcs::cos:<region>:uid/<appid>:<bucket>/`. COS's own examples grant bucket-level actions on
//   `<bucket>/*` (as lib/policies.ts does), and `*` also matches an empty run, so that grant covers
//   the bucket; a grant on `<bucket>/<prefix>*` does not.
// The APPID is the numeric suffix of the bucket name.
import type { IncomingHttpHeaders } from 'node:http';
import { AccessRequest } from './cam-policy';

export interface CosRequest {
  readonly method: string;
  readonly bucket: string;
  /** Decoded object key; '' for a bucket request. */
  readonly key: string;
  readonly query: Readonly<Record<string, string>>;
  readonly headers: IncomingHttpHeaders;
}

/** Every authorization the request needs; each one must be allowed. */
export function cosAuthorizations(request: CosRequest, region: string): AccessRequest[] {
  const { method, bucket, key, query, headers } = request;
  const object = objectResource(region, bucket, key);
  const copySource = headers['x-cos-copy-source'];
  const action = (name: string, resource = object, context?: Record<string, string>): AccessRequest => ({
    action: `name/cos:${name}`,
    resource,
    ...(context ? { context } : {}),
  });

  if (!key) {
    const bucketLevel = bucketResource(region, bucket);
    // cos:prefix exists only when the request carries a prefix.
    const context = query.prefix !== undefined ? { 'cos:prefix': query.prefix } : undefined;
    if (method === 'GET' && 'uploads' in query) return [action('ListMultipartUploads', bucketLevel, context)];
    if (method === 'GET') return [action('GetBucket', bucketLevel, context)];
    if (method === 'HEAD') return [action('HeadBucket', bucketLevel)];
    return [action(`unmapped ${method} bucket request`, bucketLevel)];
  }

  if ('tagging' in query) {
    const verb = { PUT: 'Put', GET: 'Get', DELETE: 'Delete' }[method];
    return [action(verb ? `${verb}ObjectTagging` : `unmapped ${method} ?tagging`)];
  }
  const isPart = 'partNumber' in query && 'uploadId' in query;
  if (method === 'PUT' && copySource) {
    // A copy reads its source: both sides must be allowed.
    const [sourceBucket, sourceKey, sourceRegion] = parseCopySource(String(copySource));
    return [
      action(isPart ? 'UploadPartCopy' : 'PutObjectCopy'),
      action('GetObject', objectResource(sourceRegion ?? region, sourceBucket, sourceKey)),
    ];
  }
  if (method === 'PUT') return [action(isPart ? 'UploadPart' : 'PutObject')];
  if (method === 'POST' && 'uploads' in query) return [action('InitiateMultipartUpload')];
  if (method === 'POST' && 'uploadId' in query) return [action('CompleteMultipartUpload')];
  if (method === 'DELETE' && 'uploadId' in query) return [action('AbortMultipartUpload')];
  if (method === 'GET' && 'uploadId' in query) return [action('ListParts')];
  if (method === 'HEAD') return [action('HeadObject')];
  if (method === 'GET') return [action('GetObject')];
  if (method === 'DELETE') return [action('DeleteObject')];
  return [action(`unmapped ${method} object request`)];
}

/** The APPID is the numeric suffix of a `<name>-<appid>` bucket. */
export function appIdOf(bucket: string): string {
  return /-(\d+)$/.exec(bucket)?.[1] ?? '';
}

export function objectResource(region: string, bucket: string, key: string): string {
  return `qcs::cos:${region}:uid/${appIdOf(bucket)}:${bucket}/${key}`;
}

export function bucketResource(region: string, bucket: string): string {
  return objectResource(region, bucket, '');
}

/**
 * Bucket, decoded key and (when the host names it) region of a copy source:
 * `<bucket>.cos.<region>.myqcloud.com/<url-encoded key>` as COS wants it, or `/<bucket>/<key>`.
 */
export function parseCopySource(source: string): [string, string, string | undefined] {
  const hostStyle = /^([^./]+)\.cos\.([^./]+)[^/]*\/(.+)$/s.exec(source);
  if (hostStyle) return [hostStyle[1], decodeURIComponent(hostStyle[3]), hostStyle[2]];
  const [bucket, encodedKey] = source.replace(/^\//, '').split(/\/(.*)/s);
  return [bucket, decodeURIComponent(encodedKey ?? ''), undefined];
}
