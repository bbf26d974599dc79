// Backs up one partition, object by object, committing offsets only once an object is complete:
// the exactly-once guarantee of the backup rests on this file.
import { encodeRecordLine, MAX_WATCHED_OBJECTS, objectKey, toMetadata, WatchedObject } from '../contract/backup-format';
import { MIB } from '../contract/settings';
import { TopicConfig } from './config';
import { CosClient, isDeadlineExceeded } from '../clients/cos';
import { GzipObjectUpload } from './upload/object-upload';
import { KafkaClient, KafkaRecord } from '../clients/kafka';
import { log } from './log';
import { PartitionChecks, PartitionProgress } from './partition-progress';
import { PartitionBackupPlan } from './start-offsets';

export interface BackupDeps {
  readonly config: TopicConfig;
  readonly kafka: KafkaClient;
  readonly cos: CosClient;
  readonly progress: PartitionProgress;
  /** Epoch ms after which no new reads start. */
  readonly deadlineMs: number;
  /**
   * Epoch ms by which the requests that upload an object's content end, so that the bookkeeping
   * after the last upload keeps its time; `cos` bounds the rest (see time-budget.ts).
   */
  readonly uploadsEndMs?: number;
  /** Epoch ms until which an object taken over from a run that did not finish is watched. */
  readonly watchUntilMs: number;
}

export interface PartitionOutcome {
  readonly partition: number;
  readonly from: number;
  /** Committed position after the run (the next offset to back up). */
  readonly next: number;
  readonly until: number;
  readonly records: number;
  readonly objects: number;
  readonly bytes: number;
  /** Time (epoch ms) of the newest record this run backed up, if it wrote any. */
  readonly newestRecordMs?: number;
}

/** One object's worth of records, written and closed. */
interface Segment {
  /** Where the next segment starts. */
  readonly next: number;
  /** The object that holds the records up to `next`, when one was written or kept. */
  readonly key?: string;
  readonly records: number;
  readonly bytes: number;
  readonly written: boolean;
  /** Time of the segment's last record (epoch ms; a bigint timestamp is beyond any age). */
  readonly lastRecordMs?: number;
}

/**
 * Bytes asked for per fetch. Small records decode into many objects (a 4 MiB fetch of 100 B
 * records held ~100 MiB of V8 heap across partitions); 1 MiB keeps a prefetch ahead of the
 * upload, which is the slower side, with a quarter of the memory.
 */
const FETCH_BYTES = 1024 * 1024;

/** Objects are also capped by count of parts: leave COS's 10,000-part limit far away. */
const MAX_PARTS_PER_OBJECT = 9_000;

/**
 * Backs up one partition from `plan.from` towards `plan.until`, one object at a time. Each
 * object is complete before its offsets are committed, so a crash anywhere leaves either
 * nothing committed (the retry rewrites the same key) or a finished object. A COS request cut
 * off by the run's end is such a stop too: the partition is left behind where it is committed.
 */
export async function backupPartition(
  deps: BackupDeps,
  plan: PartitionBackupPlan,
  openUploads: OpenSegmentUpload[] = [],
): Promise<PartitionOutcome> {
  let next = plan.from;
  let records = 0;
  let objects = 0;
  let bytes = 0;
  const leftovers = [...openUploads];
  await abortCoveredUploads(deps, plan.partition, leftovers, next);
  let pendingKey = plan.pendingKey;
  let suspectCleared = !plan.clearsSuspect;
  let checks = plan.checks;
  const saveChecks = async (next: PartitionChecks): Promise<void> => {
    checks = next;
    await deps.progress.setChecks(plan.partition, next);
  };
  let newestRecordMs: number | undefined;
  try {
    while (next < plan.until && Date.now() < deps.deadlineMs) {
      const contested = plan.contested && pendingKey !== undefined;
      const segment = await writeSegment(deps, plan.partition, next, plan.until, pendingKey);
      pendingKey = undefined;
      if (segment.next <= next) break; // Stopped by the deadline before the first record.
      if (contested && segment.key) {
        // Before the progress moves past it: a crash after this leaves the key pending, and the
        // next run takes it over (and watches it) again.
        await saveChecks(watch(checks, { key: segment.key, nextOffset: segment.next, untilMs: deps.watchUntilMs }));
      }
      // The bucket's record first, then the group, which mirrors it.
      await deps.progress.write(plan.partition, { nextOffset: segment.next, lastKey: segment.key });
      const further = await commitForward(deps, plan.partition, segment.next);
      next = segment.next;
      records += segment.records;
      bytes += segment.bytes;
      if (segment.written) objects += 1;
      if (segment.lastRecordMs !== undefined) newestRecordMs = segment.lastRecordMs;
      if (further && segment.written && segment.key) {
        // Another run got further while this one wrote: its longer object may be what this write replaced.
        await saveChecks({ ...checks, suspect: segment.key });
      } else if (!suspectCleared) {
        await saveChecks({ watched: checks.watched });
        suspectCleared = true;
      }
      await abortCoveredUploads(deps, plan.partition, leftovers, next);
    }
  } catch (error) {
    if (!isDeadlineExceeded(error)) throw error;
    // Out of time, not failed: what was cut off is redone by the next run, as after a crash (its
    // upload is aborted, its records are not committed), and the run reports the partition behind.
    log('warn', 'request-cut-off', {
      topic: deps.config.topic,
      partition: plan.partition,
      next,
      error: (error as Error).message,
    });
  }
  return {
    partition: plan.partition,
    from: plan.from,
    next,
    until: plan.until,
    records,
    objects,
    bytes,
    newestRecordMs,
  };
}

