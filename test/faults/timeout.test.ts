// A backlog larger than one run can take within the function's time limit: each run stops
// reading at its deadline, closes and commits what it read before the limit, reports the
// partitions still behind, and the following runs complete the backup.
import { Peers, expectExactlyOnce, handlerEnv, logsOf, readBackup, startPeers } from '../support/backup-fixture';
import {
  behindOf,
  committedOffsets,
  expectCompleteBackup,
  faultEnv,
  fillTopic,
  runTimer,
  runUntilCaughtUp,
} from '../support/fault-harness';

const PARTITIONS = 2;
const PER_PARTITION = 16_000;
/** SCF's time limit for the function; the handler keeps BACKUP_SAFETY_MARGIN_SECONDS=1 of it free. */
const TIME_LIMIT_MS = 4500;

describe('function time limit with a backlog', () => {
  let peers: Peers;

  beforeAll(async () => {
    peers = await startPeers([{ name: 'unused', partitions: 1 }]);
  });
  afterAll(() => peers?.stop());

  test('each run stops before the limit, commits what it closed, reports who is behind; later runs complete', async () => {
    const ends = await fillTopic(peers, 'backlog', PARTITIONS, PER_PARTITION);
    const env = faultEnv(handlerEnv(peers, 'unused', { BACKUP_MAX_OBJECT_MIB: '3' }), 'backlog');
    // Slow part uploads cap the throughput (2 parts of 1 MiB in flight per partition), so that
    // one run cannot take the whole backlog even on a fast machine; they stay short enough for
    // what is in flight at the deadline to finish within the 1 s margin.
    peers.cos.faults.add({
      match: { method: 'PUT', query: 'partNumber', keyPrefix: 'backlog/' },
      action: { delayMs: 250 },
      times: 1_000_000,
    });
    const context = { time_limit_in_ms: TIME_LIMIT_MS };

    const started = Date.now();
    const first = await runTimer(env, { context });
    const wall = Date.now() - started;
    expect(first.error).toBeUndefined();
    expect(first.ok).toBe(true);
    const finished = logsOf(first, 'run-finished')[0];
    expect(finished.durationMs).toBeLessThan(TIME_LIMIT_MS);
    expect(wall).toBeLessThan(TIME_LIMIT_MS + 1500); // plus the process start
    const behind = behindOf(first);
    expect(behind.length).toBeGreaterThan(0);
    for (const b of behind) expect(b.until).toBe(PER_PARTITION);
    // The summary says how far behind, and how old the newest backed-up record is, at warn level.
    expect(finished.level).toBe('warn');
    for (const b of logsOf(first, 'run-finished')[0].behind) {
      expect(b.lagRecords).toBe(b.until - b.next);
      expect(typeof b.newestRecordAgeSeconds === 'number' || b.newestRecordAgeSeconds === null).toBe(true);
    }

    // What it closed is committed and backed up, exactly once; nothing beyond.
    const next = new Map<number, number>(
      first.result.partitions.map((p: { partition: number; next: number }) => [p.partition, p.next]),
    );
    expect([...(await committedOffsets(peers, env.BACKUP_CONSUMER_GROUP, 'backlog', PARTITIONS)).entries()]).toEqual([
      ...next.entries(),
    ]);
    expect([...next.values()].some((n) => n > 0)).toBe(true);
    expectExactlyOnce(await readBackup(peers.cos, 'backlog', 'backlog/'), next);

    const later = await runUntilCaughtUp(env, 8, { context });
    for (const run of later) {
      expect(run.ok).toBe(true);
      expect(logsOf(run, 'run-finished')[0].durationMs).toBeLessThan(TIME_LIMIT_MS);
    }
    peers.cos.faults.clear();
    await expectCompleteBackup(peers, 'backlog', 'backlog/', ends);
  });
});
