// One account for all tests, so that the construct's synthesized policies and the peers' checks
// agree on the same UINs and APPID.

/**
 * The Tencent Cloud account of the tests: what `data.tencentcloud_user_info` would return, and
 * what the peers use in their resource strings. The APPID is the suffix of the test bucket.
 */
export const TEST_ACCOUNT = {
  appId: '1250000000',
  /** Root account: owner of the function, role and secrets. */
  ownerUin: '100000000001',
  /** The (sub-)account that runs Terraform, and so creates the secrets. */
  uin: '100000000002',
} as const;
