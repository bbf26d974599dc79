// The package's public API, one entry point for each framework build.
/**
 * `ckafka-cos-backup`: a construct that backs up a CKafka topic into a COS bucket, exactly once,
 * with a serverless SCF function. Start at {@link CkafkaCosBackup} and
 * {@link CkafkaCosBackupProps}. The same API is built twice: `ckafka-cos-backup` for cdktf apps
 * and `ckafka-cos-backup/cdktn` for CDK Terrain apps, whose classes (stacks, assets, the provider
 * bindings) come from `cdktn` instead of `cdktf`.
 *
 * @packageDocumentation
 */
export * from './ckafka-cos-backup';
export * from './props';
export { CamWildcardCheck, acknowledgeWildcard, findWildcards } from './wildcard-check';
export type { WildcardAcknowledgement, WildcardFinding } from './wildcard-check';
export { COS_BACKUP_ACTIONS } from './policies';
export type { BucketPolicyDocument, BucketPolicyStatement, PolicyDocument, PolicyStatement } from './policies';
export { timerCron } from './schedule';
/**
 * The `tencentcloudstack/tencentcloud` Terraform provider, from the generated bindings (constraint
 * `~> 1.83.16`, schema in provider/tencentcloud.schema.json). A stack with a backup needs one, in
 * the function's region: `new TencentcloudProvider(this, 'tencentcloud', { region: 'ap-guangzhou' })`.
 * Its members are not listed here; its arguments are the registry's provider arguments.
 */
export { TencentcloudProvider } from '../.gen/providers/tencentcloud/provider';
/** Arguments of {@link TencentcloudProvider} (generated binding): the Terraform registry's provider arguments. */
export type { TencentcloudProviderConfig } from '../.gen/providers/tencentcloud/provider';
/**
 * The generated bindings of the `tencentcloud` provider (.gen/, written by `npm run bindings` as
 * `cdktf get` would): one namespace per resource and data source the construct uses, e.g.
 * `tencentcloud.scfFunction.ScfFunction`. Generated code: its members mirror the Terraform
 * registry's arguments and attributes and are not listed in this reference.
 */
export * as tencentcloud from '../.gen/providers/tencentcloud';
