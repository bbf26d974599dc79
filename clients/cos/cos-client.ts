// A small promise-based COS client over the official SDK, limited to the calls the backup needs.
// Callers never see callbacks or SDK option names.
import { createHash } from 'node:crypto';
import { PassThrough, Readable } from 'node:stream';
import COS from 'cos-nodejs-sdk-v5';
import { RetryOptions, RetryPolicy, withRetries } from '../retry';

export type StorageClass = COS.StorageClass;

export interface CosClientOptions {
  region: string;
  credentials: { secretId: string; secretKey: string; sessionToken?: string };
  /**
   * URL of a COS- or S3-compatible server addressed path style, e.g.
   * `http://127.0.0.1:9000`; requests go to `<endpoint>/<bucket>/<key>`.
   * Without it, the real COS endpoint of the region over HTTPS.
   */
  endpoint?: string;
  /** Socket idle and connect timeout of each request. */
  timeoutMs?: number;
  /** Retries of requests that carry a body (object and part uploads). */
  retry?: RetryPolicy;
}

/** What to store with an object. `metadata` keys go on the wire as `x-cos-meta-<key>`. */
export interface ObjectAttributes {
  contentType?: string;
  contentEncoding?: string;
  storageClass?: StorageClass;
  metadata?: Record<string, string>;
}

export interface ObjectHead {
  size: number;
  etag: string;
  /** User metadata, keys without their `x-cos-meta-` prefix. */
  metadata: Record<string, string>;
  storageClass: string;
}

/** A multipart upload that was initiated and neither completed nor aborted. */
export interface OpenMultipartUpload {
  key: string;
  uploadId: string;
  /** ISO-8601 time the upload was initiated. */
  initiated: string;
}

export interface ListedObject {
  key: string;
  size: number;
  etag: string;
  lastModified: string;
  storageClass: string;
}

export interface CosClient {
  putObject(p: { bucket: string; key: string; body: Buffer } & ObjectAttributes): Promise<{ etag: string }>;
  multipartInit(p: { bucket: string; key: string } & ObjectAttributes): Promise<{ uploadId: string }>;
  multipartUpload(p: {
    bucket: string;
    key: string;
    uploadId: string;
    partNumber: number;
    body: Buffer;
  }): Promise<{ etag: string }>;
  multipartComplete(p: {
    bucket: string;
    key: string;
    uploadId: string;
    parts: { partNumber: number; etag: string }[];
  }): Promise<{ etag: string }>;
  multipartAbort(p: { bucket: string; key: string; uploadId: string }): Promise<void>;
  /** Open multipart uploads of keys under `prefix`, all pages. */
  listMultipartUploads(p: { bucket: string; prefix: string }): Promise<OpenMultipartUpload[]>;
  /** `undefined` when there is no such object. */
  headObject(p: { bucket: string; key: string }): Promise<ObjectHead | undefined>;
  /**
   * Copies `source` to `key`; with `metadata` given, the copy gets exactly these attributes (directive Replaced).
   * With `sourceIfMatch`, COS copies only while the source's ETag is that one (else HTTP 412).
   */
  putObjectCopy(
    p: {
      bucket: string;
      key: string;
      source: { bucket: string; key: string };
      sourceIfMatch?: string;
    } & ObjectAttributes,
  ): Promise<{ etag: string }>;
  getObjectStream(p: { bucket: string; key: string }): Readable;
  /** All objects under `prefix`, page by page. */
  listObjects(p: { bucket: string; prefix: string }): AsyncGenerator<ListedObject>;
}

/** An SDK failure, described with the operation and the server's code and status. */
export class CosRequestError extends Error {
  readonly statusCode?: number;
  readonly code?: string;

  constructor(operation: string, sdkError: unknown, attempts = 1) {
    const e = (sdkError ?? {}) as { statusCode?: number; code?: string; message?: string };
    const status = e.statusCode ? ` (HTTP ${e.statusCode})` : '';
    const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
    super(`${operation} failed${tries}: ${e.code ?? 'Error'}: ${e.message ?? String(sdkError)}${status}`);
    this.name = 'CosRequestError';
    this.statusCode = e.statusCode;
    this.code = e.code;
  }
}

