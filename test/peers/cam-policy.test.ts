// What this suite proves: the test peers' CAM policy evaluator follows COS's documented rules for
// actions, resources, deny and conditions, so that their policy checks can be trusted.
import { PolicyDocument, PolicyStatement, evaluate, globMatch } from '../support/cam-policy';

const OBJECTS = 'qcs::cos:ap-guangzhou:uid/1250000000:backup-1250000000';
const KEY = `${OBJECTS}/kafka/ckafka-x/orders/partition=0/orders+0+00000000000000000000.jsonl.gz`;
const BUCKET_ITSELF = `${OBJECTS}/`;

const policy = (...statement: PolicyStatement[]): PolicyDocument => ({ version: '2.0', statement });
const allow = (action: string[], resource: string[], condition?: PolicyStatement['condition']): PolicyStatement => ({
  effect: 'allow',
  action,
  resource,
  ...(condition ? { condition } : {}),
});
const listUploads = (prefix: string) => ({
  action: 'name/cos:ListMultipartUploads',
  resource: BUCKET_ITSELF,
  context: { 'cos:prefix': prefix },
});

describe('actions and resources', () => {
  test('an action is allowed only where a statement names it and its resource', () => {
    const p = policy(allow(['name/cos:PutObject'], [`${OBJECTS}/kafka/*`]));
    expect(evaluate(p, { action: 'name/cos:PutObject', resource: KEY }).allowed).toBe(true);
    expect(evaluate(p, { action: 'name/cos:PutObjectCopy', resource: KEY })).toEqual({
      allowed: false,
      reason: `no statement allows name/cos:PutObjectCopy on ${KEY}`,
      findings: [],
    });
    expect(evaluate(p, { action: 'name/cos:PutObject', resource: `${OBJECTS}/other/k` }).allowed).toBe(false);
    expect(
      evaluate(p, {
        action: 'name/cos:PutObject',
        resource: 'qcs::cos:ap-guangzhou:uid/1250000000:other-1250000000/kafka/k',
      }).allowed,
    ).toBe(false);
  });

  test('nothing is allowed by an empty policy', () => {
    expect(evaluate(policy(), { action: 'name/cos:GetObject', resource: KEY }).allowed).toBe(false);
  });

  test('"*" in an action or resource matches any run of characters', () => {
    expect(
      evaluate(policy(allow(['name/cos:*'], ['*'])), { action: 'name/cos:DeleteObject', resource: KEY }).allowed,
    ).toBe(true);
    expect(
      evaluate(policy(allow(['name/cos:*'], ['*'])), { action: 'name/scf:InvokeFunction', resource: KEY }).allowed,
    ).toBe(false);
    expect(
      evaluate(policy(allow(['name/cos:Get*'], [`${OBJECTS}/*`])), { action: 'name/cos:GetObject', resource: KEY })
        .allowed,
    ).toBe(true);
    // The bucket's own resource ends in "/": "<bucket>/*" covers it, "<bucket>/kafka/*" does not.
    expect(
      evaluate(policy(allow(['name/cos:GetBucket'], [`${OBJECTS}/*`])), {
        action: 'name/cos:GetBucket',
        resource: BUCKET_ITSELF,
      }).allowed,
    ).toBe(true);
    expect(
      evaluate(policy(allow(['name/cos:GetBucket'], [`${OBJECTS}/kafka/*`])), {
        action: 'name/cos:GetBucket',
        resource: BUCKET_ITSELF,
      }).allowed,
    ).toBe(false);
  });

  test('matching is exact apart from "*": case and regular-expression characters count', () => {
    expect(globMatch('name/cos:putobject', 'name/cos:PutObject')).toBe(false);
    expect(globMatch('a.b+c', 'a.b+c')).toBe(true);
    expect(globMatch('a.b+c', 'aXbbc')).toBe(false);
    expect(globMatch('a*c', 'ac')).toBe(true);
    expect(globMatch('a*c', 'a\nc')).toBe(true);
    expect(globMatch('kafka/*', 'kafka')).toBe(false);
  });

  test('single strings are accepted where lists are usual', () => {
    const p = policy({ effect: 'allow', action: 'name/cos:GetObject', resource: `${OBJECTS}/*` });
    expect(evaluate(p, { action: 'name/cos:GetObject', resource: KEY }).allowed).toBe(true);
  });

  test('a statement without a resource grants nothing', () => {
    expect(
      evaluate(policy({ effect: 'allow', action: ['name/cos:GetObject'] }), {
        action: 'name/cos:GetObject',
        resource: KEY,
      }).allowed,
    ).toBe(false);
  });
});

