// What this suite proves: the handler fails clearly on bad configuration, events and topics, copes
// with empty and recreated topics, and never logs the SASL password.
import { KafkaClient } from '../../clients/kafka';
import {
  BUCKET,
  Peers,
  handlerEnv,
  logsOf,
  runTimer,
  startCloudApi,
  startPeers,
  withoutSnapshots,
} from '../support/backup-fixture';
import { CloudApiServer } from '../support/cloud-api-server';
import { produce } from '../support/kcat';
import { invokeHandler } from '../support/scf-runtime';

const SECRET = 'not-to-be-logged-5f1c';

describe('bad input and odd topics (bundled handler)', () => {
  let peers: Peers;
  let ssmApi: CloudApiServer;

  beforeAll(async () => {
    peers = await startPeers([
      { name: 'empty', partitions: 2 },
      { name: 'small', partitions: 1 },
      { name: 'recreated', partitions: 1 },
    ]);
    ssmApi = await startCloudApi((call) =>
      call.action === 'ListSecretVersionIds'
        ? {
            SecretName: call.body.SecretName,
            Versions: [
              { VersionId: 'v1', CreateTime: 1 },
              { VersionId: 'v2', CreateTime: 2 },
            ],
          }
        : { SecretName: call.body.SecretName, VersionId: call.body.VersionId, SecretString: SECRET },
    );
    await produce(peers.kafka.bootstrap, 'small', [{ partition: 0, value: Buffer.from('x') }]);
    await produce(
      peers.kafka.bootstrap,
      'recreated',
      Array.from({ length: 10 }, (_, i) => ({ partition: 0, value: Buffer.from(`r${i}`) })),
    );
  });
  afterAll(async () => {
    await ssmApi?.stop();
    await peers?.stop();
  });

  test('missing and invalid configuration fails before touching Kafka, naming every variable', async () => {
    const env = handlerEnv(peers, 'small', {
      BACKUP_START_POSITION: 'beginning',
      BACKUP_BOOTSTRAP_SERVERS: '127.0.0.1:1',
      BACKUP_COMPRESSION_LEVEL: '12',
    });
    delete env.BACKUP_TOPIC;
    const run = await runTimer(env);
    expect(run.ok).toBe(false);
    expect(run.error).toContain('BACKUP_TOPIC is missing');
    expect(run.error).toContain(
      'BACKUP_START_POSITION="beginning" must be "earliest", "latest" or "timestamp:<epoch ms>"',
    );
    expect(run.error).toContain('BACKUP_COMPRESSION_LEVEL="12" must be an integer from 1 to 9');
    expect(logsOf(run, 'config-invalid')).toHaveLength(1);
    expect(logsOf(run, 'kafka-client')).toHaveLength(0);
    expect(run.stderr).not.toMatch(/\n\s+at /); // A message, not a stack trace.
  });

  test('an unknown event is rejected with what arrived', async () => {
    const run = await invokeHandler({ hello: 'world' }, { env: handlerEnv(peers, 'small') });
    expect(run.ok).toBe(false);
    expect(run.error).toBe(
      'unknown event: expected a Timer event, a BackupPartitions event or CKafka Records, got {"hello":"world"}',
    );
  });

  test('a topic that does not exist fails clearly and writes nothing', async () => {
    const run = await runTimer(handlerEnv(peers, 'no-such-topic'));
    expect(run.ok).toBe(false);
    expect(run.error).toContain('"no-such-topic" does not exist');
    expect(await peers.cos.listObjects(BUCKET, '')).toEqual([]);
  });

  test('an empty topic is a successful run that writes nothing', async () => {
    const run = await runTimer(handlerEnv(peers, 'empty'));
    expect(run.ok).toBe(true);
    expect(run.result).toEqual(expect.objectContaining({ records: 0, objects: 0 }));
  });

  test('offsets going backwards (topic deleted and recreated) stop that partition with an explanation', async () => {
    const env = handlerEnv(peers, 'recreated', { BACKUP_PREFIX: 'recreated/' });
    const kafka = new KafkaClient({ brokers: peers.kafka.bootstrap.split(','), clientId: 'test' });
    await kafka.connect();
    await kafka.commitOffset(env.BACKUP_CONSUMER_GROUP, 'recreated', 0, 500);
    await kafka.close();
    const run = await runTimer(env);
    expect(run.ok).toBe(false);
    expect(run.error).toContain('committed offset 500 of group "recreated-backup" is beyond the end of the log (10)');
    expect(run.error).toContain('deleted and recreated');
    expect(withoutSnapshots(await peers.cos.listObjects(BUCKET, 'recreated/'))).toEqual([]);
  });

  test('the SASL password is read from the newest SSM secret version and never logged', async () => {
    const run = await runTimer(
      handlerEnv(peers, 'small', {
        BACKUP_SASL_MECHANISM: 'SCRAM-SHA-512',
        BACKUP_SASL_USERNAME: 'ckafka-test1234#backup',
        BACKUP_SASL_SECRET_NAME: 'kafka-password',
        BACKUP_SSM_ENDPOINT: ssmApi.endpoint,
      }),
      { timeoutMs: 60_000 },
    );
    expect(ssmApi.calls.map((c) => [c.action, c.body])).toEqual([
      ['ListSecretVersionIds', { SecretName: 'kafka-password' }],
      ['GetSecretValue', { SecretName: 'kafka-password', VersionId: 'v2' }],
    ]);
    // The mock broker speaks no SASL: the run fails at the handshake, after the secret was read.
    expect(run.ok).toBe(false);
    expect(JSON.stringify(run.logs) + run.stderr + run.error).not.toContain(SECRET);
  });

  test('a CKafka trigger batch becomes one object per partition, with either partition spelling', async () => {
    const env = handlerEnv(peers, 'pushed', { BACKUP_PREFIX: 'pushed/' });
    const run = await invokeHandler(
      {
        Records: [
          { Ckafka: { topic: 'pushed', partition: 1, offset: 7, msgKey: 'k7', msgBody: 'seven' } },
          { Ckafka: { topic: 'pushed', Partition: 0, offset: 3, msgKey: null, msgBody: 'three\nlines' } },
          { Ckafka: { topic: 'pushed', partition: 1, offset: 8, msgKey: 'k8', msgBody: 'eight' } },
        ],
      },
      { env },
    );
    expect(run.ok).toBe(true);
    const objects = await peers.cos.listObjects(BUCKET, 'pushed/');
    expect(objects.map((o) => o.key.replace(/dt=[^/]+\/hour=\d\d/, 'dt/hour')).sort()).toEqual([
      'pushed/ckafka-test1234/pushed/dt/hour/partition=0/pushed+0+00000000000000000003.jsonl.gz',
      'pushed/ckafka-test1234/pushed/dt/hour/partition=1/pushed+1+00000000000000000007.jsonl.gz',
    ]);
    expect(objects.map((o) => o.metadata['record-count']).sort()).toEqual(['1', '2']);
  });
});
