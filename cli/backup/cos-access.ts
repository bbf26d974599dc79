// The COS client of the CLI, and COS failures explained in terms of the command line: which
// option, credential or endpoint setting to check, instead of the SDK's error.
import { SETTINGS } from '../../contract/settings';
import { CosClient, CosRequestError, createCosClient } from '../../clients/cos';
import { resolveCredentials } from './cli-credentials';
import { bucketProblem, regionProblem } from './cos-names';
import { UsageError } from '../command-line/usage-error';

/** Where a backup lives, as given on the command line. */
export interface BucketOptions {
  bucket: string;
  region: string;
  profile?: string;
}

const COS_ENDPOINT = SETTINGS.cosEndpoint.env;

/**
 * A COS client for the bucket: the region's public endpoint, or BACKUP_COS_ENDPOINT (the
 * handler's override, for private endpoints and COS-compatible servers).
 */
export function cosClientFor(options: BucketOptions, env: NodeJS.ProcessEnv = process.env): CosClient {
  checkBucketOptions(options, env);
  const credentials = resolveCredentials(options.profile, env);
  return createCosClient({ region: options.region, credentials, endpoint: env[COS_ENDPOINT] || undefined });
}

/**
 * Format checks that catch typos before a request: a COS region name, a COS bucket name with its
 * APPID (cos-names.ts), an http(s) BACKUP_COS_ENDPOINT.
 */
export function checkBucketOptions(options: BucketOptions, env: NodeJS.ProcessEnv = process.env): void {
  const region = regionProblem(options.region);
  if (region) throw new UsageError(region);
  const endpoint = env[COS_ENDPOINT];
  // With BACKUP_COS_ENDPOINT too: the backup function writes only to buckets named so, and the
  // COS SDK sends no request for a bucket without its APPID.
  const bucket = bucketProblem(options.bucket, options.region, !endpoint);
  if (bucket) throw new UsageError(bucket);
  if (endpoint && SETTINGS.cosEndpoint.type.check(endpoint).length > 0) {
    throw new UsageError(`${COS_ENDPOINT} "${endpoint}" must be an http(s) URL, such as http://127.0.0.1:9000`);
  }
}

const NETWORK_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ESOCKETTIMEDOUT']);
const CREDENTIAL_CODES = new Set([
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'AccessDenied',
  'InvalidSecretId',
  'ExpiredToken',
  'InvalidToken',
]);

/** A COS failure in words an operator can act on; a UsageError when the options are the cause. */
export function explainCosError(error: unknown, options: BucketOptions, env: NodeJS.ProcessEnv = process.env): Error {
  if (!(error instanceof CosRequestError)) return error as Error;
  const where = env[COS_ENDPOINT] ? `at ${env[COS_ENDPOINT]}` : `in region ${options.region}`;
  if (error.code === 'NoSuchBucket') {
    return new UsageError(
      `bucket "${options.bucket}" does not exist ${where}: check --bucket (with its APPID) and --region (the bucket's region)`,
    );
  }
  if (error.code && CREDENTIAL_CODES.has(error.code)) {
    return new UsageError(
      `COS refused the request (${error.code}) for bucket "${options.bucket}": check the credentials and that they may list and read it (${error.message})`,
    );
  }
  if (error.code && NETWORK_CODES.has(error.code)) {
    return new Error(
      `cannot reach COS ${where} (${error.code}): check --region, ${COS_ENDPOINT} and the network (${error.message})`,
    );
  }
  return error;
}
