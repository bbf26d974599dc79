// The COS names on the command line, checked before any request so that a typo is a usage error
// that names the option, the value and the rule, not an SDK message after a round trip.
//
// Buckets follow the COS bucket naming conventions (Tencent Cloud COS documentation, "Bucket
// Overview", section "Bucket Naming Conventions": https://www.tencentcloud.com/document/product/436/13312,
// in Chinese https://cloud.tencent.com/document/product/436/13312):
// - a bucket is <BucketName>-<APPID>, the APPID being the account's number;
// - BucketName holds only lowercase letters, digits and "-", and neither starts nor ends with "-";
// - the domain <BucketName>-<APPID>.cos.<Region>.myqcloud.com is at most 60 characters
//   (contract/bucket-domain.ts), so the longest bucket name depends on the region.
// The handler refuses any bucket outside contract/settings.ts BUCKET_NAME (the same characters,
// an APPID of 5 to 12 digits, a BucketName of at most 50 characters) whatever its endpoint, so no
// backup can be in such a bucket; and cos-nodejs-sdk-v5 refuses any name not ending in -<digits>.
//
// Regions are lowercase parts joined by "-": <area>-<city>, sometimes with a qualifier, such as
// ap-guangzhou, na-siliconvalley or ap-shanghai-fsi (COS "Regions and Access Endpoints",
// https://cloud.tencent.com/document/product/436/6224, the page the COS SDK's own region warning
// points to). Regions are not listed here: new ones appear.
import { bucketDomainProblem } from '../../contract/bucket-domain';
import { BUCKET_NAME, REGION } from '../../contract/settings';

const APPID_DIGITS = { min: 5, max: 12 };
/** The handler's limit (BUCKET_NAME); COS's domain limit is lower in every region. */
const MAX_NAME_CHARACTERS = 50;
const BUCKET_NAME_PART = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

/** Why `region` cannot be a COS region, or undefined. */
export function regionProblem(region: string): string | undefined {
  if (REGION.check(region).length === 0) return undefined;
  return (
    `--region "${region}" is not a COS region: lowercase letters and digits in parts joined by "-" (the first part letters only), ` +
    'such as ap-guangzhou, ap-shanghai-fsi or na-siliconvalley'
  );
}

/**
 * Why `bucket` cannot be a COS bucket holding a backup, or undefined. `cosDomain`: the bucket is
 * reached at COS's own domain for `region`, so that domain's length limit applies too (with
 * BACKUP_COS_ENDPOINT the handler's limit of 50 characters before the APPID applies instead).
 */
export function bucketProblem(bucket: string, region: string, cosDomain: boolean): string | undefined {
  const not = `--bucket "${bucket}" is not a COS bucket name`;
  const example = 'such as backup-1250000000';
  const appId = /-(\d+)$/.exec(bucket)?.[1];
  if (appId === undefined) {
    return `${not}: a bucket is <BucketName>-<APPID>, ending in "-" and the account's APPID (digits), ${example}`;
  }
  if (appId.length < APPID_DIGITS.min || appId.length > APPID_DIGITS.max) {
    return `${not}: the APPID after the last "-" is ${APPID_DIGITS.min} to ${APPID_DIGITS.max} digits ("${appId}" is not), ${example}`;
  }
  const name = bucket.slice(0, bucket.length - appId.length - 1);
  if (!BUCKET_NAME_PART.test(name)) {
    return (
      `${not}: the BucketName before "-<APPID>" holds only lowercase letters, digits and "-", and does not ` +
      `start or end with "-" ("${name}" does not follow this), ${example}`
    );
  }
  const domainProblem = cosDomain ? bucketDomainProblem(bucket, region) : undefined;
  if (domainProblem) return `${not} in region ${region}: it ${domainProblem}`;
  if (name.length > MAX_NAME_CHARACTERS) {
    return `${not}: the BucketName before "-<APPID>" is at most ${MAX_NAME_CHARACTERS} characters ("${name}" has ${name.length})`;
  }
  // The rule the backup function applies; the checks above say more precisely what is wrong.
  if (BUCKET_NAME.check(bucket).length > 0) return `${not}: it ${BUCKET_NAME.check(bucket)[0].rule}`;
  return undefined;
}
