// A local COS-protocol server for tests: s3rver (an S3 emulator) on loopback behind a small HTTP proxy
// that makes the official COS SDK work against it.
//
// The proxy:
// - accepts COS `q-sign` signatures (s3rver rejects them) by recording and dropping the Authorization
//   header;
// - renames `x-cos-*` headers to `x-amz-*` and back, fixing the few values that differ (copy source,
//   metadata directive, storage class). Untranslated, a COS copy reaches s3rver as a plain PUT and
//   silently stores an empty object;
// - implements what s3rver lacks: ListMultipartUploads (`GET /bucket?uploads`, 501 in s3rver) and
//   AbortMultipartUpload (405), by tracking the uploads that pass through; parts or completes for
//   unknown uploads get NoSuchUpload;
// - answers listings with a delimiter as COS does: s3rver leaves its common prefixes out of
//   `max-keys`, COS counts keys and common prefixes together (up to 1000 a page), with NextMarker;
// - injects faults (5xx, delays, connection resets, requests held until a test says) for retry tests,
//   and records when a client closed its connection before the answer (a request it gave up on);
// - checks the requests of credentials that have a policy (`setPolicy`) against it, as COS checks a
//   role's requests against its CAM policy (403 AccessDenied otherwise); with `enforce`, handler runs
//   pointed at the server set their role's policy themselves (function-role.ts);
// - for a bucket of another account (`setBucketPolicy`), checks those requests against the bucket
//   owner's policy too, as COS checks a request from another account against both;
// - keeps noncurrent versions on overwrite in buckets created with `versioning: true` (s3rver has no
//   versioning), listed by `GET /<bucket>?versions`.
//
// Addressing is path style: `http://127.0.0.1:PORT/<bucket>/<key>`.
import * as fs from 'node:fs';
import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { AccessControl, Denial, registerEnforcingPeer, unregisterEnforcingPeer } from './access-control';
import { bucketPolicyFor } from './bucket-policy';
import { PolicyDocument } from './cam-policy';
import { bucketResource, cosAuthorizations, parseCopySource } from './cos-actions';

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

/** The largest part the handler uploads (BACKUP_PART_SIZE_MIB is 1 to 64). */
const MAX_PART_BYTES = 64 * 1024 * 1024;

export interface StoredObject {
  key: string;
  size: number;
  /** User metadata without its `x-cos-meta-` prefix, e.g. `{ 'last-offset': '41' }`. */
  metadata: Record<string, string>;
  contentType?: string;
  contentEncoding?: string;
  storageClass: string;
}

/** One version of an object in a versioned bucket: the current one or a noncurrent one. */
export interface StoredVersion extends StoredObject {
  versionId: string;
  isLatest: boolean;
  lastModified: Date;
  etag: string;
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
  /**
   * When the client closed the connection before the answer was complete (epoch ms); the
   * server's own resets (the `reset` fault) do not count. A client that gives up on a request
   * must close its connection, not only stop waiting: a request held by a `hold` fault shows it.
   */
  clientClosedAtMs?: number;
  /**
   * What the bucket's policy said, for a request of credentials with a policy (a role) to a
   * bucket of another account (setBucketPolicy); absent for all others.
   */
  bucketPolicy?: 'allowed' | 'denied';
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
  /** Matches requests for which this is true, e.g. listings of one prefix (`query.prefix`). */
  request?: (request: { method: string; key: string; query: Record<string, string> }) => boolean;
}

/**
 * What a matching request meets: an error status, a delay, a reset connection, `hold`: the
 * request waits until the promise `hold()` returns settles (a test acts at that exact step of a
 * run, e.g. takes a broker down), then is served as usual, unless its client has gone; or
 * `applyLate`: the request is received whole, then waits until the promise settles and is applied
 * whether or not its client is still there (COS documents nothing that stops a request it has
 * received from being applied after the client went away: a killed writer's last write lands
 * late). `onApplied` hears the status it got.
 */
