// Reads a backup object as a stream: download -> gunzip -> lines. Memory holds one chunk and
// one line at a time, and a line is cut off at `maxLineBytes`, whatever the object holds.
import { pipeline, Transform } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { CosClient } from '../../clients/cos';

export interface ObjectLine {
  /** 1-based. */
  readonly number: number;
  readonly text: string;
}

export interface ObjectLinesOptions {
  /** Receives the compressed bytes as they arrive. */
  onBytes?: (bytes: number) => void;
  /** The longest line accepted, in bytes without the newline (default DEFAULT_MAX_LINE_BYTES). */
  maxLineBytes?: number;
}

/**
 * 64 MiB: a Kafka record is at most a few MiB on most clusters (CKafka allows up to 12 MiB), and
 * its line is larger by base64 (4/3) or JSON escapes. A line costs a few times its size in memory
 * while it is decoded (and producing it again a few more): peak memory is a multiple of this, per
 * object read at once (docs/cli.md, Memory, gives the measured formulas).
 */
export const DEFAULT_MAX_LINE_BYTES = 64 * 1024 * 1024;

/**
 * Why an object could not be read: `damaged` (gzip, UTF-8, a truncated last line), `too-long` (a
 * line over the limit) or `download` (COS or the network failed).
 */
export type ReadFailure = 'damaged' | 'too-long' | 'download';

/** A failure to read an object: the message starts with the key; `detail` is the rest. */
export class ObjectReadError extends Error {
  constructor(
    readonly key: string,
    readonly failure: ReadFailure,
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(`${key}: ${detail}`, options);
    this.name = 'ObjectReadError';
  }
}

const NEWLINE = 0x0a;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The lines of a gzip JSON Lines object. Throws an ObjectReadError naming the key and what is
 * wrong (download failure, damaged gzip, bad UTF-8, a line longer than the limit, a last line
 * without its newline).
 */
export async function* objectLines(
  cos: CosClient,
  bucket: string,
  key: string,
  options: ObjectLinesOptions = {},
): AsyncGenerator<ObjectLine> {
  const onBytes = options.onBytes ?? (() => undefined);
  const maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  const download = cos.getObjectStream({ bucket, key });
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      onBytes(chunk.length);
      done(null, chunk);
    },
  });
  const gunzip = createGunzip();
  let failure: Error | undefined;
  pipeline(download, counter, gunzip, (error) => {
    if (error && !failure) failure = error;
  });

  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let number = 0;
  const line = (bytes: Buffer): ObjectLine => {
    number += 1;
    try {
      return { number, text: utf8.decode(bytes) };
    } catch {
      throw new ObjectReadError(key, 'damaged', `line ${number} is not valid UTF-8`);
    }
  };
  const tooLong = () =>
    new ObjectReadError(
      key,
      'too-long',
      `line ${number + 1} is longer than ${maxLineBytes} bytes (--max-line-bytes): not read, to keep memory bounded; ` +
        'raise --max-line-bytes if the backup holds records that large',
    );
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      let start = 0;
      for (let end = chunk.indexOf(NEWLINE); end !== -1; end = chunk.indexOf(NEWLINE, start)) {
        const piece = chunk.subarray(start, end);
        if (pendingBytes + piece.length > maxLineBytes) throw tooLong();
        yield line(pending.length > 0 ? Buffer.concat([...pending, piece]) : piece);
        pending = [];
        pendingBytes = 0;
        start = end + 1;
      }
      if (start < chunk.length) {
        pending.push(chunk.subarray(start));
        pendingBytes += chunk.length - start;
        if (pendingBytes > maxLineBytes) throw tooLong();
      }
    }
  } catch (error) {
    if (error instanceof ObjectReadError) throw error;
    throw describeReadError(key, failure ?? (error as Error));
  } finally {
    gunzip.destroy();
    download.destroy();
  }
  if (failure) throw describeReadError(key, failure);
  if (pendingBytes > 0) {
    throw new ObjectReadError(
      key,
      'damaged',
      `line ${number + 1} does not end with a newline: the object is truncated or was not written by the backup`,
    );
  }
}

function describeReadError(key: string, error: Error): ObjectReadError {
  const e = error as Error & { code?: string; statusCode?: number; errno?: number };
  if (e.code?.startsWith('Z_'))
    return new ObjectReadError(key, 'damaged', `not a valid gzip stream (${e.message})`, { cause: e });
  if (e.statusCode !== undefined || e.code) {
    const status = e.statusCode ? ` (HTTP ${e.statusCode})` : '';
    return new ObjectReadError(key, 'download', `download failed: ${e.code ?? 'Error'}: ${e.message}${status}`, {
      cause: e,
    });
  }
  return new ObjectReadError(key, 'download', e.message, { cause: e });
}
