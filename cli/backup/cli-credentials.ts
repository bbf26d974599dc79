// Where the CLI finds Tencent Cloud keys: the places the Tencent Cloud SDKs, tccli and the
// Terraform provider use, so a machine set up for any of them needs nothing more.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CloudCredentials } from '../../clients';
import { credentialsFromEnv } from '../../clients';
import { UsageError } from '../command-line/usage-error';

/**
 * Tencent Cloud keys for the command line, first found wins:
 * 1. `--profile NAME`: that profile from a credentials file (below), nothing else;
 * 2. TENCENTCLOUD_SECRETID / TENCENTCLOUD_SECRETKEY / TENCENTCLOUD_SESSIONTOKEN (the handler's names);
 * 3. TENCENTCLOUD_SECRET_ID / TENCENTCLOUD_SECRET_KEY / TENCENTCLOUD_SECURITY_TOKEN (the Terraform provider's);
 * 4. the profile TENCENTCLOUD_PROFILE (or `default`) from a credentials file, when one exists.
 * Credentials files: `~/.tencentcloud/credentials` (INI, `[name]` with secret_id, secret_key,
 * optional token, as the Tencent Cloud SDKs read it), then `<dir>/<name>.credential` (JSON with
 * secretId, secretKey, optional token, as tccli writes it) in TENCENTCLOUD_SHARED_CREDENTIALS_DIR
 * or `~/.tccli`.
 */
export function resolveCredentials(
  profile: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): CloudCredentials {
  if (profile !== undefined) {
    const found = readProfile(profile, env);
    if (!found) {
      throw new UsageError(
        `--profile ${profile}: no such profile with secret_id and secret_key in ${profileFiles(profile, env).join(' or ')}`,
      );
    }
    return found;
  }
  if (env.TENCENTCLOUD_SECRETID || env.TENCENTCLOUD_SECRETKEY) {
    try {
      return credentialsFromEnv(env);
    } catch {
      throw new UsageError('set both TENCENTCLOUD_SECRETID and TENCENTCLOUD_SECRETKEY (only one of them is set)');
    }
  }
  if (env.TENCENTCLOUD_SECRET_ID || env.TENCENTCLOUD_SECRET_KEY) {
    if (!env.TENCENTCLOUD_SECRET_ID || !env.TENCENTCLOUD_SECRET_KEY) {
      throw new UsageError('set both TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY (only one of them is set)');
    }
    const sessionToken = env.TENCENTCLOUD_SECURITY_TOKEN || env.TENCENTCLOUD_SESSION_TOKEN || undefined;
    return { secretId: env.TENCENTCLOUD_SECRET_ID, secretKey: env.TENCENTCLOUD_SECRET_KEY, sessionToken };
  }
  const fromFile = readProfile(env.TENCENTCLOUD_PROFILE || 'default', env);
  if (fromFile) return fromFile;
  throw new UsageError(
    'no Tencent Cloud credentials: export TENCENTCLOUD_SECRETID and TENCENTCLOUD_SECRETKEY ' +
      '(or TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY; add TENCENTCLOUD_SESSIONTOKEN for temporary keys), ' +
      'or put a [default] profile with secret_id and secret_key in ~/.tencentcloud/credentials and pass --profile NAME for another one',
  );
}

function profileFiles(profile: string, env: NodeJS.ProcessEnv): string[] {
  const home = os.homedir();
  const tccliDir = env.TENCENTCLOUD_SHARED_CREDENTIALS_DIR || path.join(home, '.tccli');
  return [path.join(home, '.tencentcloud', 'credentials'), path.join(tccliDir, `${profile}.credential`)];
}

function readProfile(profile: string, env: NodeJS.ProcessEnv): CloudCredentials | undefined {
  const [iniFile, tccliFile] = profileFiles(profile, env);
  const ini = readText(iniFile);
  if (ini !== undefined) {
    const section = iniSection(ini, profile);
    if (section?.secret_id && section.secret_key) {
      return { secretId: section.secret_id, secretKey: section.secret_key, sessionToken: section.token || undefined };
    }
  }
  const json = readText(tccliFile);
  if (json !== undefined) {
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(json) as Record<string, unknown>;
    } catch (error) {
      throw new UsageError(`${tccliFile} is not valid JSON (${(error as Error).message})`);
    }
    if (
      typeof parsed.secretId === 'string' &&
      parsed.secretId &&
      typeof parsed.secretKey === 'string' &&
      parsed.secretKey
    ) {
      const token = typeof parsed.token === 'string' && parsed.token ? parsed.token : undefined;
      return { secretId: parsed.secretId, secretKey: parsed.secretKey, sessionToken: token };
    }
  }
  return undefined;
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** The `key = value` pairs of one `[name]` section; `#` and `;` start comments. */
function iniSection(text: string, name: string): Record<string, string> | undefined {
  let current: string | undefined;
  let found: Record<string, string> | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[\s*(.+?)\s*\]$/.exec(line);
    if (header) {
      current = header[1];
      if (current === name) found = found ?? {};
      continue;
    }
    const pair = /^([^=]+?)\s*=\s*(.*)$/.exec(line);
    if (pair && current === name && found) found[pair[1].toLowerCase()] = pair[2];
  }
  return found;
}
