// Streams text into one gzip-compressed COS object, part by part, so memory stays near partSize x
// (concurrency + 1) however large the object grows.
//
// Written text is gzipped; compressed output is cut into parts of exactly partSizeBytes, and each
// is uploaded as soon as the next byte arrives (the multipart upload starts with the first part).
// When no part was cut by the end, the object is written with a single PutObject instead.
//
// Metadata (offsets, record count) is known only at the end, after a multipart upload was initiated
// without it, so it is set by copying the completed object onto itself with directive Replaced. The
// copy also sets the storage class: parts go up as STANDARD because COS refuses to copy ARCHIVE
// objects and charges early deletion when an IA object is replaced. A copy is limited to 5 GB, so
// objects must stay below that.
//
// Another writer may complete the same key at the same time (overlapping runs). The copy is
// therefore conditional on the ETag of our own completed upload, so our metadata never describes
// someone else's content; and with a guard, the object is read back once written: if it is no
// longer ours, the write fails, so that the caller commits nothing on the strength of it.
//
// On any failure the multipart upload is aborted, and the error names the bucket, key and step.
//
// With `uploadsEndMs`, the requests that carry the content (initiate, parts, the single PUT, the
// check before completing, Complete) end by then, earlier than the client's own end, which
// bounds the rest (the metadata copy, the read-back, an abort): the caller's bookkeeping after
// the last upload keeps its time.
import { createGzip, Gzip } from 'node:zlib';
import { finished } from 'node:stream/promises';
import { lastOffsetFromMetadata } from '../../contract/backup-format';
import { CosClient, StorageClass } from '../../clients/cos';
import { existingLongerRun } from './longer-run-guard';

const MiB = 1024 * 1024;
const MIN_PART_SIZE = MiB; // smallest part COS accepts, the last one excepted
const MAX_PARTS = 10_000;
/**
 * Every gzip write is a job on libuv's thread pool: one per record line cost a third of the
 * main thread. Lines are gathered into chunks of this size first.
 */
const GZIP_CHUNK_BYTES = 64 * 1024;

export interface GzipObjectUploadOptions {
  bucket: string;
  key: string;
  /** At least 1 MiB; 8 MiB by default. */
  partSizeBytes?: number;
  /** Parts uploading at once; 2 by default. */
  concurrency?: number;
  storageClass?: StorageClass;
  /** `application/x-ndjson` by default. */
  contentType?: string;
  /** Sent as Content-Encoding when given, e.g. `gzip`. */
  contentEncoding?: string;
  /** gzip level, 1 (fastest) to 9 (smallest); zlib's default 6 when absent. */
  gzipLevel?: number;
  /** Called after each part is stored (for progress logs). */
  onPartUploaded?: (part: { partNumber: number; bytes: number }) => void;
  /** Called once the multipart upload is complete, before the copy that sets the metadata. */
  onCompleted?: (parts: number) => void;
  /** Epoch ms by which the requests that carry the object's content end (see the file's header). */
  uploadsEndMs?: number;
}

export interface GzipObjectUploadResult {
  key: string;
  /** ETag of the stored object; empty when skipped. */
  etag: string;
  compressedBytes: number;
  /** Parts uploaded: 1 for a single PutObject. */
  parts: number;
  /** Set when nothing was written because the key holds a run at least as long. */
  skipped?: 'existing-longer';
  /** With `skipped`: the last offset the existing object holds. */
  existingLastOffset?: number;
}

export class GzipObjectUpload {
  private readonly bucket: string;
  private readonly key: string;
  private readonly partSize: number;
  private readonly concurrency: number;
  private readonly attributes: { contentType: string; contentEncoding?: string; storageClass?: StorageClass };
  private readonly gzip: Gzip;
  private readonly hooks: Pick<GzipObjectUploadOptions, 'onPartUploaded' | 'onCompleted'>;
  /** `client`, bounded by `uploadsEndMs` when given: for the requests that carry the content. */
  private readonly uploader: CosClient;

  /** Small writes (one record line each) not yet handed to gzip. */
  private gathered: string[] = [];
  private gatheredBytes = 0;
  /** Compressed output not yet cut into a part. */
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private uncompressed = 0;
  private compressed = 0;