const DEFAULT_TIMEOUT_MS = 60_000;
const META_PREFIX = 'x-cos-meta-';

/**
 * The COS SDK retries failed requests itself, but back to back (no delay) and only for bodies
 * it can replay (a Buffer or string). Bodies are therefore sent as streams, which turns the
 * SDK's retry off, and retried here instead, with backoff.
 */
const DEFAULT_RETRY_POLICY: RetryPolicy = { attempts: 4, baseDelayMs: 500, maxDelayMs: 8_000 };

export function createCosClient(options: CosClientOptions): CosClient {
  const cos = new COS({
    SecretId: options.credentials.secretId,
    SecretKey: options.credentials.secretKey,
    SecurityToken: options.credentials.sessionToken,
    Timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    ...endpointOptions(options.endpoint),
  });
  const Region = options.region;
  const retry: RetryOptions = { ...(options.retry ?? DEFAULT_RETRY_POLICY), jitter: true, retryable: isRetryable };

  async function call<T>(operation: string, request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (err) {
      throw new CosRequestError(operation, err);
    }
  }

  async function callWithRetry<T>(operation: string, request: () => Promise<T>): Promise<T> {
    let attempts = 0;
    try {
      return await withRetries(retry, () => {
        attempts++;
        return request();
      });
    } catch (err) {
      throw new CosRequestError(operation, err, attempts);
    }
  }

  return {
    putObject({ bucket, key, body, ...attributes }) {
      return callWithRetry('PutObject', async () => {
        const result = await cos.putObject({
          Bucket: bucket,
          Region,
          Key: key,
          ...bodyParams(body),
          ...attributeParams(attributes),
          // Bypass the SDK's upload task queue, which keeps every body it saw.
          ...({ SkipTask: true } as object),
        });
        return { etag: result.ETag };
      });
    },

    multipartInit({ bucket, key, ...attributes }) {
      return call('InitiateMultipartUpload', async () => {
        const result = await cos.multipartInit({ Bucket: bucket, Region, Key: key, ...attributeParams(attributes) });
        return { uploadId: result.UploadId };
      });
    },

    multipartUpload({ bucket, key, uploadId, partNumber, body }) {
      return callWithRetry(`UploadPart ${partNumber}`, async () => {
        const result = await cos.multipartUpload({
          Bucket: bucket,
          Region,
          Key: key,
          UploadId: uploadId,
          PartNumber: partNumber,
          ...bodyParams(body),
        });
        return { etag: result.ETag };
      });
    },

    multipartComplete({ bucket, key, uploadId, parts }) {
      return call('CompleteMultipartUpload', async () => {
        const result = await cos.multipartComplete({
          Bucket: bucket,
          Region,
          Key: key,
          UploadId: uploadId,
          Parts: parts.map((p) => ({ PartNumber: p.partNumber, ETag: p.etag })),
        });
        return { etag: result.ETag };
      });
    },

    async multipartAbort({ bucket, key, uploadId }) {
      await call('AbortMultipartUpload', () =>
        cos.multipartAbort({ Bucket: bucket, Region, Key: key, UploadId: uploadId }),
      );
    },

    async listMultipartUploads({ bucket, prefix }) {
      const uploads: OpenMultipartUpload[] = [];
      let keyMarker: string | undefined;
      let uploadIdMarker: string | undefined;
      for (;;) {
        const page = await call('ListMultipartUploads', () =>
          cos.multipartList({
            Bucket: bucket,
            Region,
            Prefix: prefix,
            KeyMarker: keyMarker,
            UploadIdMarker: uploadIdMarker,
            MaxUploads: 1000,
          } as COS.MultipartListParams),
        );
        for (const u of page.Upload ?? []) uploads.push({ key: u.Key, uploadId: u.UploadId, initiated: u.Initiated });
        if (String(page.IsTruncated) !== 'true' || !page.NextKeyMarker) return uploads;
        keyMarker = page.NextKeyMarker;
        uploadIdMarker = page.NextUploadIdMarker;
      }
    },

    async headObject({ bucket, key }) {
      try {
        const result = await cos.headObject({ Bucket: bucket, Region, Key: key });
        const headers = (result.headers ?? {}) as Record<string, string>;
        return {
          size: Number(headers['content-length'] ?? 0),
          etag: result.ETag,
          metadata: userMetadata(headers),
          storageClass: headers['x-cos-storage-class'] ?? 'STANDARD',
        };
      } catch (err) {
        if ((err as { statusCode?: number }).statusCode === 404) return undefined;
        throw new CosRequestError('HeadObject', err);
      }
    },

    putObjectCopy({ bucket, key, source, sourceIfMatch, ...attributes }) {
      return call('PutObjectCopy', async () => {
        const result = await cos.putObjectCopy({
          Bucket: bucket,
          Region,
          Key: key,
          CopySource: copySource(source.bucket, Region, source.key),
          CopySourceIfMatch: sourceIfMatch,
          MetadataDirective: attributes.metadata ? 'Replaced' : 'Copy',
          ...attributeParams(attributes),
        });
        return { etag: result.ETag };
      });
    },

    getObjectStream({ bucket, key }) {
      // The SDK reports failures as an 'error' event on the returned stream.
      return cos.getObjectStream({ Bucket: bucket, Region, Key: key }, () => undefined) as Readable;
    },

    async *listObjects({ bucket, prefix }) {
      let marker = '';
      for (;;) {
        const page = await call('GetBucket', () =>
          cos.getBucket({ Bucket: bucket, Region, Prefix: prefix, Marker: marker, MaxKeys: 1000 }),
        );
        for (const o of page.Contents) {
          yield {
            key: o.Key,
            size: Number(o.Size),
            etag: o.ETag,
            lastModified: o.LastModified,
            storageClass: o.StorageClass,
          };
        }
        const last = page.Contents[page.Contents.length - 1];
        if (page.IsTruncated !== 'true' || !last) return;
        marker = page.NextMarker || last.Key;
      }
    },
  };
}

