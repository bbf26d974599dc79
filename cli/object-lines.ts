import { pipeline, Transform } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { CosClient } from '../functions/cos/cos-client';

// Reads a backup object as a stream: download -> gunzip -> lines. Memory holds one chunk and
// one line at a time, whatever the object's size.

export interface ObjectLine {
  /** 1-based. */
  readonly number: number;
  readonly text: string;
}

const NEWLINE = 0x0a;
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The lines of a gzip JSON Lines object. Throws an Error that says what is wrong with the
 * object (download failure, damaged gzip, bad UTF-8, a last line without its newline); the
 * caller adds the key. `onBytes` receives the compressed bytes as they arrive.
 */
export async function* objectLines(
  cos: CosClient,
  bucket: string,
  key: string,
  onBytes: (bytes: number) => void = () => undefined,
): AsyncGenerator<ObjectLine> {
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
  let number = 0;
  const line = (bytes: Buffer): ObjectLine => {
    number += 1;
    try {
      return { number, text: utf8.decode(bytes) };
    } catch {
      throw new Error(`line ${number} is not valid UTF-8`);
    }
  };
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      let start = 0;
      for (let end = chunk.indexOf(NEWLINE); end !== -1; end = chunk.indexOf(NEWLINE, start)) {
        const piece = chunk.subarray(start, end);
        yield line(pending.length > 0 ? Buffer.concat([...pending, piece]) : piece);
        pending = [];
        start = end + 1;
      }
      if (start < chunk.length) pending.push(chunk.subarray(start));
    }
  } catch (error) {
    throw describeReadError(failure ?? (error as Error));
  } finally {
    gunzip.destroy();
  }
  if (failure) throw describeReadError(failure);
  if (pending.length > 0) {
    throw new Error(
      `line ${number + 1} does not end with a newline: the object is truncated or was not written by the backup`,
    );
  }
}

function describeReadError(error: Error): Error {
  const e = error as Error & { code?: string; statusCode?: number; errno?: number };
  if (e.code?.startsWith('Z_')) return new Error(`not a valid gzip stream (${e.message})`);
  if (e.statusCode !== undefined || e.code) {
    const status = e.statusCode ? ` (HTTP ${e.statusCode})` : '';
    return new Error(`download failed: ${e.code ?? 'Error'}: ${e.message}${status}`);
  }
  return e;
}