  private uploadId?: Promise<string>;
  private uploadCompleted = false;
  private partsStarted = 0;
  private readonly etags: string[] = [];
  private readonly inFlight = new Set<Promise<void>>();

  private state: 'open' | 'finishing' | 'finished' | 'aborted' = 'open';
  private failure?: Error;
  private aborting?: Promise<Error | undefined>;

  constructor(
    private readonly client: CosClient,
    options: GzipObjectUploadOptions,
  ) {
    this.bucket = options.bucket;
    this.key = options.key;
    this.partSize = options.partSizeBytes ?? 8 * MiB;
    this.concurrency = options.concurrency ?? 2;
    if (!Number.isInteger(this.partSize) || this.partSize < MIN_PART_SIZE) {
      throw new Error(`partSizeBytes must be an integer of at least ${MIN_PART_SIZE}, got ${this.partSize}`);
    }
    if (!Number.isInteger(this.concurrency) || this.concurrency < 1) {
      throw new Error(`concurrency must be a positive integer, got ${this.concurrency}`);
    }
    this.attributes = {
      contentType: options.contentType ?? 'application/x-ndjson',
      contentEncoding: options.contentEncoding,
      storageClass: options.storageClass,
    };
    this.hooks = { onPartUploaded: options.onPartUploaded, onCompleted: options.onCompleted };
    this.uploader = options.uploadsEndMs === undefined ? client : client.until(options.uploadsEndMs);
    this.gzip = createGzip(options.gzipLevel === undefined ? {} : { level: options.gzipLevel });
    this.gzip.on('data', (chunk: Buffer) => this.onCompressed(chunk));
    this.gzip.on('error', (err) => this.fail('compress', err));
  }

  get uncompressedBytes(): number {
    return this.uncompressed;
  }

  get compressedBytes(): number {
    return this.compressed;
  }

  /** Resolves once the data is taken; waits while `concurrency` parts are uploading. */
  async write(chunk: string | Buffer): Promise<void> {
    await this.throwIfFailed();
    if (this.state !== 'open') throw new Error(`${this.describe()}: write after ${this.state}`);
    const bytes = typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
    this.uncompressed += bytes;
    if (typeof chunk === 'string') {
      this.gathered.push(chunk);
      this.gatheredBytes += bytes;
      if (this.gatheredBytes >= GZIP_CHUNK_BYTES) await this.compressGathered();
    } else {
      await this.compressGathered();
      await this.compress(chunk);
    }
    await this.throwIfFailed();
  }

  /** Hands the gathered small writes to gzip as one chunk. */
  private async compressGathered(): Promise<void> {
    if (this.gathered.length === 0) return;
    const text = this.gathered.join('');
    this.gathered = [];
    this.gatheredBytes = 0;
    await this.compress(text);
  }

  private async compress(chunk: string | Buffer): Promise<void> {
    if (!this.gzip.write(chunk)) await drainOrClose(this.gzip);
  }

  /**
   * Completes the object with `metadata` (keys without the `x-cos-meta-` prefix).
   * With `guard`, leaves an existing object alone when its `last-offset` metadata
   * is at least `guard.lastOffset`, and reports `skipped: 'existing-longer'`;
   * and once written, fails if the key no longer holds this write.
   */
  async finish(metadata: Record<string, string>, guard?: { lastOffset: number }): Promise<GzipObjectUploadResult> {
    await this.throwIfFailed();
    if (this.state !== 'open') throw new Error(`${this.describe()}: finish after ${this.state}`);
    this.state = 'finishing';

    await this.compressGathered();
    this.gzip.end();
    try {
      await finished(this.gzip);
    } catch (err) {
      this.fail('compress', err);
    }
    await this.settleParts();
    await this.throwIfFailed();

    const isLonger = () =>
      this.step('check existing', () =>
        guard ? existingLongerRun(this.uploader, this.bucket, this.key, guard.lastOffset) : Promise.resolve(undefined),
      );
    let result = this.uploadId
      ? await this.finishMultipart(metadata, isLonger)
      : await this.putWhole(metadata, isLonger);
    if (guard && !result.skipped) {
      const written = result;
      result = await this.step('verify', () => this.readBack(written, guard.lastOffset));
    }
    this.state = 'finished';
    return result;
  }

