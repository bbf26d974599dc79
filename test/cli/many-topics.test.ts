// What this suite proves: a backup of many topics (as the handler writes it with BACKUP_TOPICS) is
// read per topic: without --topic, the topics are found as the topic folders of the instance (keys
// and folders that are no topic left out) and listed at once, not one after the other; and an
// instance without backup objects is a clear usage error.
import { parseObjectKey } from '../../contract/backup-format';
import { BUCKET, INSTANCE, PREFIX, Peers, handlerEnv, runTimer, startPeers } from '../support/backup-fixture';
import { produce } from '../support/kcat';
import { LOCATION, at, cosEnv, runCli, testCos } from './cli-fixture';

const TOPICS = { orders: 2, payments: 1, refunds: 1 };
const INSTANCE_URL = `cos://${BUCKET}/${PREFIX}${INSTANCE}/`;
const RUNS = 3;
const PER_RUN = 10;
/** orders and payments: records from a minute ago; refunds: three days old, stale for --max-age 1h. */
const FRESH_BASE = Date.now() - 60_000;
const STALE_BASE = Date.now() - 3 * 86_400_000;

describe('a backup of many topics (bundled handler and CLI)', () => {
  let peers: Peers;
  let env: Record<string, string>;

  beforeAll(async () => {
    peers = await startPeers(Object.entries(TOPICS).map(([name, partitions]) => ({ name, partitions })));
    env = cosEnv(peers);
    const backup = { ...handlerEnv(peers, 'unused'), BACKUP_TOPICS: Object.keys(TOPICS).join(',') };
    delete (backup as Record<string, string | undefined>).BACKUP_TOPIC;
    // Three runs: three objects per partition, offsets 0-29.
    for (let run = 0; run < RUNS; run += 1) {
      for (const [topic, partitions] of Object.entries(TOPICS)) {
        const base = topic === 'refunds' ? STALE_BASE : FRESH_BASE;
        const records = Array.from({ length: partitions * PER_RUN }, (_, i) => ({
          partition: i % partitions,
          value: Buffer.from(`${topic} ${run}/${i}`),
          timestamp: base + (run * partitions * PER_RUN + i) * 100,
        }));
        await produce(peers.kafka.bootstrap, topic, records);
      }
      const result = await runTimer(backup);
      if (!result.ok) throw new Error(`backup run failed: ${result.error ?? result.stderr}`);
    }
    // orders/1 loses its middle object (offsets 10-19): a gap.
    const keys = (await peers.cos.listObjects(BUCKET, `${PREFIX}${INSTANCE}/orders/`))
      .map((o) => o.key)
      .filter((k) => parseObjectKey(k, PREFIX)?.partition === 1)
      .sort();
    expect(keys).toHaveLength(3);
    expect((await fetch(`${peers.cos.endpoint}/${BUCKET}/${keys[1]}`, { method: 'DELETE' })).status).toBe(204);
    // Beside the topics: a key that is no folder, a folder that is no topic name, and the folder
    // of a topic that holds only the backup's bookkeeping (its objects expired, say).
    const cos = testCos(peers);
    for (const key of [
      `${PREFIX}${INSTANCE}/README.txt`,
      `${PREFIX}${INSTANCE}/not a topic/x.jsonl.gz`,
      `${PREFIX}${INSTANCE}/retired/_state/partition=0.json`,
    ]) {
      await cos.putObject({ bucket: BUCKET, key, body: Buffer.from('{}') });
    }
  }, 180_000);
  afterAll(() => peers?.stop());

  test('the topics are listed at once: a LIST per topic, all in flight together', async () => {
    const topicListing = (r: { method: string; key: string; query: Record<string, string> }) =>
      r.method === 'GET' &&
      r.key === '' &&
      r.query.delimiter === undefined &&
      (r.query.prefix ?? '').startsWith(`${PREFIX}${INSTANCE}/`);
    // Each topic's listing is held until those of all four topic folders have arrived: listed one
    // after the other, the first would wait for the others until the timeout ends the hold.
    let arrived = 0;
    let timedOut = false;
    let release = () => undefined as void;
    const all = new Promise<void>((resolve) => (release = resolve));
    const timeout = setTimeout(() => {
      timedOut = true;
      release();
    }, 10_000);
    peers.cos.faults.add({
      match: { request: topicListing },
      action: {
        hold: () => {
          arrived += 1;
          if (arrived === 4) release();
          return all;
        },
      },
      times: 4,
    });
    const from = peers.cos.requests.length;
    const ls = await runCli(['ls', ...LOCATION, '--json'], { env });
    clearTimeout(timeout);
    expect(ls.code).toBe(0);
    expect([arrived, timedOut]).toEqual([4, false]);
    const lists = peers.cos.requests.slice(from).filter((r) => r.method === 'GET' && r.key === '');
    // The instance's folder under the prefix, its topic folders, then one LIST per topic folder.
    expect(lists.filter((r) => r.query.delimiter === '/').map((r) => r.query.prefix)).toEqual([
      PREFIX,
      `${PREFIX}${INSTANCE}/`,
    ]);
    expect(
      lists
        .filter(topicListing)
        .map((r) => r.query.prefix)
        .sort(),
    ).toEqual(['orders', 'payments', 'refunds', 'retired'].map((t) => `${PREFIX}${INSTANCE}/${t}/`));
  });

  test('an instance without backup objects, or a topic folder without any, is a usage error that says so', async () => {
    const cos = testCos(peers);
    // empty/: the instance's folder holds a key and a topic folder of bookkeeping only.
    await cos.putObject({ bucket: BUCKET, key: `empty/${INSTANCE}/notes.txt`, body: Buffer.from('x') });
    await cos.putObject({
      bucket: BUCKET,
      key: `empty/${INSTANCE}/orders/_state/partition=0.json`,
      body: Buffer.from('{}'),
    });
    // bare/: the instance's folder holds keys only, no folder.
    await cos.putObject({ bucket: BUCKET, key: `bare/${INSTANCE}/notes.txt`, body: Buffer.from('x') });
    const cases: [string[], string][] = [
      [
        ['ls', ...at('empty/')],
        `no backup objects under cos://${BUCKET}/empty/${INSTANCE}/: none of its topic folders (orders) holds one, only the backup's _state/ bookkeeping or other keys`,
      ],
      [
        ['verify', ...at('empty/'), '--instance-id', INSTANCE],
        `no backup objects under cos://${BUCKET}/empty/${INSTANCE}/: none of its topic folders (orders) holds one, only the backup's _state/ bookkeeping or other keys`,
      ],
      [
        ['status', ...at('bare/')],
        `no backup objects under cos://${BUCKET}/bare/${INSTANCE}/: it holds no topic folder`,
      ],
      [
        ['ls', ...at('empty/'), '--topic', 'orders'],
        `no backup objects of topic "orders" under cos://${BUCKET}/empty/${INSTANCE}/: its folder holds only the backup's _state/ bookkeeping or other keys`,
      ],
      [
        ['ls', ...LOCATION, '--topic', 'retired', '--json'],
        `no backup objects of topic "retired" under ${INSTANCE_URL}: its folder holds only the backup's _state/ bookkeeping or other keys`,
      ],
      [
        ['status', ...LOCATION, '--instance-id', 'ckafka-none'],
        `no backup of instance "ckafka-none" under cos://${BUCKET}/${PREFIX}; instances there: ${INSTANCE}`,
      ],
      [['verify', ...at('nothing/')], `no backup objects under cos://${BUCKET}/nothing/: check --bucket and --prefix`],
    ];
    for (const [args, message] of cases) {
      const run = await runCli(args, { env });
      expect({ args, code: run.code, stdout: run.stdout, stderr: run.stderr }).toEqual({
        args,
        code: 2,
        stdout: '',
        stderr: `ckafka-cos-backup: ${message}\n`,
      });
    }
  });
});
