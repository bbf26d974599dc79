// The peers' policy checks are real: with the construct's policy minus one action, a handler
// run is denied exactly that action, and the denial is recorded (so the shared afterEach would
// fail the test that made it).
// The baseline, the construct's policy as synthesized, gives runs without any denial.
import { Denial, expectNoDenials, takeDenials } from '../support/access-control';
import { BUCKET, Peers, handlerEnv, logsOf, runTimer, startCloudApi, startPeers } from '../support/backup-fixture';
import { PolicyDocument } from '../support/cam-policy';
import { CloudApiServer } from '../support/cloud-api-server';
import { fillTopic } from '../support/fault-harness';
import { produce } from '../support/kcat';

/** The construct's policy without `action`. */
const without =
  (action: string) =>
  (policy: PolicyDocument): PolicyDocument => ({
    ...policy,
    statement: policy.statement
      .map((s) => ({ ...s, action: [s.action ?? []].flat().filter((a) => a !== action) }))
      .filter((s) => s.action.length > 0),
  });

/** The denials of the run, checked to be of `action` only, then taken so that the test passes. */
function expectDeniedOnly(action: string): Denial[] {
  const denials = takeDenials();
  expect(denials.length).toBeGreaterThan(0);
  expect([...new Set(denials.map((d) => d.action))]).toEqual([action]);
  return denials;
}