  /** Aborts the multipart upload, if one was started. Safe to call more than once. */
  async abort(): Promise<void> {
    if (this.state === 'finished') return;
    this.state = 'aborted';
    const abortError = await this.startAbort();
    if (abortError) throw abortError;
  }

  private async putWhole(
    metadata: Record<string, string>,
    isLonger: () => Promise<number | undefined>,
  ): Promise<GzipObjectUploadResult> {
    const existingLast = await isLonger();
    if (existingLast !== undefined) return this.skipped(existingLast);
    const body = Buffer.concat(this.pending);
    this.pending = [];
    const { etag } = await this.step('put', () =>
      this.uploader.putObject({ bucket: this.bucket, key: this.key, body, metadata, ...this.attributes }),
    );
    return { key: this.key, etag, compressedBytes: this.compressed, parts: 1 };
  }

  private async finishMultipart(
    metadata: Record<string, string>,
    isLonger: () => Promise<number | undefined>,
  ): Promise<GzipObjectUploadResult> {
    // The rest is never empty: a part is cut only when more bytes follow it.
    this.startPart(Buffer.concat(this.pending));
    this.pending = [];
    await this.settleParts();
    await this.throwIfFailed();

    const existingLast = await isLonger();
    if (existingLast !== undefined) {
      await this.abort();
      return this.skipped(existingLast);
    }
    const uploadId = await this.uploadId!;
    const parts = this.etags.map((etag, i) => ({ partNumber: i + 1, etag }));
    const completed = await this.step('complete', () =>
      this.uploader.multipartComplete({ bucket: this.bucket, key: this.key, uploadId, parts }),
    );
    // From here there is no upload left to abort. A failed copy leaves the object
    // without metadata, which the longer-run guard treats as replaceable.
    this.uploadCompleted = true;
    this.hooks.onCompleted?.(parts.length);
    const { etag } = await this.step('copy (set metadata)', () =>
      this.client.putObjectCopy({
        bucket: this.bucket,
        key: this.key,
        source: { bucket: this.bucket, key: this.key },
        // Another writer's upload may have completed over ours since: never describe its content.
        sourceIfMatch: completed.etag || undefined,
        metadata,
        ...this.attributes,
      }),
    );
    return { key: this.key, etag, compressedBytes: this.compressed, parts: parts.length };
  }

  /**
   * An overlapping writer whose upload completes just after ours replaces it: reading the key
   * back catches that, unless its write lands after this read (COS has no conditional write
   * that would close that window).
   * A replacement that holds a run at least as long is as good as ours (reported as skipped);
   * any other is an error. Metadata always describes the content it is on: it comes with a
   * PUT, or from a copy conditional on the content's ETag.
   */
  private async readBack(written: GzipObjectUploadResult, lastOffset: number): Promise<GzipObjectUploadResult> {
    const head = await this.client.headObject({ bucket: this.bucket, key: this.key });
    if (head && unquote(head.etag) === unquote(written.etag)) return written;
    const existingLast = head ? lastOffsetFromMetadata(head.metadata) : undefined;
    if (existingLast !== undefined && existingLast >= lastOffset) return this.skipped(existingLast);
    throw new Error(
      `another writer replaced the object (ETag ${head?.etag || 'none'}, ours ${written.etag}) with a shorter or unfinished run`,
    );
  }

  private skipped(existingLastOffset: number): GzipObjectUploadResult {
    return {
      key: this.key,
      etag: '',
      compressedBytes: this.compressed,
      parts: 0,
      skipped: 'existing-longer',
      existingLastOffset,
    };
  }

  private onCompressed(chunk: Buffer): void {
    if (this.failure || this.state === 'aborted') return;
    this.compressed += chunk.length;
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    while (this.pendingBytes > this.partSize) {
      const all = Buffer.concat(this.pending);
      this.startPart(all.subarray(0, this.partSize));
      this.pending = [all.subarray(this.partSize)];
      this.pendingBytes = all.length - this.partSize;
    }
    // Stop pulling compressed data while every upload slot is busy; gzip then
    // buffers a little and write() waits for 'drain'.
    if (this.inFlight.size >= this.concurrency) this.gzip.pause();
  }

