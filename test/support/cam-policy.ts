// A small CAM policy evaluator, as COS and CAM document it, for the test peers: they check each
// request of the function's role against the policy the construct writes, as the real services
// do. Pure functions; no I/O.
//
// Rules:
// - a statement applies when its action, resource and condition all match; `*` in an action or
//   resource pattern matches any run of characters (also none);
// - an applying deny wins; otherwise an applying allow allows; otherwise the request is denied;
// - conditions: every operator of a statement must hold, and within one operator every key; a
//   key holds when the request value matches any of the listed values. A key the request does not
//   carry does not hold;
// - operators: `string_equal`, `string_not_equal` (the ones COS documents for its string keys) and
//   `string_like` (glob). Any other operator makes the statement not apply, and is reported;
// - `cos:prefix`: COS documents that its values are URL-encoded (`/` written `%2F`), so the
//   request's prefix is encoded with encodeURIComponent and compared with the value as written.

export interface PolicyStatement {
  readonly effect: string;
  readonly action?: string | readonly string[];
  readonly resource?: string | readonly string[];
  readonly condition?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
}

export interface PolicyDocument {
  readonly version?: string;
  readonly statement: readonly PolicyStatement[];
}

/** One authorization a request needs: action, six-segment resource and the condition keys it carries. */
export interface AccessRequest {
  readonly action: string;
  readonly resource: string;
  readonly context?: Readonly<Record<string, string>>;
}

export interface Decision {
  readonly allowed: boolean;
  /** Why, in words: the statement that decided, or what no statement matched. */
  readonly reason: string;
  /** Things in the policy this evaluator could not honour (unknown operator, bad effect...). */
  readonly findings: string[];
}

/** Condition keys whose policy values COS documents as URL-encoded. */
const URL_ENCODED_KEYS = new Set(['cos:prefix']);

const OPERATORS: Record<string, (actual: string, expected: readonly string[]) => boolean> = {
  string_equal: (actual, expected) => expected.includes(actual),
  string_not_equal: (actual, expected) => !expected.includes(actual),
  string_like: (actual, expected) => expected.some((pattern) => globMatch(pattern, actual)),
};

export function evaluate(policy: PolicyDocument, request: AccessRequest): Decision {
  const findings: string[] = [];
  let allowedBy: number | undefined;
  const notMet: string[] = [];
  for (const [index, statement] of policy.statement.entries()) {
    const match = statementMatch(statement, request, findings, index);
    if (match === 'no') continue;
    if (match !== 'yes') {
      notMet.push(`statement ${index}: ${match}`);
      continue;
    }
    if (statement.effect === 'deny')
      return { allowed: false, reason: `explicitly denied by statement ${index}`, findings };
    allowedBy ??= index;
  }
  if (allowedBy !== undefined) return { allowed: true, reason: `allowed by statement ${allowedBy}`, findings };
  const detail = notMet.length > 0 ? `; ${notMet.join('; ')}` : '';
  return { allowed: false, reason: `no statement allows ${request.action} on ${request.resource}${detail}`, findings };
}

/**
 * 'yes' when the statement applies, 'no' when its action or resource is another one, or the
 * reason its condition (or effect) fails for a statement that names this action and resource.
 */
function statementMatch(
  statement: PolicyStatement,
  request: AccessRequest,
  findings: string[],
  index: number,
): 'yes' | 'no' | string {
  if (!listOf(statement.action).some((pattern) => globMatch(pattern, request.action))) return 'no';
  if (!listOf(statement.resource).some((pattern) => globMatch(pattern, request.resource))) return 'no';
  if (statement.effect !== 'allow' && statement.effect !== 'deny') {
    findings.push(`statement ${index}: effect ${JSON.stringify(statement.effect)} is neither "allow" nor "deny"`);
    return `effect ${JSON.stringify(statement.effect)} is not recognised`;
  }
  for (const [operator, keys] of Object.entries(statement.condition ?? {})) {
    const test = OPERATORS[operator];
    if (!test) {
      findings.push(`statement ${index}: unknown condition operator "${operator}"`);
      return `unknown condition operator "${operator}"`;
    }
    for (const [key, values] of Object.entries(keys)) {
      const raw = request.context?.[key];
      if (raw === undefined) return `condition ${operator} ${key}: the request carries no ${key}`;
      const actual = URL_ENCODED_KEYS.has(key) ? encodeURIComponent(raw) : raw;
      if (!test(actual, listOf(values))) {
        return `condition ${operator} ${key} ${JSON.stringify(listOf(values))} does not hold for ${JSON.stringify(actual)}`;
      }
    }
  }
  return 'yes';
}

/** `*` matches any run of characters, including none; everything else matches itself. */
export function globMatch(pattern: string, text: string): boolean {
  const regex = new RegExp(`^${pattern.split('*').map(escapeRegExp).join('.*')}$`, 's');
  return regex.test(text);
}

function listOf(value: string | readonly string[] | undefined): readonly string[] {
  if (value === undefined) return [];
  return typeof value === 'string' ? [value] : value;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
