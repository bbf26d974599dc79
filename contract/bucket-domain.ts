// The bucket name length that COS's 60-character domain limit allows in each region, in one place:
// the construct checks its bucket with it, and the CLI its --bucket.

/**
 * COS limits the domain it gives a bucket, `<BucketName>-<APPID>.cos.<Region>.myqcloud.com`, to
 * 60 characters, so the longest bucket name depends on the region (COS "Bucket Overview",
 * "Bucket Naming Conventions": https://www.tencentcloud.com/document/product/436/13312; its
 * example 123456789012345678901-1250000000.cos.ap-beijing.myqcloud.com is 60 characters). The
 * construct refuses a bucket it would fail to create or reach; the CLI refuses such a --bucket.
 */
export const MAX_BUCKET_DOMAIN_CHARACTERS = 60;

/** The domain COS gives `bucket` in `region`. */
export function bucketDomain(bucket: string, region: string): string {
  return `${bucket}.cos.${region}.myqcloud.com`;
}

/**
 * Why `bucket` is too long for its COS domain in `region` (the sentence after "it"), or
 * undefined when it fits.
 */
export function bucketDomainProblem(bucket: string, region: string): string | undefined {
  const excess = bucketDomain(bucket, region).length - MAX_BUCKET_DOMAIN_CHARACTERS;
  if (excess <= 0) return undefined;
  return (
    `is ${bucket.length} characters, and COS limits its domain <bucket>.cos.${region}.myqcloud.com to ` +
    `${MAX_BUCKET_DOMAIN_CHARACTERS} characters, so a bucket in ${region} has at most ${bucket.length - excess}`
  );
}