export type FaultAction =
  | { status: 500 | 503; body?: string }
  | { delayMs: number }
  | { hold: () => Promise<unknown> }
  | { applyLate: () => Promise<unknown>; onApplied?: (status: number, body: string) => void }
  | 'reset';

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
  /** Every version under `prefix`, by key, the current one first, then newest to oldest. */
  listVersions(bucket: string, prefix?: string): Promise<StoredVersion[]>;
  getObjectVersion(bucket: string, key: string, versionId: string): Promise<Buffer>;
  requests: RecordedRequest[];
  faults: FaultInjector;
  /** Requests the policy denied (answered 403 AccessDenied). */
  denied: Denial[];
  /** Requests of `secretId` are checked against `policy` from now on (see AccessControl). */
  setPolicy(secretId: string, policy: PolicyDocument | undefined): void;
  /**
   * `bucket` belongs to another account than the credentials with a policy (the roles), and its
   * owner grants `policy` (a bucket policy, parsed; see bucket-policy.ts): from now on each of
   * their requests to it must also be allowed by its statements for `principal`, the roles'
   * account (`qcs::cam::uin/<uin>:uin/<uin>`). Undefined: the bucket has no policy again.
   */
  setBucketPolicy(bucket: string, grant: { policy: unknown; principal: string } | undefined): void;
  stop(): Promise<void>;
}

export interface BucketOptions {
  name: string;
  /** Overwrites keep the previous bytes and metadata as a noncurrent version. */
  versioning?: boolean;
}

export interface CosServerOptions {
  buckets: (string | BucketOptions)[];
  /** Region in the CAM resource strings of the requests. */
  region?: string;
  /**
   * Receive the role policy of handler runs pointed at this server (function-role.ts). Policies
   * set with setPolicy are checked in any case.
   */
  enforce?: boolean;
}

interface NoncurrentVersion {
  versionId: string;
  body: Buffer;
  /** s3rver's metadata of that version (etag, last-modified, content-type, x-amz-meta-*). */
  metadata: Record<string, string>;
}

