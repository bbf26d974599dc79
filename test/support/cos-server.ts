/**
 * A local COS-protocol server for tests: s3rver (an S3 emulator) on loopback
 * behind a small HTTP proxy that makes the official COS SDK work against it.
 *
 * The proxy:
 * - accepts COS `q-sign` signatures (s3rver rejects them) by recording and
 *   dropping the Authorization header;
 * - renames `x-cos-*` headers to `x-amz-*` and back, fixing the few values that
 *   differ (copy source, metadata directive, storage class). Untranslated, a
 *   COS copy reaches s3rver as a plain PUT and silently stores an empty object;
 * - implements what s3rver lacks: ListMultipartUploads (`GET /bucket?uploads`,
 *   501 in s3rver) and AbortMultipartUpload (405), by tracking the uploads that
 *   pass through; parts or completes for unknown uploads get NoSuchUpload;
 * - injects faults (5xx, delays, connection resets) for retry tests.
 *
 * Addressing is path style: `http://127.0.0.1:PORT/<bucket>/<key>`.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';

/** The part of s3rver's API used here; the package ships no types. */
interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
  httpServer: http.Server;
  store: S3rverStore;
}
interface S3rverStore {
  listObjects(bucket: string, options: { prefix?: string }): Promise<{ objects: S3rverObject[] }>;
  getObject(bucket: string, key: string): Promise<(S3rverObject & { content: Readable }) | null>;
  getResourcePath(bucket: string, key: string | undefined, resource: string): string;
  getMetadata(bucket: string, key: string): Promise<Record<string, string>>;
}
interface S3rverObject {
  key: string;
  size: number;
  metadata: Record<string, string>;
}
const S3rver: new (options: Record<string, unknown>) => S3rverInstance = require('s3rver');

export interface StoredObject {
  key: string;
  size: number;
  /** User metadata without its `x-cos-meta-` prefix, e.g. `{ 'last-offset': '41' }`. */
  metadata: Record<string, string>;
  contentType?: string;
  contentEncoding?: string;
  storageClass: string;
}

export interface OpenUpload {
  key: string;
  uploadId: string;
  initiated: Date;
}

export interface RecordedRequest {
  method: string;
  bucket: string;
  key: string;
  query: Record<string, string>;
  /** The Authorization header as the client sent it (it is not checked). */
  authorization?: string;
  /** All request headers, COS names, as the client sent them. */
  headers: http.IncomingHttpHeaders;
  /** Status sent back; 0 when the connection was reset or dropped. */
  status: number;
}

export interface FaultMatch {
  method?: string;
  /** Matches requests carrying this query parameter. */
  query?: 'partNumber' | 'uploadId' | 'uploads';
  keyPrefix?: string;
  /** Matches keys containing this text, e.g. `/partition=1/`. */
  keyIncludes?: string;
  /** Matches requests carrying this header, e.g. `x-cos-copy-source`. */
  header?: string;
}

export type FaultAction = { status: 500 | 503; body?: string } | { delayMs: number } | 'reset';

export interface Fault {
  match: FaultMatch;
  action: FaultAction;
  /** How many matching requests this fault hits before it is used up. */
  times: number;
}

export interface FaultInjector {
  add(fault: Fault): void;
  clear(): void;
  /** Faults not used up yet. */
  readonly pending: Fault[];
}

export interface CosServer {
  endpoint: string;
  listObjects(bucket: string, prefix?: string): Promise<StoredObject[]>;
  getObject(bucket: string, key: string): Promise<Buffer>;
  headObject(bucket: string, key: string): Promise<StoredObject | undefined>;
  openMultipartUploads(bucket: string): OpenUpload[];
  requests: RecordedRequest[];
  faults: FaultInjector;
  stop(): Promise<void>;
}

