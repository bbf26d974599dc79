// A COS bucket policy as the CAM evaluator of the test peers reads it (cam-policy.ts): the
// statements of one principal, with their elements in the evaluator's lower case. A request from
// another account than the bucket's owner needs both this and its own CAM policy to allow it.
//
// COS documents bucket policies in two spellings: capitalised (`Statement`, `Principal`, `Effect`,
// `Action`, `Resource`, `Condition`, with a lower-case `version`: PUT/GET Bucket policy, 436/8282
// and 436/8276; the C++ SDK's sample, 436/54750) and all lower case (the condition-key pages,
// intl 436/46206), and wants all elements of one policy in one letter case (436/46206). A policy
// that mixes them, or has an element this reader does not know, is refused, not half read.
import { PolicyDocument, PolicyStatement } from './cam-policy';

const ELEMENTS = ['principal', 'effect', 'action', 'resource', 'condition'] as const;
const capitalised = (name: string): string => name[0].toUpperCase() + name.slice(1);

/**
 * The statements of `policy` (a bucket policy, parsed) whose principal lists `principal`, as a
 * document for `evaluate`. Throws on a policy COS's documents do not describe.
 */
export function bucketPolicyFor(policy: unknown, principal: string): PolicyDocument {
  const document = policy as Record<string, unknown>;
  const keys = Object.keys(document).sort();
  const upper = 'Statement' in document;
  const expected = upper ? ['Statement', 'version'] : ['statement', 'version'];
  if (keys.join() !== expected.join()) {
    throw new Error(`bucket policy: elements ${JSON.stringify(keys)}, expected ${JSON.stringify(expected)}`);
  }
  const statements = document[upper ? 'Statement' : 'statement'] as Record<string, unknown>[];
  const spelled = (name: string): string => (upper ? capitalised(name) : name);
  const read: PolicyStatement[] = [];
  for (const [index, statement] of statements.entries()) {
    const known = ELEMENTS.map(spelled);
    const unknown = Object.keys(statement).filter((key) => !known.includes(key));
    if (unknown.length > 0) {
      throw new Error(
        `bucket policy statement ${index}: elements ${JSON.stringify(unknown)} are not among ${JSON.stringify(known)} ` +
          '(one letter case for every element of a policy, 436/46206)',
      );
    }
    const principals = (statement[spelled('principal')] as { qcs?: string[] } | undefined)?.qcs ?? [];
    if (!principals.includes(principal)) continue;
    read.push({
      effect: statement[spelled('effect')] as string,
      action: statement[spelled('action')] as string[],
      resource: statement[spelled('resource')] as string[],
      ...(statement[spelled('condition')]
        ? { condition: statement[spelled('condition')] as PolicyStatement['condition'] }
        : {}),
    });
  }
  return { version: document.version as string, statement: read };
}
