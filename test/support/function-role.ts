// Gives a handler run the credentials of its execution role: when the environment points at
// enforcing peers (COS, SCF or SSM endpoint), the policy the construct writes for that
// environment is set on them for a SecretId of its own, and the run signs with it. So each
// request of the handler is checked as the real services would check it.
import { createHash } from 'crypto';
import { enforcingPeerAt } from './access-control';
import { PolicyDocument } from './cam-policy';
import { rolePolicyFor } from './role-policy';

export interface FunctionRoleOptions {
  functionName?: string;
  namespace?: string;
  /** The event of the run: a CKafka trigger batch means a function deployed in `ckafka` mode. */
  event?: unknown;
  /** Changes the construct's policy for this run, e.g. to show that an action is needed. */
  editPolicy?: (policy: PolicyDocument) => PolicyDocument;
}

/** SecretIds of roles start with this; each policy gets its own. */
export const ROLE_SECRET_ID_PREFIX = 'AKIDscfrole';

/** `env` with the role's keys when it points at an enforcing peer; otherwise `env` unchanged. */
export function withFunctionRole(
  env: Record<string, string>,
  options: FunctionRoleOptions = {},
): Record<string, string> {
  const peers = [env.BACKUP_COS_ENDPOINT, env.BACKUP_SCF_ENDPOINT, env.BACKUP_SSM_ENDPOINT]
    .map(enforcingPeerAt)
    .filter((p) => p !== undefined);
  if (peers.length === 0) return env;
  const isCkafkaBatch = Array.isArray((options.event as { Records?: unknown } | undefined)?.Records);
  const policy = rolePolicyFor(env, {
    functionName: options.functionName,
    namespace: options.namespace,
    triggerMode: isCkafkaBatch ? 'ckafka' : 'timer',
  });
  const edited = options.editPolicy ? options.editPolicy(structuredClone(policy)) : policy;
  const secretId =
    ROLE_SECRET_ID_PREFIX + createHash('sha256').update(JSON.stringify(edited)).digest('hex').slice(0, 16);
  for (const peer of peers) peer.setPolicy(secretId, edited);
  return { ...env, TENCENTCLOUD_SECRETID: secretId, TENCENTCLOUD_SECRETKEY: 'role-secret-key' };
}
