// A killed writer's last request, applied by COS after another run has committed past it, on an
// object that is not that run's last. Writer A is killed (the process exits) while the COS test
// server holds A's fully received request; writer B runs to a commit, writing several objects
// from A's key on; then A's request is applied; run C must leave every record exactly once.
//
// Before objects taken over from a run that did not finish were watched, the single PUT and the
// Complete cases lost B's records: nothing pointed a later run at the replaced object.
import { BUCKET, Peers, handlerEnv, logsOf, startPeers } from '../support/backup-fixture';
import { CosServer } from '../support/cos-server';
import {
  endOffsets,
  expectCompleteBackup,
  faultEnv,
  fillTopic,
  runTimer,
  runUntilCaughtUp,
  received,
} from '../support/fault-harness';
import { produceBulk } from '../support/kcat';
import { testCos } from '../cli/cli-fixture';

/** A promise and the function that settles it. */
function deferred(): { promise: Promise<void>; settle: () => void } {
  let settle!: () => void;
  const promise = new Promise<void>((resolve) => (settle = resolve));
  return { promise, settle };
}

describe('a killed writer whose last request COS applies late', () => {
  let peers: Peers;

  beforeEach(async () => {
    peers = await startPeers([{ name: 'unused', partitions: 1 }]);
  });
  afterEach(() => peers?.stop());

  const objectsOf = (topic: string) => `${topic}/ckafka-test1234/${topic}/dt=`;

  interface Scenario {
    topic: string;
    env: Record<string, string>;
    /** The request of A's that COS applies late. */
    held: { method: string; query?: 'uploadId'; header?: string };
    /** Which of A's requests shows that the held one has arrived. */
    arrived: (r: CosServer['requests'][number]) => boolean;
    /** Records that arrive after A is killed: B writes several objects. */
    more: () => Promise<unknown>;
    /** Acts on B's run (e.g. holds B's abort of A's upload until A's Complete is applied). */
    duringB?: (applyA: () => Promise<{ status: number; body: string }>) => void;
  }

  /** A killed with its request held, B to a commit, A's request applied, then C: returns A's late status and C. */
  async function killedWriter(s: Scenario) {
    const release = deferred();
    let applied!: (a: { status: number; body: string }) => void;
    const lateAnswer = new Promise<{ status: number; body: string }>((resolve) => (applied = resolve));
    peers.cos.faults.add({
      match: { method: s.held.method, keyPrefix: objectsOf(s.topic), query: s.held.query, header: s.held.header },
      action: { applyLate: () => release.promise, onApplied: (status, body) => applied({ status, body }) },
      times: 1,
    });
    const kill = deferred();
    const a = runTimer(s.env, { killOn: kill.promise });
    await received(peers.cos, s.arrived);
    kill.settle();
    expect((await a).signal).toBe('SIGKILL');

    await s.more();
    const applyA = async () => {
      release.settle();
      return lateAnswer;
    };
    s.duringB?.(applyA);
    const b = await runTimer(s.env);
    expect(b.ok).toBe(true);
    const bKeys = logsOf(b, 'object-written').map((l) => l.key as string);
    expect(bKeys.length).toBeGreaterThan(1);
    const late = await applyA();
    const [c, ...rest] = await runUntilCaughtUp(s.env);
    expect(rest).toEqual([]);
    await expectCompleteBackup(peers, s.topic, `${s.topic}/`, await endOffsets(peers, s.topic, 1));
    return { late, b, bKeys, c };
  }

  test('single PUT: A`s shorter object lands on B`s first object, and C writes it again', async () => {
    const topic = 'lw-put';
    await fillTopic(peers, topic, 1, 50);
    const env = faultEnv(handlerEnv(peers, 'unused', { BACKUP_MAX_OBJECT_MIB: '1' }), topic);
    const { late, bKeys, c } = await killedWriter({
      topic,
      env,
      held: { method: 'PUT' },
      arrived: (r) => r.method === 'PUT' && r.key.startsWith(objectsOf(topic)),
      more: () => produceBulk(peers.kafka.bootstrap, topic, { partitions: 1, count: 2000, size: 1000, fill: 'random' }),
    });
    expect(late.status).toBe(200);
    // A's key is B's first object, not its last: the check of the last object alone misses it.
    expect(logsOf(c, 'overwrite-repaired')).toEqual([
      expect.objectContaining({ key: bKeys[0], heldUntil: 50, resumeAt: 0, expectedUntil: expect.any(Number) }),
    ]);
  });

  test('multipart Complete applied just before B`s abort of that upload reaches COS', async () => {
    const topic = 'lw-complete';
    // About 1.7 MB of JSON, 1.3 MB gzipped: two 1 MiB parts, under the 2 MiB cut (1,426 records).
    await fillTopic(peers, topic, 1, 1200);
    const env = faultEnv(handlerEnv(peers, 'unused', { BACKUP_MAX_OBJECT_MIB: '2', BACKUP_PART_SIZE_MIB: '1' }), topic);
    let abortHeld = false;
    const { late, bKeys, c } = await killedWriter({
      topic,
      env,
      held: { method: 'POST', query: 'uploadId' },
      arrived: (r) => r.method === 'POST' && 'uploadId' in r.query && r.key.startsWith(objectsOf(topic)),
      more: () => produceBulk(peers.kafka.bootstrap, topic, { partitions: 1, count: 3000, size: 1000, fill: 'random' }),
      // B aborts A's upload once past its offsets: COS applies A's Complete just before.
      duringB: (applyA) =>
        peers.cos.faults.add({
          match: { method: 'DELETE', query: 'uploadId', keyPrefix: objectsOf(topic) },
          action: {
            hold: async () => {
              abortHeld = true;
              await applyA();
            },
          },
          times: 1,
        }),
    });
    expect(abortHeld).toBe(true);
    expect(late.status).toBe(200);
    expect(late.body).not.toContain('<Error>');
    expect(logsOf(c, 'overwrite-repaired')).toEqual([
      expect.objectContaining({ key: bKeys[0], heldUntil: null, resumeAt: 0 }),
    ]);
  });

  test('the copy that sets the metadata: conditional on A`s own content, it changes nothing', async () => {
    const topic = 'lw-copy';
    await fillTopic(peers, topic, 1, 1200);
    const env = faultEnv(handlerEnv(peers, 'unused', { BACKUP_MAX_OBJECT_MIB: '2', BACKUP_PART_SIZE_MIB: '1' }), topic);
    const { late, c } = await killedWriter({
      topic,
      env,
      held: { method: 'PUT', header: 'x-cos-copy-source' },
      arrived: (r) => r.method === 'PUT' && 'x-cos-copy-source' in r.headers && r.key.startsWith(objectsOf(topic)),
      more: () => produceBulk(peers.kafka.bootstrap, topic, { partitions: 1, count: 3000, size: 1000, fill: 'random' }),
    });
    // B replaced A's object (no metadata: the guard lets it go): A's copy no longer matches.
    expect(late.status).toBe(412);
    expect(logsOf(c, 'overwrite-repaired')).toEqual([]);
  });

  test('the watch ends: once its time is over and the object is whole, runs stop checking it', async () => {
    const topic = 'lw-expiry';
    await fillTopic(peers, topic, 1, 50);
    const env = faultEnv(handlerEnv(peers, 'unused', { BACKUP_MAX_OBJECT_MIB: '1' }), topic);
    const checksKey = `${topic}/ckafka-test1234/${topic}/_state/suspect/partition=0`;
    const { bKeys } = await killedWriter({
      topic,
      env,
      held: { method: 'PUT' },
      arrived: (r) => r.method === 'PUT' && r.key.startsWith(objectsOf(topic)),
      more: () => produceBulk(peers.kafka.bootstrap, topic, { partitions: 1, count: 2000, size: 1000, fill: 'random' }),
    });
    const watch = (await peers.cos.headObject(BUCKET, checksKey))?.metadata.watch;
    expect(watch).toMatch(/^\d{4}-\d{2}-\d{2}\/\d{2}\/0\/\d+\/\d+$/);
    const headsOf = (key: string) => peers.cos.requests.filter((r) => r.method === 'HEAD' && r.key === key).length;
    // Still watched: the next run checks B's first object again.
    let before = headsOf(bKeys[0]);
    expect((await runTimer(env)).ok).toBe(true);
    expect(headsOf(bKeys[0])).toBe(before + 1);
    // Its time over (the entry says so), the object whole: the run checks it a last time and drops it.
    const ended = watch!.replace(/\/\d+$/, '/1');
    await testCos(peers).putObject({
      bucket: BUCKET,
      key: checksKey,
      body: Buffer.alloc(0),
      metadata: { watch: ended },
    });
    before = headsOf(bKeys[0]);
    expect((await runTimer(env)).ok).toBe(true);
    expect(headsOf(bKeys[0])).toBe(before + 1);
    expect((await peers.cos.headObject(BUCKET, checksKey))?.metadata.watch).toBeUndefined();
    before = headsOf(bKeys[0]);
    expect((await runTimer(env)).ok).toBe(true);
    expect(headsOf(bKeys[0])).toBe(before);
  });
});
