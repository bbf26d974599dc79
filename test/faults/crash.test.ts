// A crash (SIGKILL) at each step of a run, then a re-run to completion: the final objects
// hold every record exactly once and no multipart upload is left open.
import { BUCKET, Peers, handlerEnv, logsOf, startPeers } from '../support/backup-fixture';
import {
  API,
  committedOffsets,
  coordinatorOf,
  expectCompleteBackup,
  faultEnv,
  fillTopic,
  runAndCrash,
  runTimer,
  runUntilCaughtUp,
} from '../support/fault-harness';

const PARTITIONS = 3;
/** 3,000 records of 1 kB per partition: about 4 MiB of JSON, two objects of several 1 MiB parts each. */
const PER_PARTITION = 3000;

describe('crash at each step of a run', () => {
  let peers: Peers;
  let base: Record<string, string>;

  // Fresh peers per test: delayed answers queued on a broker must not leak into the next test.
  beforeEach(async () => {
    peers = await startPeers([{ name: 'unused', partitions: 1 }]);
    base = handlerEnv(peers, 'unused', { BACKUP_MAX_OBJECT_MIB: '3' });
  });
  afterEach(() => peers?.stop());

  /** Moves the group to a broker with no delayed answers queued, so that the re-run is not slowed. */
  const moveCoordinator = async (group: string, from: number) => {
    await peers.kafka.command(`coordinator group ${group} ${(from % 3) + 1}`);
  };

  const keysOf = async (prefix: string) => (await peers.cos.listObjects(BUCKET, prefix)).map((o) => o.key);

  test('after the start position is committed, before any upload', async () => {
    const ends = await fillTopic(peers, 'crash-start', PARTITIONS, PER_PARTITION);
    const env = faultEnv(base, 'crash-start');
    const crashed = await runAndCrash(env, (line) => (line.event === 'start-position' ? 0 : undefined));
    expect(crashed.signal).toBe('SIGKILL');
    expect(logsOf(crashed, 'object-written')).toEqual([]);

    const runs = await runUntilCaughtUp(env);
    expect(runs).toHaveLength(1);
    await expectCompleteBackup(peers, 'crash-start', 'crash-start/', ends);
  });

  test('between two parts of a multipart object: the re-run aborts the orphaned upload', async () => {
    const ends = await fillTopic(peers, 'crash-parts', PARTITIONS, PER_PARTITION);
    const env = faultEnv(base, 'crash-parts');
    const crashed = await runAndCrash(env, (line) =>
      line.event === 'part-uploaded' && line.part === 1 ? 0 : undefined,
    );
    expect(crashed.signal).toBe('SIGKILL');
    expect(logsOf(crashed, 'object-written')).toEqual([]);
    const orphans = peers.cos.openMultipartUploads(BUCKET).filter((u) => u.key.startsWith('crash-parts/'));
    expect(orphans.length).toBeGreaterThan(0);

    const [rerun] = await runUntilCaughtUp(env);
    expect(
      logsOf(rerun, 'stale-upload-aborted')
        .map((l) => l.uploadId)
        .sort(),
    ).toEqual(orphans.map((u) => u.uploadId).sort());
    await expectCompleteBackup(peers, 'crash-parts', 'crash-parts/', ends);
  });

  test('between completing an upload and the copy that sets its metadata', async () => {
    const ends = await fillTopic(peers, 'crash-copy', PARTITIONS, PER_PARTITION);
    const env = faultEnv(base, 'crash-copy');
    // The copy is held by the server until the process is gone, so the crash lands inside it.
    peers.cos.faults.add({
      match: { method: 'PUT', header: 'x-cos-copy-source', keyPrefix: 'crash-copy/' },
      action: { delayMs: 3000 },
      times: 1,
    });
    const crashed = await runAndCrash(env, (line) => (line.event === 'upload-completed' ? 0 : undefined));
    expect(crashed.signal).toBe('SIGKILL');
    const completed = logsOf(crashed, 'upload-completed')[0];
    const bare = await peers.cos.headObject(BUCKET, completed.key);
    expect(bare).toBeDefined();
    expect(bare!.metadata).toEqual({});

    await runUntilCaughtUp(env);
    await expectCompleteBackup(peers, 'crash-copy', 'crash-copy/', ends);
  });

  test('after an object is written, before its offsets are committed', async () => {
    const ends = await fillTopic(peers, 'crash-written', PARTITIONS, PER_PARTITION);
    const env = faultEnv(base, 'crash-written');
    // The coordinator answers offset reads 1.5 s late: the commit (read, then write) cannot start before the crash.
    const coordinator = await coordinatorOf(peers, env.BACKUP_CONSUMER_GROUP);
    await peers.kafka.brokerPushErrors(coordinator, API.OffsetFetch, 1 + PARTITIONS, 0, 1500);
    const crashed = await runAndCrash(env, (line) => (line.event === 'object-written' ? 0 : undefined));
    expect(crashed.signal).toBe('SIGKILL');
    const written = logsOf(crashed, 'object-written')[0];
    expect(await keysOf('crash-written/')).toContain(written.key);
    await moveCoordinator(env.BACKUP_CONSUMER_GROUP, coordinator);
    const committed = await committedOffsets(peers, env.BACKUP_CONSUMER_GROUP, 'crash-written', PARTITIONS);
    expect(committed.get(written.partition)).toBe(0);

    const [rerun] = await runUntilCaughtUp(env);
    // The object without a commit is never doubled: if the bucket's progress record was written
    // before the crash, the rerun resumes after the object (progress-restored); otherwise it
    // finds the same key again and keeps or rewrites it.
    const redone = [...logsOf(rerun, 'object-kept'), ...logsOf(rerun, 'object-written')].map((l) => l.key);
    const resumed = logsOf(rerun, 'progress-restored').filter((l) => l.partition === written.partition);
    expect(redone.includes(written.key) || resumed.some((l) => l.offset === written.lastOffset + 1)).toBe(true);
    await expectCompleteBackup(peers, 'crash-written', 'crash-written/', ends);
  });

  test('during a commit the broker applied but did not answer yet', async () => {
    const ends = await fillTopic(peers, 'crash-commit', PARTITIONS, PER_PARTITION);
    const env = faultEnv(base, 'crash-commit');
    // A first, small run commits the start positions, so the next commits are those of objects.
    const first = await runTimer(env, { context: { time_limit_in_ms: 1100 } });
    expect(first.ok).toBe(true);
    // The coordinator holds its next OffsetCommit answers for 2 s, having applied them at once.
    const coordinator = await coordinatorOf(peers, env.BACKUP_CONSUMER_GROUP);
    await peers.kafka.brokerPushErrors(coordinator, API.OffsetCommit, PARTITIONS, 0, 2000);
    const crashed = await runAndCrash(env, (line) => (line.event === 'object-written' ? 600 : undefined));
    expect(crashed.signal).toBe('SIGKILL');
    const written = logsOf(crashed, 'object-written')[0];
    await moveCoordinator(env.BACKUP_CONSUMER_GROUP, coordinator);
    const committed = await committedOffsets(peers, env.BACKUP_CONSUMER_GROUP, 'crash-commit', PARTITIONS);
    expect(committed.get(written.partition)).toBe(written.lastOffset + 1);

    const [rerun] = await runUntilCaughtUp(env);
    expect(rerun.ok).toBe(true);
    await expectCompleteBackup(peers, 'crash-commit', 'crash-commit/', ends);
  });
});