export async function startCosServer(options: { buckets: string[] }): Promise<CosServer> {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'cos-server-'));
  const s3rver = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    vhostBuckets: false,
    configureBuckets: options.buckets.map((name) => ({ name })),
  });
  const s3Port = (await s3rver.run()).port;

  const uploads = new Map<string, OpenUpload & { bucket: string }>();
  const requests: RecordedRequest[] = [];
  const faults = new Faults();
  // A private agent without keep-alive, so stopping never waits on idle sockets.
  const agent = new http.Agent({ keepAlive: false });

  const proxy = http.createServer((req, res) => {
    void handle(req, res).catch((err: Error) => {
      if (!res.headersSent) sendError(res, 500, 'InternalError', err.message);
      else res.destroy();
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const [bucket = '', ...rest] = url.pathname.slice(1).split('/');
    const key = decodeURIComponent(rest.join('/'));
    const query = Object.fromEntries(url.searchParams);
    const method = req.method ?? 'GET';
    const { headers } = req;
    const record: RecordedRequest = { method, bucket, key, query, authorization: headers.authorization, headers, status: 0 };
    requests.push(record);
    res.on('finish', () => (record.status = res.statusCode));

    const action = faults.take(method, key, query, headers);
    if (action === 'reset') {
      req.socket.destroy();
      return;
    }
    if (action && 'delayMs' in action) {
      await sleep(action.delayMs);
      if (req.socket.destroyed) return;
    }
    if (action && 'status' in action) {
      // Read the body first so the client sees the status, not a broken pipe.
      req.resume();
      await new Promise((resolve) => req.on('end', resolve).on('close', resolve));
      const body = action.body ?? errorXml('InternalError', 'injected fault');
      res.writeHead(action.status, { 'content-type': 'application/xml' }).end(body);
      return;
    }

    // s3rver ignores copy conditions; COS honours x-cos-copy-source-If-Match (412 otherwise).
    const copyIfMatch = headers['x-cos-copy-source-if-match'];
    if (method === 'PUT' && headers['x-cos-copy-source'] && copyIfMatch) {
      const [sourceBucket, sourceKey] = copySourceOf(String(headers['x-cos-copy-source']));
      const current = await s3rver.store.getMetadata(sourceBucket, sourceKey).catch(() => undefined);
      if (!current || current.etag.replace(/"/g, '') !== String(copyIfMatch).replace(/"/g, '')) {
        req.resume();
        return sendError(res, 412, 'PreconditionFailed', 'At least one of the preconditions you specified did not hold.');
      }
    }

    const uploadId = query.uploadId;
    if (method === 'GET' && !key && 'uploads' in query) {
      return listUploads(res, bucket, query.prefix ?? '');
    }
    if (uploadId !== undefined && !uploads.has(uploadId)) {
      req.resume();
      return sendError(res, 404, 'NoSuchUpload', 'The specified upload does not exist.');
    }
    if (method === 'DELETE' && uploadId !== undefined) {
      // s3rver does not implement AbortMultipartUpload.
      uploads.delete(uploadId);
      const uploadDir = path.join(s3rver.store.getResourcePath(bucket, undefined, 'uploads'), uploadId);
      fs.rmSync(uploadDir, { recursive: true, force: true });
      res.writeHead(204).end();
      return;
    }

    if (method === 'POST' && 'uploads' in query) {
      return forward(req, res, (status, xml) => {
        const id = /<UploadId>([^<]+)<\/UploadId>/.exec(xml)?.[1];
        if (status === 200 && id) uploads.set(id, { bucket, key, uploadId: id, initiated: new Date() });
      });
    }
    if (method === 'POST' && uploadId !== undefined) {
      return forward(req, res, (status, xml) => {
        if (status === 200 && !xml.includes('<Error>')) uploads.delete(uploadId);
      });
    }
    return forward(req, res);
  }

  /**
   * Sends the request on to s3rver and its answer back. With `inspect`, the
   * (small XML) answer is read whole and inspected before the client gets it.
   */
  function forward(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    inspect?: (status: number, xml: string) => void,
  ): Promise<void> {
    return new Promise((resolve, reject) => {
      const upstreamReq = http.request(
        { host: '127.0.0.1', port: s3Port, method: req.method, path: req.url, headers: toS3Headers(req.headers), agent },
        (upstreamRes) => {
          const status = upstreamRes.statusCode ?? 502;
          upstreamRes.on('error', reject);
          if (!inspect) {
            res.writeHead(status, toCosHeaders(upstreamRes.headers));
            upstreamRes.pipe(res).on('finish', resolve);
            return;
          }
          const chunks: Buffer[] = [];
          upstreamRes.on('data', (chunk: Buffer) => chunks.push(chunk));
          upstreamRes.on('end', () => {
            const body = Buffer.concat(chunks);
            inspect(status, body.toString('utf8'));
            res.writeHead(status, toCosHeaders(upstreamRes.headers)).end(body, resolve);
          });
        },
      );
      upstreamReq.on('error', reject);
      // A client that gives up (timeout, reset) must not leave the upstream request hanging.
      res.on('close', () => {
        if (!res.writableFinished) {
          upstreamReq.destroy();
          resolve();
        }
      });
      req.pipe(upstreamReq);
    });
  }

  function listUploads(res: http.ServerResponse, bucket: string, prefix: string): void {
    const entries = [...uploads.values()]
      .filter((u) => u.bucket === bucket && u.key.startsWith(prefix))
      .map(
        (u) =>
          `<Upload><Key>${escapeXml(u.key)}</Key><UploadId>${u.uploadId}</UploadId>` +
          `<Initiated>${u.initiated.toISOString()}</Initiated></Upload>`,
      );
    const xml =
      '<?xml version="1.0" encoding="UTF-8"?>\n<ListMultipartUploadsResult>' +
      `<Bucket>${escapeXml(bucket)}</Bucket><Prefix>${escapeXml(prefix)}</Prefix>` +
      `<IsTruncated>false</IsTruncated>${entries.join('')}</ListMultipartUploadsResult>`;
    res.writeHead(200, { 'content-type': 'application/xml' }).end(xml);
  }

  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;

  return {
    endpoint,
    requests,
    faults,
    async listObjects(bucket, prefix = '') {
      const { objects } = await s3rver.store.listObjects(bucket, { prefix });
      return objects.map(toStoredObject);
    },
    async getObject(bucket, key) {
      const object = await s3rver.store.getObject(bucket, key);
      if (!object) throw new Error(`no object ${bucket}/${key}`);
      const chunks: Buffer[] = [];
      for await (const chunk of object.content) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    },
    async headObject(bucket, key) {
      const { objects } = await s3rver.store.listObjects(bucket, { prefix: key });
      const object = objects.find((o) => o.key === key);
      return object && toStoredObject(object);
    },
    openMultipartUploads(bucket) {
      return [...uploads.values()]
        .filter((u) => u.bucket === bucket)
        .map(({ key, uploadId, initiated }) => ({ key, uploadId, initiated }));
    },
    async stop() {
      proxy.closeAllConnections();
      await new Promise((resolve) => proxy.close(resolve));
      s3rver.httpServer.closeAllConnections();
      await s3rver.close();
      agent.destroy();
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}

class Faults implements FaultInjector {
  readonly pending: Fault[] = [];

  add(fault: Fault): void {
    this.pending.push({ ...fault });
  }

  clear(): void {
    this.pending.length = 0;
  }

  /** The action of the first fault that matches, counting one use of it. */
  take(
    method: string,
    key: string,
    query: Record<string, string>,
    headers: http.IncomingHttpHeaders,
  ): FaultAction | undefined {
    const fault = this.pending.find(
      ({ match }) =>
        (!match.method || match.method.toUpperCase() === method) &&
        (!match.query || match.query in query) &&
        (match.keyPrefix === undefined || key.startsWith(match.keyPrefix)) &&
        (match.keyIncludes === undefined || key.includes(match.keyIncludes)) &&
        (!match.header || match.header.toLowerCase() in headers),
    );
    if (!fault) return undefined;
    fault.times -= 1;
    if (fault.times <= 0) this.pending.splice(this.pending.indexOf(fault), 1);
    return fault.action;
  }
}

// COS calls the S3 GLACIER class ARCHIVE; the other shared classes have the same name.
const COS_TO_S3_STORAGE_CLASS: Record<string, string> = { ARCHIVE: 'GLACIER' };
const S3_TO_COS_STORAGE_CLASS: Record<string, string> = { GLACIER: 'ARCHIVE' };

// Not passed on: per-connection headers, and the COS signature s3rver would reject.
const NOT_FORWARDED = new Set(['connection', 'keep-alive', 'transfer-encoding', 'host', 'authorization']);

function toS3Headers(headers: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
  const out: http.OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || NOT_FORWARDED.has(name)) continue;
    if (!name.startsWith('x-cos-')) {
      out[name] = value;
      continue;
    }
    const s3Name = 'x-amz-' + name.slice('x-cos-'.length);
    const text = String(value);
    if (name === 'x-cos-copy-source') out[s3Name] = toS3CopySource(text);
    else if (name === 'x-cos-metadata-directive') out[s3Name] = text === 'Replaced' ? 'REPLACE' : 'COPY';
    else if (name === 'x-cos-storage-class') out[s3Name] = COS_TO_S3_STORAGE_CLASS[text] ?? text;
    else out[s3Name] = value;
  }
  return out;
}

function toCosHeaders(headers: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
  const out: http.OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || NOT_FORWARDED.has(name)) continue;
    if (!name.startsWith('x-amz-')) {
      out[name] = value;
      continue;
    }
    const cosName = 'x-cos-' + name.slice('x-amz-'.length);
    out[cosName] = name === 'x-amz-storage-class' ? (S3_TO_COS_STORAGE_CLASS[String(value)] ?? value) : value;
  }
  return out;
}

