// The bucket the construct creates is versioned. A multipart object gets its offset metadata by
// a copy onto itself, which keeps the first version (same bytes, no metadata) as a noncurrent
// one: exactly one per multipart object, none for a single-PUT object, and the created bucket's
// lifecycle rule expires them (non_current_expiration, asserted in test/lib/construct.test.ts).
import { fromMetadata } from '../../contract/backup-format';
import { BUCKET, Peers, handlerEnv, runTimer, startPeers } from '../support/backup-fixture';
import { fillTopic } from '../support/fault-harness';
import { produce } from '../support/kcat';

describe('a backup into a versioned bucket', () => {
  let peers: Peers;

  beforeAll(async () => {
    peers = await startPeers([{ name: 'small', partitions: 1 }]);
    await produce(
      peers.kafka.bootstrap,
      'small',
      Array.from({ length: 10 }, (_, i) => ({ partition: 0, value: Buffer.from(`r${i}`) })),
    );
    // About 1.5 MB of incompressible records per partition: objects of two 1 MiB parts.
    await fillTopic(peers, 'big', 2, 1500);
  });
  afterAll(() => peers?.stop());

  test('leaves one noncurrent version per multipart object, none per single PUT, and every current object carries its offsets', async () => {
    for (const topic of ['small', 'big']) {
      const run = await runTimer(handlerEnv(peers, topic, { BACKUP_PREFIX: `${topic}/` }));
      expect(run.ok).toBe(true);
    }
    // Objects only; the `_state/` progress record is rewritten per object (empty, expired alike).
    const versionsOf = async (prefix: string) => {
      const versions = (await peers.cos.listVersions(BUCKET, prefix)).filter((v) => !v.key.includes('/_state/'));
      return { current: versions.filter((v) => v.isLatest), noncurrent: versions.filter((v) => !v.isLatest) };
    };

    const small = await versionsOf('small/');
    expect(small.current).toHaveLength(1);
    expect(small.noncurrent).toEqual([]);

    const big = await versionsOf('big/');
    expect(big.current).toHaveLength(2);
    expect(big.noncurrent.map((v) => v.key).sort()).toEqual(big.current.map((v) => v.key).sort());
    for (const version of big.noncurrent) {
      expect(version.size).toBe(big.current.find((c) => c.key === version.key)!.size); // the same bytes
      expect(fromMetadata(version.metadata)).toBeUndefined(); // before the copy set the offsets
    }
    for (const object of [...small.current, ...big.current]) expect(fromMetadata(object.metadata)).toBeDefined();
  });
});