/**
 * The checks with `object` watched (its earlier entry replaced). Past MAX_WATCHED_OBJECTS the
 * watch that ends first is dropped, and said so: twenty runs died mid-write within the period.
 */
function watch(checks: PartitionChecks, object: WatchedObject): PartitionChecks {
  const watched = [...checks.watched.filter((w) => w.key !== object.key), object].sort((a, b) => b.untilMs - a.untilMs);
  const dropped = watched.splice(MAX_WATCHED_OBJECTS);
  if (dropped.length > 0) {
    log('warn', 'watch-dropped', {
      keys: dropped.map((w) => w.key),
      reason: `more than ${MAX_WATCHED_OBJECTS} objects taken over from runs that did not finish are watched`,
    });
  }
  return { ...checks, watched };
}

/** A multipart upload of this partition found open when the run started: its start offset is in the key. */
export interface OpenSegmentUpload {
  readonly key: string;
  readonly uploadId: string;
  readonly startOffset: number;
  readonly initiated: string;
}

/**
 * Aborts the uploads, left open by a crashed (SIGKILLed, timed-out) run, of segments that start
 * below the committed offset: those records are in completed objects, so the upload can never
 * be needed. An upload at the committed offset itself waits until this run has passed it, as it
 * may belong to a run still going. Best effort: the bucket's lifecycle rule is the backstop.
 */
async function abortCoveredUploads(
  deps: BackupDeps,
  partition: number,
  leftovers: OpenSegmentUpload[],
  committed: number,
): Promise<void> {
  for (const upload of leftovers.filter((u) => u.startOffset < committed)) {
    leftovers.splice(leftovers.indexOf(upload), 1);
    try {
      await deps.cos.multipartAbort({ bucket: deps.config.bucket, key: upload.key, uploadId: upload.uploadId });
      log('info', 'stale-upload-aborted', {
        topic: deps.config.topic,
        partition,
        key: upload.key,
        uploadId: upload.uploadId,
        initiated: upload.initiated,
      });
    } catch (error) {
      log('warn', 'stale-upload-abort-failed', {
        topic: deps.config.topic,
        partition,
        key: upload.key,
        uploadId: upload.uploadId,
        error: (error as Error).message,
      });
    }
  }
}

/**
 * Writes one object from `from`. Its key is `pendingKey` when a run before began an object at
 * `from` (the first record's time may have changed since, under compaction); otherwise it comes
 * from the first record, and is recorded as pending before the upload starts.
 */
