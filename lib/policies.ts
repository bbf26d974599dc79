/**
 * CAM documents of the backup, built as plain objects so that they can be unit-tested and
 * serialized deterministically (keys in a fixed order: a re-synth never shows a diff).
 */

export interface PolicyStatement {
  readonly effect: 'allow' | 'deny';
  readonly action: string[];
  /** Absent only in a trust policy, whose subject is the role itself. */
  readonly resource?: string[];
  readonly principal?: { readonly qcs?: string[]; readonly service?: string[] };
  readonly condition?: Record<string, Record<string, string[]>>;
}

export interface PolicyDocument {
  readonly version: '2.0';
  readonly statement: PolicyStatement[];
}

/** What the handler does to its objects: write (simple or multipart), and read back its own keys. */
export const COS_BACKUP_ACTIONS = [
  'name/cos:PutObject',
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
  readonly functionRegion: string;
  /** UIN of the root account (the owner of every resource named here). */
  readonly ownerUin: string;
  readonly namespace: string;
  readonly functionName: string;
  readonly roleName: string;
}

/** `qcs::cos:<region>:uid/<appid>:<bucket>/<prefix>*`: only the backup's own keys. */
export function cosPrefixResource(scope: BackupScope): string {
  return `qcs::cos:${scope.bucketRegion}:uid/${scope.appId}:${scope.bucketName}/${scope.prefix}*`;
}

/** The bucket itself, for bucket-level actions (always narrowed by a prefix condition here). */
export function bucketResource(scope: BackupScope): string {
  return `qcs::cos:${scope.bucketRegion}:uid/${scope.appId}:${scope.bucketName}/*`;
}

/**
 * Listing open multipart uploads (to abort those a crashed run left behind) is a bucket-level
 * action: it is allowed only for keys under the backup's prefix.
 */
export function listOwnUploadsStatement(scope: BackupScope): PolicyStatement {
  return {
    effect: 'allow',
    action: ['name/cos:ListMultipartUploads'],
    resource: [bucketResource(scope)],
    condition: { string_like: { 'cos:prefix': [`${scope.prefix}*`] } },
  };
}

export function functionResource(scope: BackupScope): string {
  return `qcs::scf:${scope.functionRegion}:uin/${scope.ownerUin}:namespace/${scope.namespace}/function/${scope.functionName}`;
}

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
    { effect: 'allow', action: COS_BACKUP_ACTIONS, resource: [cosPrefixResource(scope)] },
    listOwnUploadsStatement(scope),
  ];
  if (options.invokeSelf) {
    statement.push({ effect: 'allow', action: ['name/scf:InvokeFunction'], resource: [functionResource(scope)] });
  }
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

/** The role as a bucket-policy principal. */
export function rolePrincipal(scope: BackupScope): string {
  return `qcs::cam::uin/${scope.ownerUin}:roleName/${scope.roleName}`;
}

/** Bucket policy statements granting the execution role exactly what the handler needs. */
export function bucketPolicyStatements(scope: BackupScope): PolicyStatement[] {
  return [{
    principal: { qcs: [rolePrincipal(scope)] },
    effect: 'allow',
    action: COS_BACKUP_ACTIONS,
    resource: [cosPrefixResource(scope)],
  }];
}

export function bucketPolicy(scope: BackupScope): PolicyDocument {
  return { version: '2.0', statement: bucketPolicyStatements(scope) };
}
