// What this suite proves: the test peers read a COS bucket policy as COS documents it, the
// statements of the one principal asked for, in either letter case but never a mix, so that the
// COS server's bucket-policy check (a bucket of another account) can be trusted.
import { bucketPolicyFor } from '../support/bucket-policy';
import { evaluate } from '../support/cam-policy';

const ACCOUNT = 'qcs::cam::uin/100000000001:uin/100000000001';
const OTHER = 'qcs::cam::uin/100000000009:uin/100000000009';
const BUCKET = 'qcs::cos:ap-guangzhou:uid/1260000000:partner-1260000000';
const listUploads = (prefix: string) => ({
  action: 'name/cos:ListMultipartUploads',
  resource: `${BUCKET}/`,
  context: { 'cos:prefix': prefix },
});

const capitalised = {
  Statement: [
    {
      Principal: { qcs: [ACCOUNT] },
      Effect: 'allow',
      Action: ['name/cos:ListMultipartUploads'],
      Resource: [`${BUCKET}/*`],
      Condition: { string_equal: { 'cos:prefix': ['kafka%2F'] } },
    },
    { Principal: { qcs: [OTHER] }, Effect: 'allow', Action: ['name/cos:PutObject'], Resource: [`${BUCKET}/*`] },
  ],
  version: '2.0',
};

test("a capitalised policy: the principal's statements, conditions included", () => {
  const read = bucketPolicyFor(capitalised, ACCOUNT);
  expect(read.statement).toHaveLength(1);
  expect(evaluate(read, listUploads('kafka/')).allowed).toBe(true);
  expect(evaluate(read, listUploads('other/')).allowed).toBe(false);
  // Granted to another account only.
  expect(evaluate(read, { action: 'name/cos:PutObject', resource: `${BUCKET}/kafka/k` }).allowed).toBe(false);
});

test('a lower-case policy reads the same', () => {
  const lower = {
    version: '2.0',
    statement: capitalised.Statement.map(({ Principal, Effect, Action, Resource, ...rest }) => ({
      principal: Principal,
      effect: Effect,
      action: Action,
      resource: Resource,
      ...('Condition' in rest ? { condition: rest.Condition } : {}),
    })),
  };
  expect(bucketPolicyFor(lower, ACCOUNT)).toEqual(bucketPolicyFor(capitalised, ACCOUNT));
});

test('a policy mixing the letter cases, or with an element COS does not document, is refused', () => {
  const [first, second] = capitalised.Statement;
  const { Condition, ...withoutCondition } = first;
  const mixed = { ...capitalised, Statement: [{ ...withoutCondition, condition: Condition }, second] };
  expect(() => bucketPolicyFor(mixed, ACCOUNT)).toThrow(/statement 0: elements \["condition"\]/);
  expect(() => bucketPolicyFor({ ...capitalised, Version: '2.0' }, ACCOUNT)).toThrow(/elements/);
});
