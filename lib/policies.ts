// CAM documents of the backup, built as plain objects so that they can be unit-tested and
// serialized deterministically (keys in a fixed order: a re-synth never shows a diff): the
// role's trust and execution policies, and the bucket policy.
import { instancePrefix, topicPrefix } from '../contract/backup-format';

/** A statement of a CAM policy or role trust policy, in CAM's lower-case spelling. */
export interface PolicyStatement {
  /** Allow or deny. */
  readonly effect: 'allow' | 'deny';
  /** Actions, `name/<service>:<Action>`, e.g. `name/cos:PutObject`. */
  readonly action: string[];
  /** Absent only in a trust policy, whose subject is the role itself. */
  readonly resource?: string[];
  /** Who may assume the role (trust policies only). */
  readonly principal?: {
    /** CAM principals, `qcs::cam::uin/<uin>:...`. */
    readonly qcs?: string[];
    /** Cloud services, e.g. `scf.qcloud.com`. */
    readonly service?: string[];
  };
  /** Conditions: operator (e.g. `string_equal`), then key (e.g. `cos:prefix`), then the allowed values. */
  readonly condition?: Record<string, Record<string, string[]>>;
}

/**
 * The most characters CAM takes in one policy document: "Number of characters in one policy
 * syntax: 6144" (CAM Use Limits, intl 598/10609, which also allows 200 policies attached to a role
 * and 1,500 custom policies per account, COS bucket ACL policies included). Every named topic adds
 * its prefix three times to the execution policy (its objects, and both spellings of its uploads'
 * listing prefix), so a long list of topics reaches it.
 */
export const CAM_POLICY_MAX_CHARS = 6144;

/** A CAM policy document (`tencentcloud_cam_policy.document`, a role's trust policy). */
export interface PolicyDocument {
  /** CAM policy syntax version. */
  readonly version: '2.0';
  /** The statements. */
  readonly statement: PolicyStatement[];
}

/** What the handler does to its objects: write (simple or multipart), and read back its own keys. */
export const COS_BACKUP_ACTIONS = [
  'name/cos:PutObject',
  // The copy of a finished multipart object onto itself that sets its offset metadata: COS
  // checks PutObjectCopy on the destination and GetObject on the source (COS doc 436/10881).
  'name/cos:PutObjectCopy',
  'name/cos:InitiateMultipartUpload',
  'name/cos:UploadPart',
  'name/cos:CompleteMultipartUpload',
  'name/cos:AbortMultipartUpload',
  'name/cos:ListParts',
  // HEAD guards against replacing a longer run; GET is the source side of the in-place copy
  // that sets an object's metadata once its last offset is known.
  'name/cos:HeadObject',
  'name/cos:GetObject',
];

export interface BackupScope {
  readonly bucketName: string;
  readonly bucketRegion: string;
  readonly appId: string;
  readonly prefix: string;
  readonly instanceId: string;
  /** The backed-up topics by name; undefined with a pattern, whose topics are known only at run time. */
  readonly topics?: string[];
  readonly functionRegion: string;
  /** UIN of the root account (the owner of every resource named here). */
  readonly ownerUin: string;
  readonly namespace: string;
  readonly functionName: string;
  readonly roleName: string;
}

/**
 * The key prefixes the backup writes under (objects and `_state/`): `<prefix><instanceId>/<topic>/`
 * for each named topic, or `<prefix><instanceId>/` with a pattern (its topics are known only at
 * run time: the price of a pattern is access to every topic's keys of the instance).
 */
export function backupKeys(scope: BackupScope): string[] {
  if (!scope.topics) return [instancePrefix(scope.prefix, scope.instanceId)];
  return scope.topics.map((topic) => topicPrefix(scope.prefix, scope.instanceId, topic));
}

/** `qcs::cos:<region>:uid/<appid>:<bucket>/<keys>*` for each of backupKeys: only this backup's keys. */
export function cosPrefixResources(scope: BackupScope): string[] {
  return backupKeys(scope).map(
    (keys) => `qcs::cos:${scope.bucketRegion}:uid/${scope.appId}:${scope.bucketName}/${keys}*`,
  );
}

/** The bucket itself, for bucket-level actions (always narrowed by a prefix condition here). */
export function bucketResource(scope: BackupScope): string {
  return `qcs::cos:${scope.bucketRegion}:uid/${scope.appId}:${scope.bucketName}/*`;
}

const LIST_UPLOADS_ACTION = 'name/cos:ListMultipartUploads';

/**
 * Listing open multipart uploads (to abort those a crashed run left behind) is a bucket-level
 * action, allowed only when the listing asks for exactly this backup's keys. COS documents
 * `string_equal` for `cos:prefix` with URL-encoded values (intl 436/46205); one report has a
 * literal `/` working. Both spellings of each exact prefix (one per named topic, or the instance's
 * with a pattern: the handler then lists once for all its topics) are listed (values are ORed), so
 * the statement works under either reading and never allows more than those prefixes.
 */
export function listOwnUploadsStatement(scope: BackupScope): PolicyStatement {
  return {
    effect: 'allow',
    action: [LIST_UPLOADS_ACTION],
    resource: [bucketResource(scope)],
    condition: ownPrefixCondition(scope),
  };
}

/** `cos:prefix` equal to this backup's keys, in both spellings (see listOwnUploadsStatement). */
function ownPrefixCondition(scope: BackupScope): Record<string, Record<string, string[]>> {
  const spellings = backupKeys(scope).flatMap((keys) => [encodeURIComponent(keys), keys]);
  return { string_equal: { 'cos:prefix': [...new Set(spellings)] } };
}

