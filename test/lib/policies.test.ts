// What a bucket in another account must grant: bucketPolicyStatements cover every COS action,
// resource and condition the role's CAM policy grants for the bucket, to the function's account,
// in the spelling COS documents for bucket policies, and nothing more.
import {
  BackupScope,
  BucketPolicyStatement,
  PolicyStatement,
  accountPrincipal,
  bucketPolicy,
  bucketPolicyStatements,
  executionPolicy,
} from '../../lib/policies';

const SCOPE: BackupScope = {
  bucketName: 'partner-1260000000',
  bucketRegion: 'ap-guangzhou',
  appId: '1260000000',
  prefix: 'kafka/',
  instanceId: 'ckafka-abc123',
  topics: ['orders'],
  functionRegion: 'ap-guangzhou',
  ownerUin: '100000000001',
  namespace: 'default',
  functionName: 'orders-backup',
  roleName: 'orders-backup-role',
};

/** A statement as one grant per action: `<effect> <action> on <resource> if <condition>`. */
function grants(statement: { effect: string; action: string[]; resource?: string[]; condition?: unknown }): string[] {
  return statement.action.flatMap((action) =>
    (statement.resource ?? []).map(
      (resource) => `${statement.effect} ${action} on ${resource} if ${JSON.stringify(statement.condition ?? {})}`,
    ),
  );
}

const lowerCase = (s: BucketPolicyStatement): PolicyStatement => ({
  effect: s.Effect,
  action: s.Action,
  resource: s.Resource,
  ...(s.Condition ? { condition: s.Condition } : {}),
});

describe.each([
  ['a prefix', SCOPE],
  ["the default prefix ''", { ...SCOPE, prefix: '' }],
])('bucketPolicyStatements with %s', (_, scope) => {
  const statements = bucketPolicyStatements(scope);
  const cosGrants = (policy: PolicyStatement[]) =>
    policy.filter((s) => s.action.some((a) => a.startsWith('name/cos:'))).flatMap(grants);

  test("grant exactly the COS actions, resources and conditions of the role's policy", () => {
    const role = cosGrants(executionPolicy(scope, { invokeSelf: true }).statement);
    expect(role).toContain(
      `allow name/cos:ListMultipartUploads on qcs::cos:ap-guangzhou:uid/1260000000:partner-1260000000/* if ` +
        JSON.stringify({ string_equal: { 'cos:prefix': listPrefixSpellings(scope) } }),
    );
    expect(cosGrants(statements.map(lowerCase)).sort()).toEqual(role.sort());
  });

  test("to the function's account only", () => {
    for (const statement of statements) expect(statement.Principal).toEqual({ qcs: [accountPrincipal(scope)] });
  });

  test('in the one spelling COS documents for bucket policies: capitalised keys, lower-case version', () => {
    expect(Object.keys(bucketPolicy(scope))).toEqual(['Statement', 'version']);
    for (const statement of statements) {
      for (const key of Object.keys(statement)) {
        expect(['Principal', 'Effect', 'Action', 'Resource', 'Condition']).toContain(key);
      }
    }
  });
});

/** The listing prefix of the backup's keys, URL-encoded and literal (see listOwnUploadsStatement). */
function listPrefixSpellings(scope: BackupScope): string[] {
  const keys = `${scope.prefix}${scope.instanceId}/${scope.topics![0]}/`;
  return [encodeURIComponent(keys), keys];
}
