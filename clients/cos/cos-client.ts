// A small promise-based COS client over the official SDK, limited to the calls the backup needs.
// Callers never see callbacks or SDK option names. A client may have an end time: no request
// starts after it, and one still in flight then is aborted, its connection closed.
import { createHash } from 'node:crypto';
import * as http from 'node:http';
import * as https from 'node:https';
import { Socket } from 'node:net';
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
  /**
   * Epoch ms by which every request of this client ends, retries and waits between them
   * included: none starts after it, and one in flight at that moment is aborted on the client
   * side (its connection is closed). Either fails with a CosRequestError of code
   * `DeadlineExceeded`. Without it, only `timeoutMs` bounds a request.
   */
  endAtMs?: number;
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
  /**
   * The folders right under `prefix` (which ends in `/`), page by page: the common prefixes of a
   * listing with delimiter `/`, each `<prefix><name>/`. Keys right under `prefix` are no folders
   * and are left out; one request lists up to 1000 folders, however many keys each holds.
   */
  listFolders(p: { bucket: string; prefix: string }): AsyncGenerator<string>;
  /**
   * The same client (settings, connections) with its requests bounded by `endAtMs` as well:
   * the earlier of this client's end time and `endAtMs` applies.
   */
  until(endAtMs: number): CosClient;
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

/** Code of the CosRequestError of a request that its client's end time (`endAtMs`) cut off. */
export const DEADLINE_EXCEEDED = 'DeadlineExceeded';

/** Whether `error`, or an error it was caused by, is a request cut off by its client's end time. */
export function isDeadlineExceeded(error: unknown): boolean {
  for (let e = error, depth = 0; e instanceof Error && depth < 10; e = e.cause, depth++) {
    if (e instanceof CosRequestError && e.code === DEADLINE_EXCEEDED) return true;
  }
  return false;
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
  const sdkOptions: COS.COSOptions = {
    SecretId: options.credentials.secretId,
    SecretKey: options.credentials.secretKey,
    SecurityToken: options.credentials.sessionToken,
    Timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    ...endpointOptions(options.endpoint),
  };
  const sdk: Sdk = {
    options: sdkOptions,
    shared: new COS(sdkOptions),
    region: options.region,
    retry: { ...(options.retry ?? DEFAULT_RETRY_POLICY), jitter: true, retryable: isRetryable },
  };
  return clientUntil(sdk, options.endAtMs);
}

/** What the clients made from one createCosClient share. */
interface Sdk {
  readonly options: COS.COSOptions;
  /** The SDK instance of clients without an end time, and the keeper of the clock offset all share. */
  readonly shared: COS;
  readonly region: string;
  readonly retry: RetryOptions;
}

