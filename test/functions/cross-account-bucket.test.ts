// A bucket in another account: its owner grants exactly the statements the construct gives for
// it (the BucketPolicyStatements output), and COS checks each request of the function's role
// against that bucket policy as well as against the role's CAM policy. Every request of a run,
// the takeover of a crashed run's open uploads included, is allowed by both; without the
// statement for listing open uploads, a run's first request is denied.
import { takeDenials } from '../support/access-control';
import { Peers, handlerEnv, logsOf, runTimer } from '../support/backup-fixture';
import { cosAuthorizations } from '../support/cos-actions';
import { CosServer, startCosServer } from '../support/cos-server';
import { fillTopic } from '../support/fault-harness';
import { startKafkaMock } from '../support/kafka-mock';
import { bucketPolicyStatementsFor } from '../support/role-policy';
import { TEST_ACCOUNT } from '../support/test-account';

/** A bucket of another account (APPID 1260000000; the function's account has 1250000000). */
const PARTNER = 'partner-1260000000';
/** The function's account, as the bucket owner's policy names it. */
const FUNCTION_ACCOUNT = `qcs::cam::uin/${TEST_ACCOUNT.ownerUin}:uin/${TEST_ACCOUNT.ownerUin}`;

let peers: Peers;
let cos: CosServer;

beforeAll(async () => {
  const [kafka, server] = await Promise.all([
    startKafkaMock({ brokers: 3, topics: [] }),
    startCosServer({ buckets: [{ name: PARTNER, versioning: true }], enforce: true }),
  ]);
  cos = server;
  peers = { kafka, cos, stop: async () => void (await Promise.all([kafka.stop(), cos.stop()])) };
  // About 1.5 MB of incompressible records per partition: objects of two 1 MiB parts.
  await fillTopic(peers, 'big', 2, 1500);
});
afterAll(async () => {
  await peers?.stop();
});

/** Own prefix and group per test, in the partner's bucket. */
const envFor = (name: string) =>
  handlerEnv(peers, 'big', {
    BACKUP_BUCKET: PARTNER,
    BACKUP_PREFIX: `${name}/`,
    BACKUP_CONSUMER_GROUP: `${name}-group`,
  });

/** The COS actions of the requests the bucket's policy checked under `prefix`, and what it said. */
function checkedByBucketPolicy(prefix: string): { actions: string[]; denied: string[] } {
  const checked = cos.requests.filter(
    (r) => r.bucket === PARTNER && r.bucketPolicy && (r.key.startsWith(prefix) || r.query.prefix?.startsWith(prefix)),
  );
  const actionsOf = (rs: typeof checked) =>
    [...new Set(rs.flatMap((r) => cosAuthorizations(r, 'ap-guangzhou').map((need) => need.action)))].sort();
  return { actions: actionsOf(checked), denied: actionsOf(checked.filter((r) => r.bucketPolicy === 'denied')) };
}

test("the statements are the construct's: one on the backup's keys, one to list its open uploads", () => {
  const statements = bucketPolicyStatementsFor(envFor('shape')) as { Action: string[]; Resource: string[] }[];
  expect(statements.map((s) => s.Action.length > 1 || s.Action[0])).toEqual([true, 'name/cos:ListMultipartUploads']);
  expect(statements[1].Resource).toEqual([`qcs::cos:ap-guangzhou:uid/1260000000:${PARTNER}/*`]);
});

test("with exactly bucketPolicyStatements granted, a run that takes over a crashed run's uploads sees no denial", async () => {
  const env = envFor('granted');
  cos.setBucketPolicy(PARTNER, {
    policy: { Statement: bucketPolicyStatementsFor(env), version: '2.0' },
    principal: FUNCTION_ACCOUNT,
  });
  try {
    const crashed = await runTimer(env, { killWhen: (line) => line.event === 'part-uploaded' });
    expect(crashed.signal).toBe('SIGKILL');
    const orphans = cos.openMultipartUploads(PARTNER).filter((u) => u.key.startsWith('granted/'));
    expect(orphans.length).toBeGreaterThan(0);

    const run = await runTimer(env);
    expect(run.ok).toBe(true);
    expect(logsOf(run, 'open-uploads-not-listed')).toEqual([]);
    expect(logsOf(run, 'upload-completed')).toHaveLength(2);
    expect(cos.openMultipartUploads(PARTNER).filter((u) => u.key.startsWith('granted/'))).toEqual([]);
    // Every kind of request the handler makes went through the bucket's policy, and none was denied.
    const { actions, denied } = checkedByBucketPolicy('granted/');
    expect(actions).toEqual(
      [
        'name/cos:AbortMultipartUpload',
        'name/cos:CompleteMultipartUpload',
        'name/cos:GetObject',
        'name/cos:HeadObject',
        'name/cos:InitiateMultipartUpload',
        'name/cos:ListMultipartUploads',
        'name/cos:PutObject',
        'name/cos:PutObjectCopy',
        'name/cos:UploadPart',
      ].sort(),
    );
    expect(denied).toEqual([]);
    // (The shared afterEach also fails the test on any denial, of either policy.)
  } finally {
    cos.setBucketPolicy(PARTNER, undefined);
  }
});

test('granted only the statement on the keys, the listing of open uploads is denied by the bucket policy', async () => {
  const env = envFor('keys-only');
  const [onKeys] = bucketPolicyStatementsFor(env);
  cos.setBucketPolicy(PARTNER, { policy: { Statement: [onKeys], version: '2.0' }, principal: FUNCTION_ACCOUNT });
  try {
    const run = await runTimer(env);
    // The handler carries on without the cleanup, but COS (and so this test) records the denial.
    expect(run.ok).toBe(true);
    expect(logsOf(run, 'open-uploads-not-listed')).toHaveLength(1);
    expect(checkedByBucketPolicy('keys-only/').denied).toEqual(['name/cos:ListMultipartUploads']);
    const denials = takeDenials();
    expect(denials).toEqual([
      expect.objectContaining({
        service: `cos bucket policy of ${PARTNER}`,
        action: 'name/cos:ListMultipartUploads',
        resource: `qcs::cos:ap-guangzhou:uid/1260000000:${PARTNER}/`,
        context: { 'cos:prefix': 'keys-only/ckafka-test1234/big/' },
      }),
    ]);
  } finally {
    cos.setBucketPolicy(PARTNER, undefined);
  }
});
