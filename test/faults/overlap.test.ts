// Two runs on the same partitions at the same time (same consumer group and prefix): started
// together, staggered, and with different deadlines and end offsets. The final objects hold
// each record exactly once.
import { Peers, handlerEnv, logsOf, startPeers } from '../support/backup-fixture';
import { Invocation } from '../support/scf-runtime';
import {
  endOffsets,
  expectCompleteBackup,
  faultEnv,
  fillTopic,
  runTimer,
  runUntilCaughtUp,
} from '../support/fault-harness';
import { produceBulk } from '../support/kcat';

const PARTITIONS = 3;
const PER_PARTITION = 3000;

describe('overlapping runs', () => {
  let peers: Peers;
  let base: Record<string, string>;

  beforeAll(async () => {
    peers = await startPeers([{ name: 'unused', partitions: 1 }]);
    base = handlerEnv(peers, 'unused', { BACKUP_MAX_OBJECT_MIB: '1' });
  });
  afterAll(() => peers?.stop());

  const touched = (run: Invocation) => [...logsOf(run, 'object-written'), ...logsOf(run, 'object-kept')].length;
  /**
   * A run may fail a partition when the other one replaced its object while it wrote (it then
   * commits nothing for it); any other failure is a bug.
   */
  const expectOkOrSafelyFailed = (run: Invocation) => {
    expect(run.signal).toBeNull();
    if (!run.ok) {
      expect(logsOf(run, 'partition-failed').length).toBeGreaterThan(0);
      for (const failure of logsOf(run, 'partition-failed')) {
        expect(failure.error).toMatch(
          /another writer replaced the object|failed at copy \(set metadata\): PutObjectCopy failed: PreconditionFailed/,
        );
      }
    }
  };

  test('two runs started at the same moment', async () => {
    const ends = await fillTopic(peers, 'twins', PARTITIONS, PER_PARTITION);
    const env = faultEnv(base, 'twins');
    const [a, b] = await Promise.all([runTimer(env), runTimer(env)]);
    expectOkOrSafelyFailed(a);
    expectOkOrSafelyFailed(b);
    expect(touched(a)).toBeGreaterThan(0);
    expect(touched(b)).toBeGreaterThan(0);
    await runUntilCaughtUp(env);
    await expectCompleteBackup(peers, 'twins', 'twins/', ends);
  });

  test('a second run that starts while the first is writing', async () => {
    const ends = await fillTopic(peers, 'stagger', PARTITIONS, PER_PARTITION);
    const env = faultEnv(base, 'stagger');
    let second: Promise<Invocation> | undefined;
    const first = await runTimer(env, {
      onLine: (line) => {
        if (!second && line.event === 'object-written') second = runTimer(env);
      },
    });
    expect(second).toBeDefined();
    const b = await second!;
    expectOkOrSafelyFailed(first);
    expectOkOrSafelyFailed(b);
    expect(touched(b)).toBeGreaterThan(0);
    await runUntilCaughtUp(env);
    await expectCompleteBackup(peers, 'stagger', 'stagger/', ends);
  });

  test('overlapping runs with different deadlines and end offsets', async () => {
    await fillTopic(peers, 'skewed', PARTITIONS, PER_PARTITION);
    const env = faultEnv(base, 'skewed');
    // A short run (cut by its deadline), and a long one that starts when more data has arrived.
    const short = runTimer(env, { context: { time_limit_in_ms: 2300 } });
    await produceBulk(peers.kafka.bootstrap, 'skewed', { partitions: PARTITIONS, count: PARTITIONS * 500, size: 1000 });
    const long = runTimer(env);
    const [a, b] = await Promise.all([short, long]);
    expectOkOrSafelyFailed(a);
    expectOkOrSafelyFailed(b);
    expect(touched(a) + touched(b)).toBeGreaterThan(0);
    await runUntilCaughtUp(env);
    await expectCompleteBackup(peers, 'skewed', 'skewed/', await endOffsets(peers, 'skewed', PARTITIONS));
  });

  test("a shorter run whose upload completes inside a longer run's write does not hide records", async () => {
    // One partition: run A sees 1,600 records, run B (started later) 2,100; both write the key of offset 0.
    await fillTopic(peers, 'late-short', 1, 1600);
    const env = faultEnv(base, 'late-short', { BACKUP_MAX_OBJECT_MIB: '4' });
    // A's complete lands 4 s late, after B's complete; B's metadata copy lands later still.
    peers.cos.faults.add({
      match: { method: 'POST', query: 'uploadId', keyPrefix: 'late-short/' },
      action: { delayMs: 4000 },
      times: 1,
    });
    peers.cos.faults.add({
      match: { method: 'PUT', header: 'x-cos-copy-source', keyPrefix: 'late-short/' },
      action: { delayMs: 6000 },
      times: 1,
    });
    let startB: (() => void) | undefined;
    const planned = new Promise<void>((resolve) => {
      startB = resolve;
    });
    const a = runTimer(env, {
      onLine: (line) => {
        if (line.event === 'start-position') startB!();
      },
    });
    await planned;
    await produceBulk(peers.kafka.bootstrap, 'late-short', { partitions: 1, count: 500, size: 1000 });
    const b = await runTimer(env);
    const first = await a;
    expect(first.ok).toBe(true);
    expect(logsOf(first, 'object-written').map((l) => l.lastOffset)).toEqual([1599]);
    // B's object was replaced under it before its metadata copy: B must not commit past what the key now holds.
    expect(b.ok).toBe(false);
    expect(b.error).toMatch(
      /partition 0: upload of cos:\/\/\S+ failed at copy \(set metadata\): PutObjectCopy failed: PreconditionFailed/,
    );
    peers.cos.faults.clear();
    await runUntilCaughtUp(env);
    await expectCompleteBackup(peers, 'late-short', 'late-short/', await endOffsets(peers, 'late-short', 1));
  });
});
