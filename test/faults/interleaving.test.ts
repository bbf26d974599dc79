// Two writers on one partition, interleaved deterministically: writer A is held at one step
// (its single PUT, its multipart Complete, its progress write after the read-back, its offset
// commit) while writer B, which saw more records, runs to completion; then A goes on. A third
// run must leave every record exactly once.
//
// Before the bucket's progress record and the check of the last object, the held PUT and
// Complete cases lost B's records: A's shorter object landed on the key after B had read it
// back and committed past it (offsets committed past a hole in the bucket).
import { BUCKET, Peers, handlerEnv, logsOf, startPeers } from '../support/backup-fixture';
import { CosServer } from '../support/cos-server';
import {
  API,
  coordinatorOf,
  endOffsets,
  expectCompleteBackup,
  faultEnv,
  fillTopic,
  runTimer,
  runUntilCaughtUp,
  received,
} from '../support/fault-harness';
import { produce, produceBulk } from '../support/kcat';

const HOLD_MS = 4000;

describe('interleaved writers on one partition', () => {
  let peers: Peers;

  beforeEach(async () => {
    peers = await startPeers([{ name: 'unused', partitions: 1 }]);
  });
  afterEach(() => peers?.stop());

  /** A's run is started, held by the fault, B runs to completion, A finishes, C repairs. */
  async function interleave(
    topic: string,
    env: Record<string, string>,
    hold: () => Promise<void>,
    more: () => Promise<void>,
  ) {
    const a = runTimer(env);
    await hold();
    await more();
    const b = await runTimer(env);
    expect(b.ok).toBe(true);
    const first = await a;
    expect(first.signal).toBeNull();
    peers.cos.faults.clear();
    const [c] = await runUntilCaughtUp(env);
    await expectCompleteBackup(peers, topic, `${topic}/`, await endOffsets(peers, topic, 1));
    return { a: first, b, c };
  }

  /** `count` records `<tag>0`, `<tag>1`, ... into partition 0 of `topic`, in one produce call. */
  const produceValues = async (topic: string, tag: string, count: number): Promise<void> => {
    const values = Array.from({ length: count }, (_, i) => ({ partition: 0, value: Buffer.from(`${tag}${i}`) }));
    await produce(peers.kafka.bootstrap, topic, values);
  };

  const objectKeys = (topic: string) => (r: CosServer['requests'][number]) =>
    r.bucket === BUCKET && r.key.startsWith(`${topic}/`) && r.key.includes('/dt=');

  test('A held at its single PUT while B writes the same key with more records', async () => {
    const topic = 'il-put';
    await peers.kafka.createTopic(topic, 1);
    await produceValues(topic, 'a', 50);
    const env = faultEnv(handlerEnv(peers, 'unused'), topic);
    peers.cos.faults.add({
      match: { method: 'PUT', keyPrefix: `${topic}/ckafka-test1234/${topic}/dt=` },
      action: { delayMs: HOLD_MS },
      times: 1,
    });
    const { c } = await interleave(
      topic,
      env,
      () => received(peers.cos, (r) => r.method === 'PUT' && objectKeys(topic)(r)),
      () => produceValues(topic, 'b', 150),
    );
    // Found by the flag the late writer left, or by the check of the last object.
    expect(logsOf(c, 'overwrite-repaired')).toEqual([expect.objectContaining({ partition: 0, resumeAt: 0 })]);
  });

  test('A held at its multipart Complete while B writes the same key with more records', async () => {
    const topic = 'il-complete';
    await fillTopic(peers, topic, 1, 1500); // about 1.5 MB: two 1 MiB parts
    const env = faultEnv(handlerEnv(peers, 'unused', { BACKUP_MAX_OBJECT_MIB: '16' }), topic);
    peers.cos.faults.add({
      match: { method: 'POST', query: 'uploadId', keyPrefix: `${topic}/` },
      action: { delayMs: HOLD_MS },
      times: 1,
    });
    await interleave(
      topic,
      env,
      () => received(peers.cos, (r) => r.method === 'POST' && 'uploadId' in r.query && objectKeys(topic)(r)),
      () => produceBulk(peers.kafka.bootstrap, topic, { partitions: 1, count: 500, size: 1000 }).then(() => undefined),
    );
  });

  test('A held after its read-back, at its progress write, while B moves on', async () => {
    const topic = 'il-state';
    await peers.kafka.createTopic(topic, 1);
    await produceValues(topic, 'a', 50);
    const env = faultEnv(handlerEnv(peers, 'unused'), topic);
    // A's first progress write is the pending key, its second the position after the object.
    const statePuts = () =>
      peers.cos.requests.filter((r) => r.method === 'PUT' && r.key.includes(`${topic}/_state/`)).length;
    peers.cos.faults.add({
      match: { method: 'PUT', keyPrefix: `${topic}/ckafka-test1234/${topic}/_state/` },
      action: { delayMs: 0 },
      times: 1,
    });
    peers.cos.faults.add({
      match: { method: 'PUT', keyPrefix: `${topic}/ckafka-test1234/${topic}/_state/` },
      action: { delayMs: HOLD_MS },
      times: 1,
    });
    const { c } = await interleave(
      topic,
      env,
      async () => {
        while (statePuts() < 2) await new Promise((resolve) => setTimeout(resolve, 20));
      },
      () => produceValues(topic, 'b', 150),
    );
    // A's late write of an older position does not send the next run back: the group is further.
    expect(c.result.records).toBe(0);
  });

  test('A held at its offset commit while B commits further', async () => {
    const topic = 'il-commit';
    await peers.kafka.createTopic(topic, 1);
    const env = faultEnv(handlerEnv(peers, 'unused'), topic);
    expect((await runTimer(env)).ok).toBe(true); // pins the start position: A's next commit is its object's
    await produceValues(topic, 'a', 50);
    const coordinator = await coordinatorOf(peers, env.BACKUP_CONSUMER_GROUP);
    await peers.kafka.brokerPushErrors(coordinator, API.OffsetCommit, 1, 0, HOLD_MS);
    const { c } = await interleave(
      topic,
      env,
      async () => {
        await received(
          peers.cos,
          (r) => r.method === 'PUT' && r.key.includes(`${topic}/_state/`) && !!r.headers['x-cos-meta-last-key'],
        );
      },
      () => produceValues(topic, 'b', 150),
    );
    expect(c.ok).toBe(true);
  });
});
