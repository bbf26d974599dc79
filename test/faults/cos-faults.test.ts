// COS faults while a run uploads: 5xx answers, answers slower than the client's timeout and
// connection resets, briefly (retried, the run succeeds) or for good (the partition fails, its
// upload is aborted, nothing is committed, and the next run completes the backup).
import { BUCKET, Peers, handlerEnv, logsOf, startPeers } from '../support/backup-fixture';
import { FaultMatch } from '../support/cos-server';
import {
  committedOffsets,
  expectCompleteBackup,
  faultEnv,
  fillTopic,
  runTimer,
  runUntilCaughtUp,
} from '../support/fault-harness';

const PARTITIONS = 3;
const PER_PARTITION = 3000;

describe('COS faults during a run', () => {
  let peers: Peers;
  let base: Record<string, string>;

  beforeAll(async () => {
    peers = await startPeers([{ name: 'unused', partitions: 1 }]);
    base = handlerEnv(peers, 'unused', { BACKUP_MAX_OBJECT_MIB: '2' });
  });
  afterEach(() => peers.cos.faults.clear());
  afterAll(() => peers?.stop());

  const PART: FaultMatch = { method: 'PUT', query: 'partNumber' };
  const COMPLETE: FaultMatch = { method: 'POST', query: 'uploadId' };
  const INIT: FaultMatch = { method: 'POST', query: 'uploads' };
  const COPY: FaultMatch = { method: 'PUT', header: 'x-cos-copy-source' };
  const HEAD: FaultMatch = { method: 'HEAD' };

  /** Requests under `prefix` that got `status` (0: dropped by the client or reset). */
  const answered = (prefix: string, status: number, filter: (q: Record<string, string>) => boolean = () => true) =>
    peers.cos.requests.filter((r) => r.key.startsWith(prefix) && r.status === status && filter(r.query)).length;

  test('part uploads answered 503 a few times are retried and the run succeeds', async () => {
    const ends = await fillTopic(peers, 'part-503', PARTITIONS, PER_PARTITION);
    const env = faultEnv(base, 'part-503');
    peers.cos.faults.add({ match: { ...PART, keyPrefix: 'part-503/' }, action: { status: 503 }, times: 3 });
    const run = await runTimer(env);
    expect(run.error).toBeUndefined();
    expect(run.ok).toBe(true);
    expect(answered('part-503/', 503, (q) => 'partNumber' in q)).toBe(3);
    await runUntilCaughtUp(env);
    await expectCompleteBackup(peers, 'part-503', 'part-503/', ends);
  });

  test('part uploads of one partition failing for good: that partition fails, aborted and uncommitted', async () => {
    const ends = await fillTopic(peers, 'part-500', PARTITIONS, PER_PARTITION);
    const env = faultEnv(base, 'part-500');
    peers.cos.faults.add({
      match: { ...PART, keyPrefix: 'part-500/', keyIncludes: '/partition=1/' },
      action: { status: 500 },
      times: 10_000,
    });
    const run = await runTimer(env);
    expect(run.ok).toBe(false);
    expect(run.error).toMatch(
      /failed for 1 partition\(s\): part-500 partition 1: upload of cos:\/\/\S+ failed at part \d+: UploadPart \d+ failed after 4 attempts/,
    );
    expect(peers.cos.openMultipartUploads(BUCKET).filter((u) => u.key.startsWith('part-500/'))).toEqual([]);
    expect(answered('part-500/', 204, (q) => 'uploadId' in q)).toBeGreaterThan(0); // the abort
    expect((await peers.cos.listObjects(BUCKET, 'part-500/')).filter((o) => o.key.includes('/partition=1/'))).toEqual(
      [],
    );
    const committed = await committedOffsets(peers, env.BACKUP_CONSUMER_GROUP, 'part-500', PARTITIONS);
    expect([...committed.values()]).toEqual([PER_PARTITION, 0, PER_PARTITION]);

    peers.cos.faults.clear();
    await runUntilCaughtUp(env);
    await expectCompleteBackup(peers, 'part-500', 'part-500/', ends);
  });

  test('CompleteMultipartUpload answered 503 twice is retried; failing for good fails only that partition', async () => {
    const ends = await fillTopic(peers, 'complete-503', PARTITIONS, PER_PARTITION);
    const env = faultEnv(base, 'complete-503');
    peers.cos.faults.add({
      match: { ...COMPLETE, keyPrefix: 'complete-503/', keyIncludes: '/partition=0/' },
      action: { status: 503 },
      times: 2,
    });
    peers.cos.faults.add({
      match: { ...COMPLETE, keyPrefix: 'complete-503/', keyIncludes: '/partition=2/' },
      action: { status: 503 },
      times: 10_000,
    });
    const run = await runTimer(env);
    expect(run.ok).toBe(false);
    expect(run.error).toMatch(
      /failed for 1 partition\(s\): complete-503 partition 2: upload of cos:\/\/\S+ failed at complete: CompleteMultipartUpload failed/,
    );
    const completes503 = (p: number) =>
      peers.cos.requests.filter(
        (r) => r.key.includes(`/partition=${p}/`) && r.key.startsWith('complete-503/') && r.status === 503,
      ).length;
    expect(completes503(0)).toBe(2);
    expect(completes503(2)).toBeGreaterThanOrEqual(4); // the SDK's own tries
    expect(logsOf(run, 'object-written').filter((l) => l.partition === 0)).toHaveLength(3);
    expect(peers.cos.openMultipartUploads(BUCKET).filter((u) => u.key.startsWith('complete-503/'))).toEqual([]);
    const committed = await committedOffsets(peers, env.BACKUP_CONSUMER_GROUP, 'complete-503', PARTITIONS);
    expect([...committed.values()]).toEqual([PER_PARTITION, PER_PARTITION, 0]);

    peers.cos.faults.clear();
    await runUntilCaughtUp(env);
    await expectCompleteBackup(peers, 'complete-503', 'complete-503/', ends);
  });

  test('answers slower than the client timeout are given up on and retried', async () => {
    const ends = await fillTopic(peers, 'cos-slow', PARTITIONS, PER_PARTITION);
    const env = faultEnv(base, 'cos-slow', { BACKUP_COS_TIMEOUT_MS: '800' });
    const slow = { delayMs: 2500 };
    for (const match of [INIT, PART, COMPLETE, COPY, HEAD]) {
      peers.cos.faults.add({
        match: { ...match, keyPrefix: 'cos-slow/' },
        action: slow,
        times: match === PART ? 3 : 1,
      });
    }
    const started = Date.now();
    const run = await runTimer(env);
    expect(run.error).toBeUndefined();
    expect(run.ok).toBe(true);
    // Every slow request was given up on and sent again: by the SDK (marked) or, for bodies, by the client's retry.
    expect(peers.cos.faults.pending).toEqual([]);
    const retried = peers.cos.requests.filter((r) => r.key.startsWith('cos-slow/') && r.headers['x-cos-sdk-retry']);
    expect(retried.length).toBeGreaterThanOrEqual(4);
    expect(Date.now() - started).toBeLessThan(20_000);
    await runUntilCaughtUp(env);
    await expectCompleteBackup(peers, 'cos-slow', 'cos-slow/', ends);
  });

  test('connection resets are retried', async () => {
    const ends = await fillTopic(peers, 'cos-reset', PARTITIONS, PER_PARTITION);
    const env = faultEnv(base, 'cos-reset');
    for (const match of [INIT, PART, COMPLETE, COPY, HEAD]) {
      peers.cos.faults.add({
        match: { ...match, keyPrefix: 'cos-reset/' },
        action: 'reset',
        times: match === PART ? 3 : 1,
      });
    }
    const run = await runTimer(env);
    expect(run.error).toBeUndefined();
    expect(run.ok).toBe(true);
    expect(peers.cos.faults.pending).toEqual([]);
    expect(answered('cos-reset/', 0)).toBe(7);
    await runUntilCaughtUp(env);
    await expectCompleteBackup(peers, 'cos-reset', 'cos-reset/', ends);
  });
});
