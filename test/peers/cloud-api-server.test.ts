// The Cloud API peer checks a role's calls as SCF and SSM do, seen through the SDKs the handler uses.
import { scfClient, ssmClient } from '../../functions/cloud-api';
import { CloudApiServer, startCloudApiServer } from '../support/cloud-api-server';

let api: CloudApiServer;
const ROLE = { secretId: 'AKIDrole', secretKey: 'k' };
const FUNCTION = 'qcs::scf:ap-guangzhou:uin/100000000001:namespace/default/function/orders-backup';
const SECRET = 'qcs::ssm:ap-guangzhou:uin/100000000001:secret/creatorUin/100000000002/kafka-pw';

beforeEach(async () => {
  api = await startCloudApiServer((call) =>
    call.action === 'Invoke' ? { Result: { FunctionRequestId: 'r' } } : { SecretString: 's', Versions: [] },
  );
  api.setPolicy('AKIDrole', {
    version: '2.0',
    statement: [
      { effect: 'allow', action: ['name/scf:InvokeFunction'], resource: [FUNCTION] },
      { effect: 'allow', action: ['name/ssm:GetSecretValue'], resource: [SECRET] },
    ],
  });
});
afterEach(() => api.stop());

test('SCF Invoke is checked on the function, in its namespace and region', async () => {
  const scf = await scfClient('ap-guangzhou', ROLE, api.endpoint);
  await scf.Invoke({ FunctionName: 'orders-backup', Namespace: 'default', InvocationType: 'Event' });
  await expect(scf.Invoke({ FunctionName: 'other', InvocationType: 'Event' })).rejects.toMatchObject({
    code: 'AuthFailure.UnauthorizedOperation',
  });
  const elsewhere = await scfClient('ap-shanghai', ROLE, api.endpoint);
  await expect(elsewhere.Invoke({ FunctionName: 'orders-backup', InvocationType: 'Event' })).rejects.toMatchObject({
    code: 'AuthFailure.UnauthorizedOperation',
  });
  expect(api.denied.map((d) => [d.service, d.action, d.resource])).toEqual([
    ['scf', 'name/scf:InvokeFunction', FUNCTION.replace(/orders-backup$/, 'other')],
    ['scf', 'name/scf:InvokeFunction', FUNCTION.replace('ap-guangzhou', 'ap-shanghai')],
  ]);
});

test('SSM calls are checked on the secret; other credentials are not checked', async () => {
  const ssm = await ssmClient('ap-guangzhou', ROLE, api.endpoint);
  await ssm.GetSecretValue({ SecretName: 'kafka-pw', VersionId: 'v1' });
  await expect(ssm.ListSecretVersionIds({ SecretName: 'kafka-pw' })).rejects.toMatchObject({
    code: 'AuthFailure.UnauthorizedOperation',
  });
  const harness = await ssmClient('ap-guangzhou', { secretId: 'test-id', secretKey: 'k' }, api.endpoint);
  await harness.ListSecretVersionIds({ SecretName: 'kafka-pw' });
  expect(api.denied).toEqual([
    expect.objectContaining({
      service: 'ssm',
      secretId: 'AKIDrole',
      action: 'name/ssm:ListSecretVersionIds',
      resource: SECRET,
    }),
  ]);
});