describe('allow and deny', () => {
  test('an explicit deny wins over any allow, in either order', () => {
    const deny: PolicyStatement = {
      effect: 'deny',
      action: ['name/cos:PutObject'],
      resource: [`${OBJECTS}/kafka/ckafka-x/*`],
    };
    const wide = allow(['name/cos:*'], [`${OBJECTS}/*`]);
    for (const p of [policy(wide, deny), policy(deny, wide)]) {
      const decision = evaluate(p, { action: 'name/cos:PutObject', resource: KEY });
      expect(decision.allowed).toBe(false);
      expect(decision.reason).toMatch(/^explicitly denied by statement [01]$/);
      expect(evaluate(p, { action: 'name/cos:PutObject', resource: `${OBJECTS}/kafka/other` }).allowed).toBe(true);
    }
  });

  test('an effect other than allow or deny is reported and grants nothing', () => {
    const decision = evaluate(policy({ effect: 'Allow', action: ['name/cos:GetObject'], resource: ['*'] }), {
      action: 'name/cos:GetObject',
      resource: KEY,
    });
    expect(decision.allowed).toBe(false);
    expect(decision.findings).toEqual(['statement 0: effect "Allow" is neither "allow" nor "deny"']);
  });
});

describe('conditions', () => {
  const onBucket = (condition: PolicyStatement['condition']) =>
    policy(allow(['name/cos:ListMultipartUploads'], [`${OBJECTS}/*`], condition));

  test('cos:prefix values are URL-encoded: "/" must be written %2F', () => {
    expect(
      evaluate(onBucket({ string_equal: { 'cos:prefix': ['kafka%2Fckafka-x%2F'] } }), listUploads('kafka/ckafka-x/'))
        .allowed,
    ).toBe(true);
    const literal = evaluate(
      onBucket({ string_equal: { 'cos:prefix': ['kafka/ckafka-x/'] } }),
      listUploads('kafka/ckafka-x/'),
    );
    expect(literal.allowed).toBe(false);
    expect(literal.reason).toContain(
      'condition string_equal cos:prefix ["kafka/ckafka-x/"] does not hold for "kafka%2Fckafka-x%2F"',
    );
  });

  test('string_like is a glob over the encoded value', () => {
    expect(
      evaluate(onBucket({ string_like: { 'cos:prefix': ['kafka%2F*'] } }), listUploads('kafka/ckafka-x/orders/'))
        .allowed,
    ).toBe(true);
    // The construct's form: a literal "/" never matches an encoded prefix.
    expect(
      evaluate(onBucket({ string_like: { 'cos:prefix': ['kafka/*'] } }), listUploads('kafka/ckafka-x/orders/')).allowed,
    ).toBe(false);
    expect(evaluate(onBucket({ string_like: { 'cos:prefix': ['*'] } }), listUploads('anything/at/all')).allowed).toBe(
      true,
    );
  });

  test('string_not_equal holds for every other value', () => {
    const p = onBucket({ string_not_equal: { 'cos:prefix': ['secret%2F'] } });
    expect(evaluate(p, listUploads('kafka/')).allowed).toBe(true);
    expect(evaluate(p, listUploads('secret/')).allowed).toBe(false);
  });

  test('values of one key are alternatives; keys and operators must all hold', () => {
    const either = onBucket({ string_equal: { 'cos:prefix': ['a%2F', 'b%2F'] } });
    expect(evaluate(either, listUploads('b/')).allowed).toBe(true);
    expect(evaluate(either, listUploads('c/')).allowed).toBe(false);
    const both = onBucket({ string_like: { 'cos:prefix': ['a*'] }, string_not_equal: { 'cos:prefix': ['ab'] } });
    expect(evaluate(both, listUploads('ac')).allowed).toBe(true);
    expect(evaluate(both, listUploads('ab')).allowed).toBe(false);
  });

  test('keys other than cos:prefix are compared as they are', () => {
    const p = policy(
      allow(['name/cos:PutObject'], ['*'], { string_equal: { 'cos:x-cos-storage-class': ['STANDARD_IA'] } }),
    );
    expect(
      evaluate(p, {
        action: 'name/cos:PutObject',
        resource: KEY,
        context: { 'cos:x-cos-storage-class': 'STANDARD_IA' },
      }).allowed,
    ).toBe(true);
  });

  test('a key the request does not carry does not hold', () => {
    const decision = evaluate(onBucket({ string_not_equal: { 'cos:prefix': ['x'] } }), {
      action: 'name/cos:ListMultipartUploads',
      resource: BUCKET_ITSELF,
    });
    expect(decision.allowed).toBe(false);
    expect(decision.reason).toContain('the request carries no cos:prefix');
  });

  test('an unknown operator makes the statement not apply, allow or deny, and is reported', () => {
    const unknown = onBucket({ string_equal_ignore_case: { 'cos:prefix': ['kafka%2F'] } });
    const decision = evaluate(unknown, listUploads('kafka/'));
    expect(decision).toEqual({
      allowed: false,
      reason: expect.stringContaining('statement 0: unknown condition operator "string_equal_ignore_case"'),
      findings: ['statement 0: unknown condition operator "string_equal_ignore_case"'],
    });
    const deny: PolicyStatement = {
      effect: 'deny',
      action: ['name/cos:*'],
      resource: ['*'],
      condition: { ip_not_in_range: { 'qcs:ip': ['10.0.0.0/8'] } },
    };
    const withDeny = evaluate(policy(allow(['name/cos:GetObject'], ['*']), deny), {
      action: 'name/cos:GetObject',
      resource: KEY,
    });
    expect(withDeny.allowed).toBe(true);
    expect(withDeny.findings).toEqual(['statement 1: unknown condition operator "ip_not_in_range"']);
  });
});