async function writeSegment(
  deps: BackupDeps,
  partition: number,
  from: number,
  until: number,
  pendingKey: string | undefined,
): Promise<Segment> {
  const { config } = deps;
  const maxBytes = Math.min(config.maxObjectMiB * MIB, config.partSizeMiB * MIB * MAX_PARTS_PER_OBJECT);
  const stop = new AbortController();
  const timer = setTimeout(() => stop.abort(), Math.max(0, deps.deadlineMs - Date.now()));
  const started = Date.now();
  let upload: GzipObjectUpload | undefined;
  let first: KafkaRecord | undefined;
  let last: KafkaRecord | undefined;
  let count = 0;
  /** Where the next segment starts: after the last record written, or the last batch read whole. */
  let position = from;
  try {
    reading: for await (const batch of deps.kafka.readPartition(config.topic, partition, from, until, {
      signal: stop.signal,
      maxBytesPerFetch: FETCH_BYTES,
    })) {
      for (const record of batch.records) {
        // One fetch holds many records, and writing them waits on part uploads:
        // check the deadline per record, not only per fetch.
        if (stop.signal.aborted) break reading;
        if (!upload) {
          first = record;
          const key =
            pendingKey ??
            objectKey({
              prefix: config.prefix,
              instanceId: config.instanceId,
              topic: config.topic,
              partition,
              startOffset: from,
              firstTimestampMs: record.timestamp,
            });
          if (!pendingKey) await deps.progress.write(partition, { nextOffset: from, pendingKey: key });
          upload = new GzipObjectUpload(deps.cos, {
            bucket: config.bucket,
            key,
            uploadsEndMs: deps.uploadsEndMs,
            partSizeBytes: config.partSizeMiB * MIB,
            storageClass: config.storageClass,
            gzipLevel: config.compressionLevel,
            contentType: 'application/gzip',
            onPartUploaded: ({ partNumber, bytes }) =>
              log('debug', 'part-uploaded', { key, partition, part: partNumber, bytes }),
            onCompleted: (parts) => log('debug', 'upload-completed', { key, partition, parts }),
          });
        }
        await upload.write(`${encodeRecordLine(record)}\n`);
        last = record;
        count += 1;
        position = record.offset + 1;
        // The cap counts uncompressed bytes, so where an object ends depends only on the
        // records: a retry from the same offset cuts at the same place and writes the same keys.
        if (upload.uncompressedBytes >= maxBytes) break reading;
      }
      // The whole batch is consumed: past its control records and aborted transactions too.
      position = batch.nextOffset;
      if (stop.signal.aborted) break;
    }
  } catch (error) {
    if (!stop.signal.aborted) {
      await upload?.abort().catch(() => undefined);
      throw error;
    }
    // The deadline interrupted a fetch: close what has been read so far.
  } finally {
    clearTimeout(timer);
  }

  if (!upload || !first || !last) {
    // Nothing but control records, aborted transactions or compacted-away offsets up to `position`.
    return { next: position, records: 0, bytes: 0, written: false };
  }
  const metadata = toMetadata({
    firstOffset: first.offset,
    lastOffset: last.offset,
    recordCount: count,
    nextOffset: position,
    lastTimestamp: last.timestamp,
  });
  const result = await upload.finish(metadata, { lastOffset: last.offset });
  const next = result.skipped ? result.existingLastOffset! + 1 : position;
  log('info', result.skipped ? 'object-kept' : 'object-written', {
    topic: deps.config.topic,
    key: result.key,
    partition,
    firstOffset: first.offset,
    lastOffset: last.offset,
    records: count,
    uncompressedBytes: upload.uncompressedBytes,
    bytes: result.compressedBytes,
    parts: result.parts,
    durationMs: Date.now() - started,
    ...(result.skipped
      ? { reason: 'the key already holds a longer run', existingLastOffset: result.existingLastOffset }
      : {}),
  });
  return {
    next,
    lastRecordMs: Number(last.timestamp),
    key: result.key,
    records: result.skipped ? 0 : count,
    bytes: result.compressedBytes,
    written: !result.skipped,
  };
}

/**
 * Commits `next` unless another run already committed as far or further (offsets never go
 * backwards); true when the other run is strictly further.
 */
async function commitForward(deps: BackupDeps, partition: number, next: number): Promise<boolean> {
  const { kafka, config } = deps;
  const current = (await kafka.committedOffsets(config.consumerGroup, config.topic, [partition])).get(partition);
  if (current != null && current >= next) {
    log('warn', 'commit-skipped', {
      topic: deps.config.topic,
      partition,
      offset: next,
      committedOffset: current,
      reason: 'another run committed further',
    });
    return current > next;
  }
  await kafka.commitOffset(config.consumerGroup, config.topic, partition, next);
  return false;
}
