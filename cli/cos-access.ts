import { BUCKET_NAME, REGION, SETTINGS } from '../contract/settings';
import { CosClient, CosRequestError, createCosClient } from '../functions/cos/cos-client';
import { resolveCredentials } from './cli-credentials';
import { UsageError } from './usage-error';

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

/** Format checks that catch typos before a request: a COS region name, a bucket with its APPID. */
export function checkBucketOptions(options: BucketOptions, env: NodeJS.ProcessEnv = process.env): void {
  if (REGION.check(options.region).length > 0) {
    throw new UsageError(
      `--region "${options.region}" is not a COS region name, such as ap-guangzhou or na-siliconvalley`,
    );
  }
  // A COS bucket name always ends with the account's APPID; other S3-compatible servers may differ.
  if (!env[COS_ENDPOINT] && BUCKET_NAME.check(options.bucket).length > 0) {
    throw new UsageError(
      `--bucket "${options.bucket}" is not a COS bucket name: it is <name>-<APPID>, such as backup-1250000000`,
    );
  }
  const endpoint = env[COS_ENDPOINT];
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