/**
 * The SDK has no path-style switch (ForcePathStyle throws), but its `Domain`
 * template may contain a path: `127.0.0.1:9000/{Bucket}` yields
 * `http://127.0.0.1:9000/<bucket>/<key>`, and the signature covers only the key.
 */
function endpointOptions(endpoint: string | undefined): Partial<COS.COSOptions> {
  if (!endpoint) return { Protocol: 'https:' };
  const url = new URL(endpoint);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`COS endpoint must be an http(s) URL, got ${endpoint}`);
  }
  const basePath = url.pathname.replace(/\/+$/, '');
  return { Domain: `${url.host}${basePath}/{Bucket}`, Protocol: url.protocol };
}

/** Server errors, throttling and network failures (no status: reset, timeout) are transient. */
function isRetryable(err: unknown): boolean {
  const status = (err as { statusCode?: number } | undefined)?.statusCode;
  return status === undefined || status >= 500 || status === 429;
}

/**
 * A stream body turns off the SDK's own immediate retries (see DEFAULT_RETRY_POLICY);
 * Content-MD5 lets the server reject a body damaged on the way.
 */
function bodyParams(body: Buffer): { Body: Readable; ContentLength: number; ContentMD5: string } {
  return {
    Body: new PassThrough().end(body),
    ContentLength: body.length,
    ContentMD5: createHash('md5').update(body).digest('base64'),
  };
}

function attributeParams(a: ObjectAttributes): {
  ContentType?: string;
  ContentEncoding?: string;
  StorageClass?: StorageClass;
  Headers: Record<string, string>;
} {
  const Headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(a.metadata ?? {})) Headers[META_PREFIX + name] = value;
  return { ContentType: a.contentType, ContentEncoding: a.contentEncoding, StorageClass: a.storageClass, Headers };
}

function userMetadata(headers: Record<string, string>): Record<string, string> {
  const metadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (name.startsWith(META_PREFIX)) metadata[name.slice(META_PREFIX.length)] = value;
  }
  return metadata;
}

/** The copy source as COS wants it: `<bucket>.cos.<region>.myqcloud.com/<url-encoded key>`, even for other endpoints. */
function copySource(bucket: string, region: string, key: string): string {
  return `${bucket}.cos.${region}.myqcloud.com/${encodeURIComponent(key).replace(/%2F/g, '/')}`;
}