function clientUntil(sdk: Sdk, endAtMs: number | undefined): CosClient {
  const Region = sdk.region;

  async function call<T>(operation: string, request: (cos: COS) => Promise<T>): Promise<T> {
    const scope = openScope(sdk, endAtMs, operation);
    try {
      return await scope.race(request(scope.cos));
    } catch (err) {
      throw scope.cut() ?? new CosRequestError(operation, err);
    } finally {
      scope.close();
    }
  }

  async function callWithRetry<T>(operation: string, request: (cos: COS) => Promise<T>): Promise<T> {
    const scope = openScope(sdk, endAtMs, operation);
    let attempts = 0;
    try {
      return await withRetries(
        {
          ...sdk.retry,
          // No try starts, and no wait goes on, after the end time.
          signal: scope.signal,
          retryable: (err) => !scope.signal?.aborted && isRetryable(err),
        },
        () => {
          attempts++;
          return scope.race(request(scope.cos));
        },
      );
    } catch (err) {
      throw scope.cut(attempts) ?? new CosRequestError(operation, err, attempts);
    } finally {
      scope.close();
    }
  }

  return {
    putObject({ bucket, key, body, ...attributes }) {
      return callWithRetry('PutObject', async (cos) => {
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
      return call('InitiateMultipartUpload', async (cos) => {
        const result = await cos.multipartInit({ Bucket: bucket, Region, Key: key, ...attributeParams(attributes) });
        return { uploadId: result.UploadId };
      });
    },

    multipartUpload({ bucket, key, uploadId, partNumber, body }) {
      return callWithRetry(`UploadPart ${partNumber}`, async (cos) => {
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
      return call('CompleteMultipartUpload', async (cos) => {
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
      await call('AbortMultipartUpload', (cos) =>
        cos.multipartAbort({ Bucket: bucket, Region, Key: key, UploadId: uploadId }),
      );
    },

    async listMultipartUploads({ bucket, prefix }) {
      const uploads: OpenMultipartUpload[] = [];
      let keyMarker: string | undefined;
      let uploadIdMarker: string | undefined;
      for (;;) {
        const page = await call('ListMultipartUploads', (cos) =>
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

    headObject({ bucket, key }) {
      return call('HeadObject', async (cos) => {
        let result;
        try {
          result = await cos.headObject({ Bucket: bucket, Region, Key: key });
        } catch (err) {
          if ((err as { statusCode?: number }).statusCode === 404) return undefined;
          throw err;
        }
        const headers = (result.headers ?? {}) as Record<string, string>;
        return {
          size: Number(headers['content-length'] ?? 0),
          etag: result.ETag,
          metadata: userMetadata(headers),
          storageClass: headers['x-cos-storage-class'] ?? 'STANDARD',
        };
      });
    },

    putObjectCopy({ bucket, key, source, sourceIfMatch, ...attributes }) {
      return call('PutObjectCopy', async (cos) => {
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
      let scope: CallScope;
      try {
        scope = openScope(sdk, endAtMs, 'GetObject');
      } catch (err) {
        return new PassThrough().destroy(err as Error);
      }
      // The SDK reports failures as an 'error' event on the returned stream.
      const stream = scope.cos.getObjectStream({ Bucket: bucket, Region, Key: key }, () => undefined) as Readable;
      scope.signal?.addEventListener('abort', () => {
        const cut = scope.cut()!;
        // The SDK's own report of the aborted request follows; this one is what readers see.
        stream.on('error', () => undefined).destroy(cut);
      });
      const done = scope.begin();
      stream.once('close', () => {
        done();
        scope.close();
      });
      return stream;
    },

    async *listObjects({ bucket, prefix }) {
      let marker = '';
      for (;;) {
        const page = await call('GetBucket', (cos) =>
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

    async *listFolders({ bucket, prefix }) {
      let marker = '';
      for (;;) {
        const page = await call('GetBucket', (cos) =>
          cos.getBucket({ Bucket: bucket, Region, Prefix: prefix, Delimiter: '/', Marker: marker, MaxKeys: 1000 }),
        );
        const folders = page.CommonPrefixes.map((p) => p.Prefix).filter((p) => p && p !== prefix);
        yield* folders;
        // A page holds up to 1000 entries, keys and folders together, each in key order; the next
        // page starts after the last of them (COS names it NextMarker when the listing is cut).
        const lastEntry = [page.Contents[page.Contents.length - 1]?.Key, folders[folders.length - 1]]
          .filter((entry): entry is string => entry !== undefined)
          .sort()
          .pop();
        if (page.IsTruncated !== 'true' || !(page.NextMarker || lastEntry)) return;
        marker = page.NextMarker || lastEntry!;
      }
    },

    until(end) {
      return clientUntil(sdk, endAtMs === undefined ? end : Math.min(endAtMs, end));
    },
  };
}

/**
 * One call of the client (all its tries): the SDK instance it runs on and, when the client has
 * an end time, the signal that aborts it then.
 */
interface CallScope {
  readonly cos: COS;
  readonly signal?: AbortSignal;
  /** The request, or a rejection as soon as the end time comes, whichever is first. */
  race<T>(request: Promise<T>): Promise<T>;
  /** Counts a request in flight until the returned function is called (race does it itself). */
  begin(): () => void;
  /** The error to report when the end time cut the call off, else undefined. */
  cut(attempts?: number): CosRequestError | undefined;
  close(): void;
}

/** The longest delay a Node.js timer takes; a longer one would fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * How an end time reaches a request in flight: the SDK (3.0) has no per-request abort, but it
 * hands the options of every HTTP request, its own retries included, to its `before-send`
 * listeners just before sending, and its request library passes unknown options on to Node's
 * http.request. A `signal` there aborts the request: Node destroys it and closes its socket, and
 * the SDK reports the error. The listener belongs to an SDK instance made for this one call,
 * so it never touches the requests of other calls. Tries after the end go to an agent that
 * never connects, where the aborted signal fails them before anything is sent.
 */
function openScope(sdk: Sdk, endAtMs: number | undefined, operation: string): CallScope {
  if (endAtMs === undefined) {
    const nothing = () => undefined;
    return { cos: sdk.shared, race: (request) => request, begin: () => nothing, cut: nothing, close: nothing };
  }
  const end = new Date(endAtMs).toISOString();
  const remaining = endAtMs - Date.now();
  if (remaining <= 0) throw deadlineError(operation, `not sent: the end time ${end} had passed`);

  const controller = new AbortController();
  const { signal } = controller;
  let inFlight = 0;
  let cutInFlight = false;
  const timer =
    remaining <= MAX_TIMER_MS
      ? setTimeout(() => {
          cutInFlight = inFlight > 0;
          controller.abort();
        }, remaining).unref()
      : undefined;
  // Each instance starts from the clock offset the SDK learned so far (it corrects it when COS
  // answers RequestTimeTooSkewed) and hands back what it learned.
  const cos = new COS({ ...sdk.options, SystemClockOffset: clockOffset(sdk.shared) });
  cos.on('before-send', (request: { url?: string; signal?: AbortSignal; agent?: http.Agent }) => {
    request.signal = signal;
    if (signal.aborted) request.agent = request.url?.startsWith('https:') ? NO_TLS_CONNECTION : NO_CONNECTION;
  });
  return {
    cos,
    signal,
    race<T>(request: Promise<T>): Promise<T> {
      const done = this.begin();
      return new Promise<T>((resolve, reject) => {
        const onEnd = () => reject(signal.reason);
        if (signal.aborted) onEnd();
        else signal.addEventListener('abort', onEnd, { once: true });
        void request.then(resolve, reject).finally(() => {
          done();
          signal.removeEventListener('abort', onEnd);
        });
      });
    },
    begin() {
      inFlight++;
      let counted = true;
      return () => {
        if (counted) inFlight--;
        counted = false;
      };
    },
    cut(attempts = 1) {
      if (!signal.aborted) return undefined;
      const what = cutInFlight
        ? `aborted in flight at the end time ${end} (its connection was closed)`
        : `the end time ${end} came before another try`;
      return deadlineError(operation, what, attempts);
    },
    close() {
      if (timer) clearTimeout(timer);
      setClockOffset(sdk.shared, clockOffset(cos));
    },
  };
}

function deadlineError(operation: string, message: string, attempts = 1): CosRequestError {
  return new CosRequestError(operation, { code: DEADLINE_EXCEEDED, message }, attempts);
}

/** An agent whose sockets never connect (see openScope). */
function nowhere<A extends http.Agent>(agent: A): A {
  return Object.assign(agent, { createConnection: () => new Socket() });
}
const NO_CONNECTION = nowhere(new http.Agent());
const NO_TLS_CONNECTION = nowhere(new https.Agent());

/** The SDK keeps the offset between the local clock and COS's in its (untyped) options. */
function clockOffset(cos: COS): number {
  return (cos as unknown as { options: { SystemClockOffset: number } }).options.SystemClockOffset;
}

function setClockOffset(cos: COS, offsetMs: number): void {
  (cos as unknown as { options: { SystemClockOffset: number } }).options.SystemClockOffset = offsetMs;
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
