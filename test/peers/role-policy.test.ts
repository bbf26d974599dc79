// The policy the peers enforce is the construct's own, for the environment a test runs.
import { evaluate } from '../support/cam-policy';
import { propsFor, rolePolicyFor, withTestAccount } from '../support/role-policy';

const ENV = {
  BACKUP_BUCKET: 'backup-1250000000',
  BACKUP_BUCKET_REGION: 'ap-guangzhou',
  BACKUP_PREFIX: 'kafka/',
  BACKUP_INSTANCE_ID: 'ckafka-test1234',
  BACKUP_TOPIC: 'orders',
  BACKUP_BOOTSTRAP_SERVERS: '127.0.0.1:9092',
  BACKUP_CONSUMER_GROUP: 'orders-backup',
  BACKUP_SAFETY_MARGIN_SECONDS: '1',
  BACKUP_FUNCTION_REGION: 'ap-guangzhou',
  BACKUP_COS_ENDPOINT: 'http://127.0.0.1:1',
};
const COS = 'qcs::cos:ap-guangzhou:uid/1250000000:backup-1250000000';

test('the environment maps back to props through the settings table', () => {
  const props = propsFor(
    { ...ENV, BACKUP_START_POSITION: 'timestamp:5', BACKUP_COMPRESSION_LEVEL: '12' },
    { functionName: 'f-1' },
  );
  expect(props).toEqual(
    expect.objectContaining({
      functionName: 'f-1',
      bucket: { name: 'backup-1250000000', region: 'ap-guangzhou' },
      prefix: 'kafka/',
      safetyMarginSeconds: 1,
      region: 'ap-guangzhou',
      kafka: {
        instanceId: 'ckafka-test1234',
        topic: 'orders',
        bootstrapServers: ['127.0.0.1:9092'],
        consumerGroup: 'orders-backup',
        startPosition: { timestamp: 5 },
      },
    }),
  );
  // A value the handler would reject is left to the construct's default.
  expect(props.compressionLevel).toBeUndefined();
  // Without the variable, the construct's default prefix (''), as the handler's.
  const { BACKUP_PREFIX: _, ...withoutPrefix } = ENV;
  expect(propsFor(withoutPrefix).prefix).toBeUndefined();
});

test('account references become the test account', () => {
  expect(
    withTestAccount(
      'uid/${data.tencentcloud_user_info.CkafkaCosBackupAccount.app_id} uin/${data.tencentcloud_user_info.x.owner_uin}',
    ),
  ).toBe('uid/1250000000 uin/100000000001');
  expect(() => withTestAccount('${aws_thing.x.id}')).toThrow(/still holds a Terraform reference/);
});

test('the construct policy, evaluated: what the handler does, and nothing beyond this topic', () => {
  const policy = rolePolicyFor(ENV, { functionName: 'orders-backup' });
  const key = `${COS}/kafka/ckafka-test1234/orders/dt=2026-11-24/hour=22/partition=0/orders+0+00000000000000000000.jsonl.gz`;
  const allowed = (action: string, resource: string, context?: Record<string, string>) =>
    evaluate(policy, { action, resource, context }).allowed;
  for (const action of [
    'PutObject',
    'PutObjectCopy',
    'InitiateMultipartUpload',
    'UploadPart',
    'CompleteMultipartUpload',
    'AbortMultipartUpload',
    'ListParts',
    'HeadObject',
    'GetObject',
  ]) {
    expect([action, allowed(`name/cos:${action}`, key)]).toEqual([action, true]);
  }
  expect(allowed('name/cos:PutObject', `${COS}/other/x`)).toBe(false);
  expect(allowed('name/cos:PutObject', `${COS}/kafka/ckafka-test1234/other-topic/x`)).toBe(false);
  expect(allowed('name/cos:DeleteObject', key)).toBe(false);
  expect(allowed('name/cos:ListMultipartUploads', `${COS}/`, { 'cos:prefix': 'kafka/ckafka-test1234/orders/' })).toBe(
    true,
  );
  expect(allowed('name/cos:ListMultipartUploads', `${COS}/`, { 'cos:prefix': 'kafka/' })).toBe(false);
  expect(allowed('name/cos:ListMultipartUploads', `${COS}/`, { 'cos:prefix': 'kafka/ckafka-test1234/other/' })).toBe(
    false,
  );
  // Operation-level in the CAM API table: granted on "*" (acknowledged), so any function name matches.
  expect(
    allowed(
      'name/scf:InvokeFunction',
      'qcs::scf:ap-guangzhou:uin/100000000001:namespace/default/function/orders-backup',
    ),
  ).toBe(true);
  expect(
    allowed('name/scf:InvokeFunction', 'qcs::scf:ap-guangzhou:uin/100000000001:namespace/default/function/other'),
  ).toBe(true);
});

test('SASL adds the one secret, created by the deploying account', () => {
  const policy = rolePolicyFor({
    ...ENV,
    BACKUP_SASL_MECHANISM: 'PLAIN',
    BACKUP_SASL_USERNAME: 'u',
    BACKUP_SASL_SECRET_NAME: 'kafka-pw',
  });
  const secret = 'qcs::ssm:ap-guangzhou:uin/100000000001:secret/creatorUin/100000000002/kafka-pw';
  expect(evaluate(policy, { action: 'name/ssm:GetSecretValue', resource: secret }).allowed).toBe(true);
  expect(evaluate(policy, { action: 'name/ssm:ListSecretVersionIds', resource: secret }).allowed).toBe(true);
  expect(
    evaluate(policy, { action: 'name/ssm:GetSecretValue', resource: secret.replace('kafka-pw', 'other') }).allowed,
  ).toBe(false);
});

test('a function deployed for the native CKafka trigger does not invoke itself', () => {
  const policy = rolePolicyFor(ENV, { triggerMode: 'ckafka' });
  expect(policy.statement.flatMap((s) => s.action)).not.toContain('name/scf:InvokeFunction');
});
