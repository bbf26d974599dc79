// The keys the COS and Cloud API clients sign with, taken from the environment as SCF sets it for
// the function's execution role (the CLI has more sources, cli/backup/cli-credentials.ts).

/**
 * The execution role's temporary keys, which SCF puts into the environment of every
 * invocation (refreshed by the platform), or long-lived keys for local runs.
 */
export interface CloudCredentials {
  readonly secretId: string;
  readonly secretKey: string;
  readonly sessionToken?: string;
}

export function credentialsFromEnv(env: Record<string, string | undefined> = process.env): CloudCredentials {
  const secretId = env.TENCENTCLOUD_SECRETID;
  const secretKey = env.TENCENTCLOUD_SECRETKEY;
  if (!secretId || !secretKey) {
    throw new Error(
      'TENCENTCLOUD_SECRETID and TENCENTCLOUD_SECRETKEY are not set: give the function an execution role ' +
        '(the construct does), or export them for a local run',
    );
  }
  return { secretId, secretKey, sessionToken: env.TENCENTCLOUD_SESSIONTOKEN || undefined };
}
