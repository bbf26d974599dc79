// Shared by the COS client and upload tests: a local COS server, a client for it with short
// retries, and backup-shaped keys and data.
import { randomBytes } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { CosServer, startCosServer } from '../../support/cos-server';
import { CosClient, CosClientOptions, createCosClient } from '../../../clients/cos/cos-client';

export const BUCKET = 'backup-1250000000';
export const REGION = 'ap-guangzhou';
export const MiB = 1024 * 1024;

export function startServer(): Promise<CosServer> {
  return startCosServer({ buckets: [BUCKET] });
}

/** A client for the local server; retries wait milliseconds, not seconds. */
export function clientFor(server: CosServer, options: Partial<CosClientOptions> = {}): CosClient {
  return createCosClient({
    region: REGION,
    credentials: { secretId: 'test-id', secretKey: 'test-key' },
    endpoint: server.endpoint,
    timeoutMs: 10_000,
    retry: { attempts: 3, baseDelayMs: 10, maxDelayMs: 50 },
    ...options,
  });
}

/** Keys shaped like the handler's. */
export function backupKey(partition: number, startOffset: number): string {
  const offset = String(startOffset).padStart(20, '0');
  return `ckafka-1/orders/partition=${partition}/orders+${partition}+${offset}.jsonl.gz`;
}

/**
 * JSON lines of about `bytes` bytes whose values are random base64, which gzip
 * shrinks only to about 3/4: enough to fill parts quickly.
 */
export function* randomJsonLines(bytes: number, lineBytes = 1024): Generator<string> {
  const payloadBytes = Math.floor(((lineBytes - 40) * 3) / 4);
  let written = 0;
  for (let offset = 0; written < bytes; offset++) {
    const line = JSON.stringify({ offset, value: randomBytes(payloadBytes).toString('base64') }) + '\n';
    written += line.length;
    yield line;
  }
}

export function gunzipText(body: Buffer): string {
  return gunzipSync(body).toString('utf8');
}