export async function startCosServer(options: CosServerOptions): Promise<CosServer> {
  const buckets = options.buckets.map((b) => (typeof b === 'string' ? { name: b } : b));
  const region = options.region ?? 'ap-guangzhou';
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'cos-server-'));
  const s3rver = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory,
    vhostBuckets: false,
    configureBuckets: buckets.map(({ name }) => ({ name })),
  });
  const s3Port = (await s3rver.run()).port;

  const uploads = new Map<string, OpenUpload & { bucket: string }>();
  const requests: RecordedRequest[] = [];
  const faults = new Faults();
  const access = new AccessControl('cos');
  /** Per bucket of another account: its owner's policy, for the roles' account. */
  const bucketPolicies = new Map<string, { control: AccessControl; policy: PolicyDocument }>();
  const versioned = new Set(buckets.filter((b) => b.versioning).map((b) => b.name));
  /** Per `<bucket>/<key>` of a versioned bucket: the current version's id and the older ones, newest first. */
  const versions = new Map<string, { currentId: string; noncurrent: NoncurrentVersion[] }>();
  /** Writes to one key of a versioned bucket, one at a time, so each sees the version it replaces. */
  const keyLocks = new Map<string, Promise<void>>();
  let versionCounter = 0;
  /** Answers whose connection the server closed itself (a reset fault, a failure mid-answer). */
  const closedHere = new WeakSet<http.ServerResponse>();
  // A private agent without keep-alive, so stopping never waits on idle sockets.
  const agent = new http.Agent({ keepAlive: false });

  // A held request's body is not read until the hold ends. With the default high-water mark
  // (16 KiB) the server stops reading such a socket, and so never sees its client close it (a
  // part upload given up on): with room for the largest part, it still does (clientClosedAtMs).
  const proxy = http.createServer({ highWaterMark: MAX_PART_BYTES }, (req, res) => {
    void handle(req, res).catch((err: Error) => {
      if (!res.headersSent) sendError(res, 500, 'InternalError', err.message);
      else {
        closedHere.add(res);
        res.destroy();
      }
    });
  });

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const [bucket = '', ...rest] = url.pathname.slice(1).split('/');
    const key = decodeURIComponent(rest.join('/'));
    const query = Object.fromEntries(url.searchParams);
    const method = req.method ?? 'GET';
    const { headers } = req;
    const record: RecordedRequest = {
      method,
      bucket,
      key,
      query,
      authorization: headers.authorization,
      headers,
      status: 0,
    };
    requests.push(record);
    res.on('finish', () => (record.status = res.statusCode));
    res.on('close', () => {
      if (!res.writableFinished && !closedHere.has(res)) record.clientClosedAtMs = Date.now();
    });

    const secretId = secretIdOf(headers, query);
    const needs = cosAuthorizations({ method, bucket, key, query, headers }, region);
    let denial = access.check(secretId, needs, `${method} ${req.url}`);
    const bucketPolicy = bucketPolicies.get(bucket);
    if (!denial && bucketPolicy && access.checks(secretId)) {
      // The owner's policy speaks for its own bucket only (a copy's source may be elsewhere).
      const own = needs.filter((need) => need.resource.startsWith(bucketResource(region, bucket)));
      bucketPolicy.control.setPolicy(secretId!, bucketPolicy.policy);
      denial = bucketPolicy.control.check(secretId, own, `${method} ${req.url}`);
      record.bucketPolicy = denial ? 'denied' : 'allowed';
    }
    if (denial) {
      req.resume();
      await new Promise((resolve) => req.on('end', resolve).on('close', resolve));
      return sendError(res, 403, 'AccessDenied', `Access Denied: ${denial.action} on ${denial.resource}`);
    }

    // A request applied late comes back through here; faults were already met on its first pass.
    const action = headers[LATE_APPLY_HEADER] ? undefined : faults.take(method, key, query, headers);
    if (action && typeof action === 'object' && 'applyLate' in action) return applyLate(req, res, action);
    if (action === 'reset') {
      closedHere.add(res);
      req.socket.destroy();
      return;
    }
    if (action && 'delayMs' in action) {
      await sleep(action.delayMs);
      if (req.socket.destroyed) return;
    }
    if (action && 'hold' in action) {
      await action.hold().catch(() => undefined);
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

    const isPart = 'partNumber' in query;
    const overwrites =
      key &&
      versioned.has(bucket) &&
      ((method === 'PUT' && !isPart) || (method === 'POST' && query.uploadId !== undefined));
    if (overwrites) return withKeyLock(`${bucket}/${key}`, () => writeVersioned(req, res, bucket, key, query));
    return handleRest(req, res, bucket, key, query);
  }

  /** Everything after access and faults. `written` hears whether a write onto the key succeeded. */
  async function handleRest(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    bucket: string,
    key: string,
    query: Record<string, string>,
    written?: (ok: boolean) => void,
  ): Promise<void> {
    const method = req.method ?? 'GET';
    const { headers } = req;
    // s3rver ignores copy conditions; COS honours x-cos-copy-source-If-Match (412 otherwise).
    const copyIfMatch = headers['x-cos-copy-source-if-match'];
    if (method === 'PUT' && headers['x-cos-copy-source'] && copyIfMatch) {
      const [sourceBucket, sourceKey] = parseCopySource(String(headers['x-cos-copy-source']));
      const current = await s3rver.store.getMetadata(sourceBucket, sourceKey).catch(() => undefined);
      if (!current || current.etag.replace(/"/g, '') !== String(copyIfMatch).replace(/"/g, '')) {
        req.resume();
        return sendError(
          res,
          412,
          'PreconditionFailed',
          'At least one of the preconditions you specified did not hold.',
        );
      }
    }

    const uploadId = query.uploadId;
    if (method === 'GET' && !key && 'uploads' in query) {
      return listUploads(res, bucket, query.prefix ?? '');
    }
    if (method === 'GET' && !key && 'versions' in query) {
      return sendVersionList(res, bucket, query.prefix ?? '');
    }
    // A bucket that does not exist gets s3rver's NoSuchBucket.
    if (method === 'GET' && !key && query.delimiter && buckets.some((b) => b.name === bucket)) {
      return sendDelimitedList(res, bucket, query);
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
    // A complete (and a copy) can fail with 200 and an <Error> body.
    const succeeded = (status: number, xml: string) => status === 200 && !xml.includes('<Error>');
    if (method === 'POST' && uploadId !== undefined) {
      return forward(req, res, (status, xml) => {
        if (succeeded(status, xml)) uploads.delete(uploadId);
        written?.(succeeded(status, xml));
      });
    }
    // The answer to a PUT is small: with a listener it is read whole.
    return forward(req, res, written && ((status, xml) => written(succeeded(status, xml))));
  }

  /** Receives the request whole, waits for the test, then sends it through this server again. */
  async function applyLate(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    action: { applyLate: () => Promise<unknown>; onApplied?: (status: number, body: string) => void },
  ): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    await action.applyLate().catch(() => undefined);
    type Answer = { status: number; headers: http.IncomingHttpHeaders; body: Buffer };
    const { status, headers, body } = await new Promise<Answer>((resolve, reject) => {
      const replay = http.request(
        `${endpoint}${req.url}`,
        { method: req.method, headers: { ...req.headers, [LATE_APPLY_HEADER]: '1' }, agent },
        (answer) => {
          const parts: Buffer[] = [];
          answer.on('data', (part: Buffer) => parts.push(part));
          answer.on('end', () =>
            resolve({ status: answer.statusCode ?? 502, headers: answer.headers, body: Buffer.concat(parts) }),
          );
          answer.on('error', reject);
        },
      );
      replay.on('error', reject);
      replay.end(Buffer.concat(chunks));
    });
    action.onApplied?.(status, body.toString('utf8'));
    if (!res.destroyed) res.writeHead(status, headers).end(body);
  }

  async function withKeyLock(name: string, write: () => Promise<void>): Promise<void> {
    const before = keyLocks.get(name) ?? Promise.resolve();
    const done = before.then(write, write);
    const settled = done.catch(() => undefined);
    keyLocks.set(name, settled);
    try {
      await done;
    } finally {
      if (keyLocks.get(name) === settled) keyLocks.delete(name);
    }
  }

  /** A write onto a key of a versioned bucket: on success, what it replaced becomes noncurrent. */
  async function writeVersioned(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    bucket: string,
    key: string,
    query: Record<string, string>,
  ): Promise<void> {
    const previous = await readCurrent(bucket, key);
    let ok = false;
    await handleRest(req, res, bucket, key, query, (succeeded) => (ok = succeeded));
    if (!ok) return;
    const name = `${bucket}/${key}`;
    const entry = versions.get(name) ?? { currentId: 'null', noncurrent: [] };
    if (previous) entry.noncurrent.unshift({ versionId: entry.currentId, ...previous });
    entry.currentId = `v${String(++versionCounter).padStart(6, '0')}`;
    versions.set(name, entry);
  }

  async function getObject(bucket: string, key: string): Promise<Buffer> {
    const current = await readCurrent(bucket, key);
    if (!current) throw new Error(`no object ${bucket}/${key}`);
    return current.body;
  }

  async function readCurrent(
    bucket: string,
    key: string,
  ): Promise<{ body: Buffer; metadata: Record<string, string> } | undefined> {
    const object = await s3rver.store.getObject(bucket, key);
    if (!object) return undefined;
    const chunks: Buffer[] = [];
    // A zero-length object has no content stream.
    if (object.content) for await (const chunk of object.content) chunks.push(chunk as Buffer);
    return { body: Buffer.concat(chunks), metadata: { ...object.metadata } };
  }

  /**
   * s3rver's listing of its store. s3rver writes an object's metadata file in place, so a listing
   * that meets a write still in progress (a killed handler's last request can land after the
   * test has moved on) reads half a JSON file: read again, as a client would see it a moment later.
   */
  async function storeListing(bucket: string, prefix: string): Promise<S3rverObject[]> {
    for (let tries = 1; ; tries += 1) {
      try {
        return (await s3rver.store.listObjects(bucket, { prefix })).objects;
      } catch (error) {
        if (!(error instanceof SyntaxError) || tries >= 20) throw error;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  }

  async function listVersions(bucket: string, prefix: string): Promise<StoredVersion[]> {
    const objects = await storeListing(bucket, prefix);
    const current = new Map(objects.map((o) => [o.key, o]));
    const keys = new Set([
      ...current.keys(),
      ...[...versions.keys()].filter((n) => n.startsWith(`${bucket}/`)).map((n) => n.slice(bucket.length + 1)),
    ]);
    const out: StoredVersion[] = [];
    for (const key of [...keys].filter((k) => k.startsWith(prefix)).sort()) {
      const entry = versions.get(`${bucket}/${key}`);
      const latest = current.get(key);
      if (latest)
        out.push(
          toStoredVersion({ key, size: latest.size, metadata: latest.metadata }, entry?.currentId ?? 'null', true),
        );
      for (const old of entry?.noncurrent ?? []) {
        out.push(toStoredVersion({ key, size: old.body.length, metadata: old.metadata }, old.versionId, false));
      }
    }
    return out;
  }

  async function sendVersionList(res: http.ServerResponse, bucket: string, prefix: string): Promise<void> {
    const entries = (await listVersions(bucket, prefix)).map(
      (v) =>
        `<Version><Key>${escapeXml(v.key)}</Key><VersionId>${v.versionId}</VersionId><IsLatest>${v.isLatest}</IsLatest>` +
        `<LastModified>${v.lastModified.toISOString()}</LastModified><ETag>${escapeXml(v.etag)}</ETag>` +
        `<Size>${v.size}</Size><StorageClass>${v.storageClass}</StorageClass></Version>`,
    );
    const xml =
      '<?xml version="1.0" encoding="UTF-8"?>\n<ListVersionsResult>' +
      `<Name>${escapeXml(bucket)}</Name><Prefix>${escapeXml(prefix)}</Prefix><KeyMarker></KeyMarker>` +
      `<VersionIdMarker></VersionIdMarker><MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated>` +
      `${entries.join('')}</ListVersionsResult>`;
    res.writeHead(200, { 'content-type': 'application/xml' }).end(xml);
  }

  /**
   * GET Bucket with a delimiter, as COS answers it: keys and common prefixes in key order after
   * `marker`, up to `max-keys` of them together (1000 at most), NextMarker the last one when cut.
   * A common prefix that `marker` falls in was listed already.
   */
  async function sendDelimitedList(
    res: http.ServerResponse,
    bucket: string,
    query: Record<string, string>,
  ): Promise<void> {
    const { prefix = '', delimiter, marker = '' } = query;
    const maxKeys = Math.min(1000, Number(query['max-keys'] ?? 1000));
    const entries: { key: string; object?: S3rverObject }[] = [];
    const folders = new Set<string>();
    for (const object of (await storeListing(bucket, prefix)).sort((a, b) => (a.key < b.key ? -1 : 1))) {
      const at = object.key.indexOf(delimiter, prefix.length);
      if (at < 0) {
        entries.push({ key: object.key, object });
        continue;
      }
      const folder = object.key.slice(0, at + delimiter.length);
      if (!folders.has(folder)) entries.push({ key: folder });
      folders.add(folder);
    }
    const after = entries.filter((e) => e.key > marker && (e.object || !marker.startsWith(e.key)));
    const page = after.slice(0, maxKeys);
    const truncated = after.length > page.length;
    const contents = page
      .filter((e) => e.object)
      .map(
        ({ object }) =>
          `<Contents><Key>${escapeXml(object!.key)}</Key><LastModified>${new Date(object!.metadata['last-modified']).toISOString()}</LastModified>` +
          `<ETag>${escapeXml(object!.metadata.etag ?? '')}</ETag><Size>${object!.size}</Size>` +
          `<StorageClass>${toStoredObject(object!).storageClass}</StorageClass></Contents>`,
      );
    const prefixes = page
      .filter((e) => !e.object)
      .map((e) => `<CommonPrefixes><Prefix>${escapeXml(e.key)}</Prefix></CommonPrefixes>`);
    const xml =
      '<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult>' +
      `<Name>${escapeXml(bucket)}</Name><Prefix>${escapeXml(prefix)}</Prefix><Marker>${escapeXml(marker)}</Marker>` +
      `<MaxKeys>${maxKeys}</MaxKeys><Delimiter>${escapeXml(delimiter)}</Delimiter><IsTruncated>${truncated}</IsTruncated>` +
      (truncated ? `<NextMarker>${escapeXml(page[page.length - 1].key)}</NextMarker>` : '') +
      `${contents.join('')}${prefixes.join('')}</ListBucketResult>`;
    res.writeHead(200, { 'content-type': 'application/xml' }).end(xml);
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
    // The client can be gone before the request is forwarded: a write onto a key of a versioned
    // bucket first waits for the key's lock and reads the version it replaces. Its 'close' has
    // been emitted then, and its body never ends: forwarded, it would leave the upstream request,
    // and with it the key's lock, waiting for ever.
    if (res.destroyed || req.socket.destroyed) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const upstreamReq = http.request(
        {
          host: '127.0.0.1',
          port: s3Port,
          method: req.method,
          path: req.url,
          headers: toS3Headers(req.headers),
          agent,
        },
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

  if (options.enforce) registerEnforcingPeer(endpoint, access);

  return {
    endpoint,
    requests,
    faults,
    denied: access.denied,
    setPolicy: (secretId, policy) => access.setPolicy(secretId, policy),
    setBucketPolicy(bucket, grant) {
      if (!grant) bucketPolicies.delete(bucket);
      else {
        const control = bucketPolicies.get(bucket)?.control ?? new AccessControl(`cos bucket policy of ${bucket}`);
        bucketPolicies.set(bucket, { control, policy: bucketPolicyFor(grant.policy, grant.principal) });
      }
    },
    listVersions: (bucket, prefix = '') => listVersions(bucket, prefix),
    async getObjectVersion(bucket, key, versionId) {
      const entry = versions.get(`${bucket}/${key}`);
      if ((entry?.currentId ?? 'null') === versionId) return getObject(bucket, key);
      const old = entry?.noncurrent.find((v) => v.versionId === versionId);
      if (!old) throw new Error(`no version ${versionId} of ${bucket}/${key}`);
      return old.body;
    },
    async listObjects(bucket, prefix = '') {
      return (await storeListing(bucket, prefix)).map(toStoredObject);
    },
    getObject,
    async headObject(bucket, key) {
      const objects = await storeListing(bucket, key);
      const object = objects.find((o) => o.key === key);
      return object && toStoredObject(object);
    },
    openMultipartUploads(bucket) {
      return [...uploads.values()]
        .filter((u) => u.bucket === bucket)
        .map(({ key, uploadId, initiated }) => ({ key, uploadId, initiated }));
    },
    async stop() {
      unregisterEnforcingPeer(endpoint);
      proxy.closeAllConnections();
      await new Promise((resolve) => proxy.close(resolve));
      s3rver.httpServer.closeAllConnections();
      await s3rver.close();
      agent.destroy();
      fs.rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** Marks a request that an `applyLate` fault sends through the server again. */
const LATE_APPLY_HEADER = 'x-test-late-apply';

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
        (!match.header || match.header.toLowerCase() in headers) &&
        (!match.request || match.request({ method, key, query })),
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
  const [bucket, key] = parseCopySource(source);
  return `/${bucket}/${encodeURI(key)}`;
}

/** The SecretId a COS request is signed with: `q-ak` of the Authorization header (or query). */
function secretIdOf(headers: http.IncomingHttpHeaders, query: Record<string, string>): string | undefined {
  return /(?:^|&)q-ak=([^&]+)/.exec(headers.authorization ?? '')?.[1] ?? query['q-ak'];
}

function toStoredVersion(object: S3rverObject, versionId: string, isLatest: boolean): StoredVersion {
  return {
    ...toStoredObject(object),
    versionId,
    isLatest,
    lastModified: new Date(object.metadata['last-modified']),
    etag: object.metadata.etag ?? '',
  };
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