/**
 * COS names the copy source `<bucket>.cos.<region>.myqcloud.com/<url-encoded key>`;
 * s3rver wants `/<bucket>/<key>` and decodes it with decodeURI, which leaves
 * `%2B`, `%3D` and the like encoded, so the key is re-encoded with encodeURI.
 */
function toS3CopySource(source: string): string {
  const [bucket, key] = copySourceOf(source);
  return `/${bucket}/${encodeURI(key)}`;
}

/** Bucket and (decoded) key of a COS copy source. */
function copySourceOf(source: string): [string, string] {
  const hostStyle = /^([^./]+)\.cos[^/]*\/(.+)$/.exec(source);
  const [bucket, encodedKey] = hostStyle ? [hostStyle[1], hostStyle[2]] : source.replace(/^\//, '').split(/\/(.*)/s);
  return [bucket, decodeURIComponent(encodedKey ?? '')];
}

function toStoredObject(object: S3rverObject): StoredObject {
  const metadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(object.metadata)) {
    if (name.startsWith('x-amz-meta-')) metadata[name.slice('x-amz-meta-'.length)] = value;
  }
  const storageClass = object.metadata['x-amz-storage-class'] ?? 'STANDARD';
  return {
    key: object.key,
    size: object.size,
    metadata,
    contentType: object.metadata['content-type'],
    contentEncoding: object.metadata['content-encoding'],
    storageClass: S3_TO_COS_STORAGE_CLASS[storageClass] ?? storageClass,
  };
}

function sendError(res: http.ServerResponse, status: number, code: string, message: string): void {
  res.writeHead(status, { 'content-type': 'application/xml' }).end(errorXml(code, message));
}

function errorXml(code: string, message: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Error><Code>${code}</Code><Message>${escapeXml(message)}</Message></Error>`
  );
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Unref'd, so an injected delay never keeps the test process alive. */
function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
