// Kafka faults while a run reads and commits: a partition leader's broker going down, a
// leader moving, and retriable request errors. After each, the backup completes with every
// record exactly once.
import { BUCKET, Peers, handlerEnv, logsOf, startPeers } from '../support/backup-fixture';
import { Invocation } from '../support/scf-runtime';
import {
  API,
  ERR,
  committedOffsets,
  coordinatorOf,
  expectCompleteBackup,
  faultEnv,
  fillTopic,
  runTimer,
  runUntilCaughtUp,
} from '../support/fault-harness';

const PARTITIONS = 3;
const PER_PARTITION = 4500;
/** Partition p of a topic created by the mock is led by broker p % 3 + 1. */
const leaderOf = (partition: number) => (partition % 3) + 1;

describe('Kafka faults during a run', () => {
  let peers: Peers;
  let base: Record<string, string>;

  beforeAll(async () => {
    peers = await startPeers([{ name: 'unused', partitions: 1 }]);
    base = handlerEnv(peers, 'unused', { BACKUP_MAX_OBJECT_MIB: '2' });
  });
  afterEach(async () => {
    for (const broker of [1, 2, 3]) await peers.kafka.brokerUp(broker);
    for (const api of Object.values(API)) await peers.kafka.clearErrors(api);
    peers.cos.faults.clear();
  });
  afterAll(() => peers?.stop());

  const kafkaRetries = (run: Invocation) => logsOf(run, 'kafka-client').map((l) => l.message as string);

  test("a partition leader's broker goes down mid-read and comes back", async () => {
    const ends = await fillTopic(peers, 'broker-blip', PARTITIONS, PER_PARTITION);
    const env = faultEnv(base, 'broker-blip');
    let state: 'up' | 'down' | 'back' = 'up';
    let outage: Promise<void> | undefined;
    // The first part upload of partition 1 waits until its leader is down. Its object (at most
    // BACKUP_MAX_OBJECT_MIB, about a third of the partition) cannot complete before that part
    // does, so the reader cannot have fetched the whole partition: the fetches of the next
    // object meet the outage whatever the timing. (Acting on the part's log line instead lost
    // that race on a busy machine: the run had read partition 1 to its end before the outage.)
    peers.cos.faults.add({
      match: { method: 'PUT', query: 'partNumber', keyPrefix: 'broker-blip/', keyIncludes: '/partition=1/' },
      action: {
        hold: () => {
          state = 'down';
          outage = peers.kafka.brokerDown(leaderOf(1));
          return outage;
        },
      },
      times: 1,
    });
    const run = await runTimer(env, {
      onLine: (line) => {
        // Back up once the reader has met the outage (well within its retries).
        if (
          state === 'down' &&
          line.event === 'kafka-client' &&
          /Fetching broker-blip\/1 .*retrying/.test(line.message)
        ) {
          state = 'back';
          setTimeout(() => void peers.kafka.brokerUp(leaderOf(1)), 500);
        }
      },
    });
    await outage;
    expect(state).toBe('back');
    expect(run.error).toBeUndefined();
    expect(run.ok).toBe(true);
    expect(kafkaRetries(run).some((m) => /Fetching broker-blip\/1 .*retrying/.test(m))).toBe(true);
    await runUntilCaughtUp(env);
    await expectCompleteBackup(peers, 'broker-blip', 'broker-blip/', ends);
  });

  test('a broker down for longer than the retries fails only its partition, uncommitted; the next run completes', async () => {
    const ends = await fillTopic(peers, 'broker-gone', PARTITIONS, PER_PARTITION);
    const env = faultEnv(base, 'broker-gone');
    // A leader that does not coordinate the group: the other partitions can still commit.
    const coordinator = await coordinatorOf(peers, env.BACKUP_CONSUMER_GROUP);
    const victim = [0, 1, 2].find((p) => leaderOf(p) !== coordinator)!;
    let down = false;
    const run = await runTimer(env, {
      onLine: (line) => {
        if (!down && line.event === 'object-written' && line.partition === victim) {
          down = true;
          void peers.kafka.brokerDown(leaderOf(victim));
        }
      },
    });
    const victimObjects = logsOf(run, 'object-written').filter((l) => l.partition === victim);
    const lastCommitted = victimObjects[victimObjects.length - 1].lastOffset + 1;
    expect(lastCommitted).toBeLessThan(PER_PARTITION);
    expect(run.ok).toBe(false);
    expect(run.error).toMatch(
      new RegExp(`failed for 1 partition\\(s\\): broker-gone partition ${victim}: Fetching broker-gone/${victim}`),
    );
    expect(logsOf(run, 'partition-failed')).toHaveLength(1);
    // The other partitions finished; the victim kept the commit of its last complete object.
    const committed = await committedOffsets(peers, env.BACKUP_CONSUMER_GROUP, 'broker-gone', PARTITIONS);
    for (let p = 0; p < PARTITIONS; p += 1) expect(committed.get(p)).toBe(p === victim ? lastCommitted : PER_PARTITION);
    expect(peers.cos.openMultipartUploads(BUCKET)).toEqual([]);

    await peers.kafka.brokerUp(leaderOf(victim));
    await runUntilCaughtUp(env);
    await expectCompleteBackup(peers, 'broker-gone', 'broker-gone/', ends);
  });

  test('a partition leader moves to another broker mid-read', async () => {
    const ends = await fillTopic(peers, 'leader-move', PARTITIONS, PER_PARTITION);
    const env = faultEnv(base, 'leader-move');
    let moved = false;
    const run = await runTimer(env, {
      onLine: (line) => {
        if (!moved && line.event === 'part-uploaded') {
          moved = true;
          for (let p = 0; p < PARTITIONS; p += 1) void peers.kafka.setLeader('leader-move', p, leaderOf(p + 1));
        }
      },
    });
    expect(moved).toBe(true);
    expect(run.error).toBeUndefined();
    expect(run.ok).toBe(true);
    expect(kafkaRetries(run).some((m) => /Fetching leader-move\/\d .*(leader|LEADER)/.test(m))).toBe(true);
    await runUntilCaughtUp(env);
    await expectCompleteBackup(peers, 'leader-move', 'leader-move/', ends);
  });

  test('retriable errors on Fetch, ListOffsets, OffsetFetch and OffsetCommit are retried', async () => {
    const ends = await fillTopic(peers, 'req-errors', PARTITIONS, PER_PARTITION);
    const env = faultEnv(base, 'req-errors');
    // Before the run: planning meets errors on every call it makes.
    await peers.kafka.pushErrors(API.ListOffsets, 2, ERR.REQUEST_TIMED_OUT);
    await peers.kafka.pushErrors(API.OffsetFetch, 2, ERR.COORDINATOR_NOT_AVAILABLE);
    await peers.kafka.pushErrors(API.OffsetCommit, 2, ERR.COORDINATOR_NOT_AVAILABLE);
    let injected = false;
    const run = await runTimer(env, {
      onLine: (line) => {
        // Mid-run: reads and the commits of the following objects meet errors too.
        if (!injected && line.event === 'object-written') {
          injected = true;
          void peers.kafka.pushErrors(API.Fetch, 3, ERR.NOT_LEADER_OR_FOLLOWER);
          void peers.kafka.pushErrors(API.OffsetFetch, 2, ERR.REQUEST_TIMED_OUT);
          void peers.kafka.pushErrors(API.OffsetCommit, 2, ERR.COORDINATOR_NOT_AVAILABLE);
        }
      },
    });
    expect(run.error).toBeUndefined();
    expect(run.ok).toBe(true);
    const retries = kafkaRetries(run);
    expect(retries.some((m) => /Listing offsets of req-errors .*retrying/.test(m))).toBe(true);
    expect(retries.some((m) => /Fetching offsets of group .*retrying/.test(m))).toBe(true);
    expect(retries.some((m) => /Committing offset .*retrying/.test(m))).toBe(true);
    expect(retries.some((m) => /Fetching req-errors\/\d .*retrying/.test(m))).toBe(true);
    // The run did it all: nothing was left for another run.
    await expectCompleteBackup(peers, 'req-errors', 'req-errors/', ends);
  });
});