describe('the peers enforce the role policy, action by action', () => {
  let peers: Peers;
  let scfApi: CloudApiServer;
  let ssmApi: CloudApiServer;

  beforeAll(async () => {
    peers = await startPeers([{ name: 'small', partitions: 1 }]);
    scfApi = await startCloudApi(() => ({ Result: { FunctionRequestId: 'async' } }));
    ssmApi = await startCloudApi((call) =>
      call.action === 'ListSecretVersionIds'
        ? { SecretName: call.body.SecretName, Versions: [{ VersionId: 'v1', CreateTime: 1 }] }
        : { SecretName: call.body.SecretName, VersionId: call.body.VersionId, SecretString: 'pw' },
    );
    await produce(
      peers.kafka.bootstrap,
      'small',
      Array.from({ length: 20 }, (_, i) => ({ partition: 0, value: Buffer.from(`r${i}`) })),
    );
    // About 1.5 MB of incompressible records per partition: objects of two 1 MiB parts.
    await fillTopic(peers, 'big', 2, 1500);
  });
  afterAll(async () => {
    await scfApi?.stop();
    await ssmApi?.stop();
    await peers?.stop();
  });

  /** Own prefix and group per test: each starts from nothing. */
  const envFor = (topic: string, name: string, extra: Record<string, string> = {}) =>
    handlerEnv(peers, topic, { BACKUP_PREFIX: `${name}/`, BACKUP_CONSUMER_GROUP: `${name}-group`, ...extra });

  const saslEnv = (name: string) =>
    envFor('small', name, {
      BACKUP_SASL_MECHANISM: 'SCRAM-SHA-512',
      BACKUP_SASL_USERNAME: 'ckafka-test1234#backup',
      BACKUP_SASL_SECRET_NAME: 'kafka-password',
      BACKUP_SSM_ENDPOINT: ssmApi.endpoint,
    });

  test('baseline: with the construct policy as synthesized, multipart and single-PUT objects, fan-out and the secret see no denial', async () => {
    const big = await runTimer(
      envFor('big', 'baseline-big', { BACKUP_PARTITIONS_PER_INVOCATION: '1', BACKUP_SCF_ENDPOINT: scfApi.endpoint }),
    );
    expect(big.error).toBeUndefined();
    expect(logsOf(big, 'upload-completed')).toHaveLength(1);
    expect(scfApi.calls.filter((c) => c.action === 'Invoke')).toHaveLength(1);
    const small = await runTimer(envFor('small', 'baseline-small'));
    expect(small.ok).toBe(true);
    expect(logsOf(small, 'object-written')).toHaveLength(1);
    // The mock broker speaks no SASL: the run fails at the handshake, after the secret was read.
    const sasl = await runTimer(saslEnv('baseline-sasl'), { timeoutMs: 60_000 });
    expect(sasl.error).not.toContain('cannot read the SASL password');
    expect(ssmApi.calls.map((c) => c.action)).toEqual(['ListSecretVersionIds', 'GetSecretValue']);
    expect(takeDenials()).toEqual([]);
  });

  test.each([
    ['name/cos:InitiateMultipartUpload', 'big'],
    ['name/cos:UploadPart', 'big'],
    ['name/cos:CompleteMultipartUpload', 'big'],
    ['name/cos:PutObjectCopy', 'big'],
    ['name/cos:GetObject', 'big'],
    ['name/cos:HeadObject', 'big'],
    ['name/cos:PutObject', 'small'],
  ])('without %s the run fails and the denial is recorded', async (action, topic) => {
    const name = `minus-${action.split(':')[1]}`;
    const run = await runTimer(envFor(topic, name), { rolePolicy: without(action) });
    expect(run.ok).toBe(false);
    const denials = expectDeniedOnly(action);
    const resource = `qcs::cos:ap-guangzhou:uid/1250000000:${BUCKET}/${name}/ckafka-test1234/${topic}/`;
    expect(denials[0].resource.startsWith(resource)).toBe(true);
    // Nothing counts as backed up: no object, or (copy denied) one without its offsets.
    expect(
      (await peers.cos.listObjects(BUCKET, `${name}/`)).filter((o) => o.metadata['last-offset'] !== undefined),
    ).toEqual([]);
  });

  test('without name/cos:ListMultipartUploads the run recovers, but the denial is recorded', async () => {
    const run = await runTimer(envFor('big', 'minus-list'), { rolePolicy: without('name/cos:ListMultipartUploads') });
    expect(run.ok).toBe(true);
    expect(logsOf(run, 'open-uploads-not-listed')).toHaveLength(1);
    const recorded = [...peers.cos.denied];
    // What the shared afterEach does: the test fails, naming the request.
    expect(expectNoDenials).toThrow(
      /denied 1 request\(s\) \(name\/cos:ListMultipartUploads x1\).*\n.*GET \/backup-1250000000\/\?uploads=/,
    );
    expect(recorded).toEqual([
      expect.objectContaining({
        action: 'name/cos:ListMultipartUploads',
        resource: `qcs::cos:ap-guangzhou:uid/1250000000:${BUCKET}/`,
        context: { 'cos:prefix': 'minus-list/ckafka-test1234/big/' },
      }),
    ]);
  });

  test('without name/cos:AbortMultipartUpload the upload a crashed run left open cannot be aborted', async () => {
    const env = envFor('big', 'minus-abort');
    const crashed = await runTimer(env, { killWhen: (line) => line.event === 'part-uploaded' });
    expect(crashed.signal).toBe('SIGKILL');
    const orphans = peers.cos.openMultipartUploads(BUCKET).filter((u) => u.key.startsWith('minus-abort/'));
    expect(orphans.length).toBeGreaterThan(0);
    await runTimer(env, { rolePolicy: without('name/cos:AbortMultipartUpload') });
    const denials = expectDeniedOnly('name/cos:AbortMultipartUpload');
    expect(denials.map((d) => d.request.split('?')[1])).toEqual(
      expect.arrayContaining(orphans.map((u) => `uploadId=${u.uploadId}`)),
    );
  });

  test('without name/scf:InvokeFunction the fan-out is refused by SCF', async () => {
    const env = envFor('big', 'minus-invoke', {
      BACKUP_PARTITIONS_PER_INVOCATION: '1',
      BACKUP_SCF_ENDPOINT: scfApi.endpoint,
    });
    const run = await runTimer(env, { rolePolicy: without('name/scf:InvokeFunction') });
    expect(run.ok).toBe(false);
    expect(run.error).toContain('not authorized to perform name/scf:InvokeFunction');
    const [denial] = expectDeniedOnly('name/scf:InvokeFunction');
    expect(denial).toEqual(
      expect.objectContaining({
        service: 'scf',
        resource: 'qcs::scf:ap-guangzhou:uin/100000000001:namespace/default/function/orders-backup',
      }),
    );
  });

  test.each([['name/ssm:ListSecretVersionIds'], ['name/ssm:GetSecretValue']])(
    'without %s the SASL password cannot be read',
    async (action) => {
      const run = await runTimer(saslEnv(`minus-${action.split(':')[1]}`), {
        rolePolicy: without(action),
        timeoutMs: 60_000,
      });
      expect(run.ok).toBe(false);
      expect(run.error).toContain('cannot read the SASL password');
      const [denial] = expectDeniedOnly(action);
      expect(denial).toEqual(
        expect.objectContaining({
          service: 'ssm',
          resource: 'qcs::ssm:ap-guangzhou:uin/100000000001:secret/creatorUin/100000000002/kafka-password',
        }),
      );
    },
  );
});