  private startPart(body: Buffer): void {
    const partNumber = ++this.partsStarted;
    if (partNumber > MAX_PARTS) {
      this.fail(`part ${partNumber}`, new Error(`more than ${MAX_PARTS} parts of ${this.partSize} bytes`));
      return;
    }
    const storageClass = stagingClass(this.attributes.storageClass);
    this.uploadId ??= this.uploader
      .multipartInit({ bucket: this.bucket, key: this.key, ...this.attributes, storageClass })
      .then((r) => r.uploadId);
    const upload = this.uploadPart(partNumber, body).finally(() => {
      this.inFlight.delete(upload);
      if (this.inFlight.size < this.concurrency) this.gzip.resume();
    });
    this.inFlight.add(upload);
  }

  /** Never rejects: a failure is recorded for write() and finish() to throw. */
  private async uploadPart(partNumber: number, body: Buffer): Promise<void> {
    let uploadId: string;
    try {
      uploadId = await this.uploadId!;
    } catch (err) {
      return this.fail('init', err);
    }
    try {
      const { etag } = await this.uploader.multipartUpload({
        bucket: this.bucket,
        key: this.key,
        uploadId,
        partNumber,
        body,
      });
      this.etags[partNumber - 1] = etag;
      this.hooks.onPartUploaded?.({ partNumber, bytes: body.length });
    } catch (err) {
      this.fail(`part ${partNumber}`, err);
    }
  }

  private async settleParts(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all(this.inFlight);
  }

  /** Runs one step; on failure the upload is aborted and the error thrown. */
  private async step<T>(name: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (err) {
      this.fail(name, err);
      return this.throwFailure();
    }
  }

  /** Records the first failure; later ones are usually its consequences. */
  private fail(step: string, err: unknown): void {
    if (this.failure) return;
    const reason = err instanceof Error ? err.message : String(err);
    this.failure = new Error(`${this.describe()} failed at ${step}: ${reason}`, { cause: err });
    // Let writers blocked on 'drain' see the failure; further output is dropped.
    this.gzip.resume();
  }

  private async throwIfFailed(): Promise<void> {
    if (this.failure) await this.throwFailure();
  }

  /** Aborts the upload, then throws the recorded failure. */
  private async throwFailure(): Promise<never> {
    const failure = this.failure!;
    const abortError = await this.startAbort();
    if (abortError && !failure.message.includes('abort also failed')) {
      failure.message += `; abort also failed: ${abortError.message}`;
    }
    throw failure;
  }

  /** Starts the abort once; resolves to the abort's own error, if any. */
  private startAbort(): Promise<Error | undefined> {
    this.aborting ??= (async () => {
      this.gzip.destroy();
      // A part still in flight could land after the abort; wait for them first.
      await this.settleParts();
      if (!this.uploadId || this.uploadCompleted) return undefined;
      let uploadId: string;
      try {
        uploadId = await this.uploadId;
      } catch {
        return undefined; // never initiated, nothing to abort
      }
      try {
        await this.client.multipartAbort({ bucket: this.bucket, key: this.key, uploadId });
        return undefined;
      } catch (err) {
        return new Error(`${this.describe()}: abort of upload ${uploadId} failed: ${(err as Error).message}`, {
          cause: err,
        });
      }
    })();
    return this.aborting;
  }

  private describe(): string {
    return `upload of cos://${this.bucket}/${this.key}`;
  }
}

/** Parts go up in a class that may be copied and replaced freely (multi-AZ buckets take only MAZ classes). */
function stagingClass(target: StorageClass | undefined): StorageClass | undefined {
  if (!target) return undefined;
  return target.startsWith('MAZ_') ? 'MAZ_STANDARD' : 'STANDARD';
}

function unquote(etag: string): string {
  return etag.replace(/"/g, '');
}

/** Waits for 'drain', or for 'close' when the stream was destroyed meanwhile. */
function drainOrClose(stream: Gzip): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stream.off('drain', done);
      stream.off('close', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('close', done);
  });
}