/**
 * Fan-out invokes the function itself. CAM's API table lists `scf:InvokeFunction` as
 * operation-level (resource `*`) and treats a specific resource on such an action as
 * unauthorized (intl 598/57149, 598/70005), while another page scopes it to a function: only `*`
 * works under both readings. It is acknowledged with this reason for `CamWildcardCheck`.
 */
export const INVOKE_SELF_STATEMENT: PolicyStatement = {
  effect: 'allow',
  action: ['name/scf:InvokeFunction'],
  resource: ['*'],
};
export const INVOKE_SELF_REASON =
  'scf:InvokeFunction is operation-level in the CAM API table (resource "*" only); fan-out invokes this function with it';

export function secretResource(scope: BackupScope, creatorUin: string, secretName: string): string {
  return `qcs::ssm:${scope.functionRegion}:uin/${scope.ownerUin}:secret/creatorUin/${creatorUin}/${secretName}`;
}

/** Trust policy: only the SCF service may assume the role. */
export function scfTrustPolicy(): PolicyDocument {
  return {
    version: '2.0',
    statement: [{ effect: 'allow', action: ['name/sts:AssumeRole'], principal: { service: ['scf.qcloud.com'] } }],
  };
}

export interface ExecutionPolicyOptions {
  /** Fan-out invokes the function itself (timer mode only). */
  readonly invokeSelf: boolean;
  readonly secret?: { readonly creatorUin: string; readonly name: string };
}

/** The execution role's policy: write under the prefix, invoke itself, read its one secret. */
export function executionPolicy(scope: BackupScope, options: ExecutionPolicyOptions): PolicyDocument {
  const statement: PolicyStatement[] = [
    { effect: 'allow', action: COS_BACKUP_ACTIONS, resource: cosPrefixResources(scope) },
    listOwnUploadsStatement(scope),
  ];
  if (options.invokeSelf) statement.push(INVOKE_SELF_STATEMENT);
  if (options.secret) {
    statement.push({
      effect: 'allow',
      // User secrets have no "current" alias: the handler lists the versions to find the newest.
      action: ['name/ssm:GetSecretValue', 'name/ssm:ListSecretVersionIds'],
      resource: [secretResource(scope, options.secret.creatorUin, options.secret.name)],
    });
  }
  return { version: '2.0', statement };
}

/**
 * A bucket-policy statement, in the spelling COS documents and returns (capitalised keys, lower
 * case `version`), so the provider's Read gives back what was written.
 */
export interface BucketPolicyStatement {
  /** Who is granted. */
  readonly Principal: {
    /** CAM principals; here the function's account, `qcs::cam::uin/<uin>:uin/<uin>`. */
    readonly qcs: string[];
  };
  /** Allow or deny. */
  readonly Effect: 'allow' | 'deny';
  /** COS actions, `name/cos:<Action>` (here `COS_BACKUP_ACTIONS`, or `ListMultipartUploads`). */
  readonly Action: string[];
  /**
   * What the statement covers: objects, `qcs::cos:<region>:uid/<appid>:<bucket>/<keys>*`, or the
   * bucket, `qcs::cos:<region>:uid/<appid>:<bucket>/*` (for listing uploads, under `Condition`).
   */
  readonly Resource: string[];
  /** Conditions, as in a CAM policy: operator, then key, then the allowed values. */
  readonly Condition?: Record<string, Record<string, string[]>>;
}

/** A COS bucket policy (`tencentcloud_cos_bucket_policy.policy`), in COS's own spelling. */
export interface BucketPolicyDocument {
  /** The statements. */
  readonly Statement: BucketPolicyStatement[];
  /** Policy syntax version. */
  readonly version: '2.0';
}

/**
 * The function's account as a bucket-policy principal. COS bucket policies document root
 * accounts and sub-accounts as principals, roles only "in the future" (intl 598/10603): the grant
 * goes to the account, and the role's CAM policy narrows it to the role.
 */
export function accountPrincipal(scope: BackupScope): string {
  return `qcs::cam::uin/${scope.ownerUin}:uin/${scope.ownerUin}`;
}

/**
 * What a bucket in another account must grant for the backup to write into it: the COS grants of
 * the role's CAM policy on that bucket, both of them (a request from another account needs the
 * bucket's policy and its own CAM policy to allow it): the actions on the backup's keys, and the
 * listing of its open uploads, which every run starts with. A bucket of the function's own account
 * needs none: the role's CAM policy alone gives access (436/31923).
 *
 * The listing keeps the role's condition (`string_equal` on `cos:prefix`, the exact prefix in both
 * spellings: intl 436/46205), under a `Condition` key spelled like the others: COS wants the
 * elements of a policy in one letter case (436/46206), and its bucket-policy samples write
 * `Condition` next to `Statement`, `Principal`, `Effect`, `Action` and `Resource` (the C++ SDK's
 * PUT Bucket policy, 436/54750).
 */
export function bucketPolicyStatements(scope: BackupScope): BucketPolicyStatement[] {
  const Principal = { qcs: [accountPrincipal(scope)] };
  return [
    { Principal, Effect: 'allow', Action: COS_BACKUP_ACTIONS, Resource: cosPrefixResources(scope) },
    {
      Principal,
      Effect: 'allow',
      Action: [LIST_UPLOADS_ACTION],
      Resource: [bucketResource(scope)],
      Condition: ownPrefixCondition(scope),
    },
  ];
}

export function bucketPolicy(scope: BackupScope): BucketPolicyDocument {
  return { Statement: bucketPolicyStatements(scope), version: '2.0' };
}
