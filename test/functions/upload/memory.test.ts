// What this suite proves: streaming a large object keeps memory bounded by the part size, not the
// object size.
import { CosServer } from '../../support/cos-server';
import { GzipObjectUpload } from '../../../functions/upload/object-upload';
import { toMetadata } from '../../../contract/backup-format';
import { BUCKET, MiB, backupKey, clientFor, randomJsonLines, startServer } from '../../clients/cos/fixtures';

const OBJECT_BYTES = 220 * MiB;
const PART_SIZE = 8 * MiB;
const CONCURRENCY = 2;
/** Generous: the parts in flight and the one being filled need about 24 MiB. */
const MAX_RSS_GROWTH = 200 * MiB;

let server: CosServer;

beforeAll(async () => {
  server = await startServer();
});

afterAll(async () => {
  await server.stop();
});

test(`streaming ${OBJECT_BYTES / MiB} MiB keeps memory bounded by the part size, not the object size`, async () => {
  const upload = new GzipObjectUpload(clientFor(server), {
    bucket: BUCKET,
    key: backupKey(0, 0),
    partSizeBytes: PART_SIZE,
    concurrency: CONCURRENCY,
  });

  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const started = Date.now();
  try {
    let batch: string[] = [];
    let batchBytes = 0;
    for (const line of randomJsonLines(OBJECT_BYTES)) {
      batch.push(line);
      batchBytes += line.length;
      if (batchBytes >= 256 * 1024) {
        await upload.write(batch.join(''));
        batch = [];
        batchBytes = 0;
      }
    }
    if (batch.length) await upload.write(batch.join(''));
    const result = await upload.finish(toMetadata({ firstOffset: 0, lastOffset: 1, recordCount: 2 }));
    peak = Math.max(peak, process.memoryUsage().rss);

    const growth = peak - baseline;
    process.stdout.write(
      `memory: ${(upload.uncompressedBytes / MiB).toFixed(0)} MiB in, ${(result.compressedBytes / MiB).toFixed(0)} MiB ` +
        `out in ${result.parts} parts of ${PART_SIZE / MiB} MiB x ${CONCURRENCY} in flight, ${Date.now() - started} ms; ` +
        `rss baseline ${(baseline / MiB).toFixed(0)} MiB, peak ${(peak / MiB).toFixed(0)} MiB, ` +
        `growth ${(growth / MiB).toFixed(0)} MiB\n`,
    );
    expect(result.compressedBytes).toBeGreaterThan(PART_SIZE * 10);
    expect((await server.headObject(BUCKET, backupKey(0, 0)))?.size).toBe(result.compressedBytes);
    expect(growth).toBeLessThan(MAX_RSS_GROWTH);
  } finally {
    clearInterval(sampler);
  }
});
