// The CkafkaCosBackup construct: resolves its props once (lib/resolve-props.ts), then builds
// each group of resources in its own step (handler bundle, bucket, role and policy, bucket
// policy, logs, function, trigger, alarms, outputs), with fixed construct ids.
import { AssetType, TerraformAsset, TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { CamPolicy } from '../.gen/providers/tencentcloud/cam-policy';
import { CamRole } from '../.gen/providers/tencentcloud/cam-role';
import { CamRolePolicyAttachment } from '../.gen/providers/tencentcloud/cam-role-policy-attachment';
import { ClsAlarm } from '../.gen/providers/tencentcloud/cls-alarm';
import { ClsIndex } from '../.gen/providers/tencentcloud/cls-index';
import { ClsLogset } from '../.gen/providers/tencentcloud/cls-logset';
import { ClsTopic } from '../.gen/providers/tencentcloud/cls-topic';
import { CosBucket } from '../.gen/providers/tencentcloud/cos-bucket';
import { CosBucketPolicy } from '../.gen/providers/tencentcloud/cos-bucket-policy';
import { DataTencentcloudUserInfo } from '../.gen/providers/tencentcloud/data-tencentcloud-user-info';
import { ScfFunction } from '../.gen/providers/tencentcloud/scf-function';
import { ScfFunctionEventInvokeConfig } from '../.gen/providers/tencentcloud/scf-function-event-invoke-config';
import { ScfTrigger } from '../.gen/providers/tencentcloud/scf-trigger';
import { assertHandlerBundle, defaultHandlerBundleDir } from './handler-bundle';
import {
  BackupScope,
  BucketPolicyStatement,
  INVOKE_SELF_REASON,
  INVOKE_SELF_STATEMENT,
  backupKeys,
  bucketPolicy,
  bucketPolicyStatements,
  scfTrustPolicy,
} from './policies';
import { CkafkaCosBackupProps } from './props';
import {
  ResolvedCreatedBucket,
  ResolvedProps,
  backupScopeOf,
  executionPolicyOf,
  resolveProps,
  roleNameOf,
} from './resolve-props';
import { timerCron } from './schedule';
import { scfDescription } from './scf-description';
import { ckafkaTriggerDesc } from './ckafka-trigger';
import { timerDescription } from './topic-selection';
import { instancePrefix } from '../contract/backup-format';
import { StackChecks } from './stack-checks';
import { acknowledgeWildcard } from './wildcard-check';
import { CreatedAlarms, createAlarms } from './alarms';
import { createLogIndex, warnExistingTopicIndex } from './log-index';
import { MonitorAlarmNotice } from '../.gen/providers/tencentcloud/monitor-alarm-notice';
import { MonitorAlarmPolicy } from '../.gen/providers/tencentcloud/monitor-alarm-policy';
import { MonitorPolicyBindingObject } from '../.gen/providers/tencentcloud/monitor-policy-binding-object';

/**
 * Thrown by the `CkafkaCosBackup` constructor (so by `cdktf synth`, before anything is planned)
 * when props break a rule, with every problem at once, one per line. Checks that need the whole
 * stack (provider version and region, name clashes) are reported by cdktf's validation instead.
 */
export class CkafkaCosBackupPropsError extends Error {
  /** The message names the construct id and lists the problems. */
  constructor(
    /** Construct id of the backup whose props are invalid. */
    readonly id: string,
    /** One message per broken rule, each naming the prop's path, the bad value and the rule. */
    readonly problems: string[],
  ) {
    super(`CkafkaCosBackup "${id}" has invalid props:\n  - ${problems.join('\n  - ')}`);
    this.name = 'CkafkaCosBackupPropsError';
  }
}

/** The construct with this id at the stack level, created on first use: one per stack, shared by every backup. */
function stackSingleton<T extends Construct>(
  scope: Construct,
  id: string,
  create: (stack: TerraformStack, id: string) => T,
): T {
  const stack = TerraformStack.of(scope);
  return (stack.node.tryFindChild(id) as T | undefined) ?? create(stack, id);
}

/** The account data source (UIN and APPID for CAM resource strings). */
function accountInfo(scope: Construct): DataTencentcloudUserInfo {
  return stackSingleton(scope, 'CkafkaCosBackupAccount', (stack, id) => new DataTencentcloudUserInfo(stack, id));
}

/**
 * The handler as an archive asset. Its path holds a hash of the bundle, so `zip_file` changes
 * exactly when the code does.
 */
function handlerArchive(scope: Construct, id: string, bundleDir: string): TerraformAsset {
  assertHandlerBundle(bundleDir);
  return new TerraformAsset(scope, id, { path: bundleDir, type: AssetType.ARCHIVE });
}

/** The packaged handler, archived once per stack however many backups use it (synth time). */
function sharedHandlerArchive(scope: Construct): TerraformAsset {
  return stackSingleton(scope, 'CkafkaCosBackupHandlerCode', (stack, id) =>
    handlerArchive(stack, id, defaultHandlerBundleDir()),
  );
}

/** Where the role may write, for the policy's description: short whatever the number of topics. */
function policyKeysText(bucket: string, scope: BackupScope): string {
  const keys = backupKeys(scope);
  if (!scope.topics) return `${bucket}/${keys[0]} (every topic matching the pattern)`;
  if (keys.length === 1) return `${bucket}/${keys[0]}`;
  return `the prefixes of ${keys.length} topics in ${bucket}/${instancePrefix(scope.prefix, scope.instanceId)}`;
}

/** The CLS logset and topic created with `createLogs`, and the ids of the topic the function logs to. */
interface FunctionLogs {
  readonly logset?: ClsLogset;
  readonly logTopic?: ClsTopic;
  readonly logIndex?: ClsIndex;
  readonly logsetId?: string;
  readonly topicId?: string;
}

/**
 * The package is built once per framework (cdktf, and CDK Terrain as `ckafka-cos-backup/cdktn`),
 * and the frameworks find each other's stacks: a construct of one build in a stack of the other
 * only fails later, deep in synth. Say which import to use instead.
 */
function assertSameFramework(construct: Construct): void {
  const stack: Construct = TerraformStack.of(construct);
  if (stack instanceof TerraformStack) return;
  throw new Error(
    `CkafkaCosBackup "${construct.node.id}": the stack "${stack.node.id}" is from another CDK framework (or another copy of it) ` +
      "than this build of ckafka-cos-backup: import 'ckafka-cos-backup' in a cdktf app and 'ckafka-cos-backup/cdktn' in a CDK Terrain app.",
  );
}

/**
 * Backs up a CKafka topic into a COS bucket, exactly once per record, every 5 to 15 minutes:
 * an SCF function (the bundled handler), its trigger, a least-privilege CAM role, optionally
 * the bucket, its policy and a CLS log topic.
 */
export class CkafkaCosBackup extends Construct {
  /**
   * The backup function (`tencentcloud_scf_function`), named `functionName`, in the given VPC and
   * subnet, running the handler (`handlerAsset`) with its settings in `BACKUP_*` environment
   * variables.
   */
  readonly function: ScfFunction;
  /**
   * What runs the function (`tencentcloud_scf_trigger`): a timer every `granularityMinutes`
   * (`backup-timer`), or in `ckafka` mode SCF's native CKafka trigger (`<instanceId>-<topic>`).
   */
  readonly trigger: ScfTrigger;
  /** The function's execution role (`tencentcloud_cam_role` `<functionName>-role`), which only SCF may assume. */
  readonly role: CamRole;
  /**
   * The role's least-privilege policy (`tencentcloud_cam_policy` `<functionName>-policy`): write
   * and read back objects under this backup's keys only, list its own multipart uploads, invoke
   * itself (timer mode: fan-out, the one acknowledged wildcard) and read the SASL secret if any.
   */
  readonly policy: CamPolicy;
  /** Attaches `policy` to `role` (`tencentcloud_cam_role_policy_attachment`); the function depends on it. */
  readonly policyAttachment: CamRolePolicyAttachment;
  /**
   * Async invocation settings of the function (`tencentcloud_scf_function_event_invoke_config`):
   * retry count and event TTL from `asyncRetry`.
   */
  readonly asyncRetryConfig: ScfFunctionEventInvokeConfig;
  /**
   * The handler code as a zip archive (a `TerraformAsset`, the function's `zip_file`). Its path holds a
   * hash of the bundle, so the function changes exactly when the code does. Shared by every backup
   * in the stack unless `handlerBundleDir` is given.
   */
  readonly handlerAsset: TerraformAsset;
  /** The bucket, when the construct created it. */
  readonly bucket?: CosBucket;
  /** The bucket policy, when the construct manages it. */
  readonly bucketPolicy?: CosBucketPolicy;
  /**
   * What a bucket in another account must grant (its owner merges them into the bucket policy);
   * a bucket of the function's own account needs none.
   */
  readonly bucketPolicyStatements: BucketPolicyStatement[];
  /** The CLS logset (`tencentcloud_cls_logset` `<functionName>-logs`), with `createLogs`. */
  readonly logset?: ClsLogset;
  /** The CLS topic the function logs to (`tencentcloud_cls_topic` `<functionName>`), with `createLogs`. */
  readonly logTopic?: ClsTopic;
  /**
   * The index of the created log topic (`tencentcloud_cls_index`), with `createLogs`: full text and
   * key-value entries for the fields the log alarm and the runbook search.
   */
  readonly logIndex?: ClsIndex;
  /** `cos://<bucket>/<prefix>`. */
  readonly backupLocation: string;
  /** The SCF function's name, `functionName` of the props. */
  readonly functionName: string;
  /** The execution role's name, `<functionName>-role`. */
  readonly roleName: string;
  /** Console link to the function's logs. */
  readonly logsLocation: string;
  /** The function errors alarm, unless alarms are off. */
  readonly errorsAlarm?: MonitorAlarmPolicy;
  /** The run-time-near-timeout alarm, unless alarms are off. */
  readonly durationAlarm?: MonitorAlarmPolicy;
  /** The consumer-group lag alarm (timer mode, topics by name: none with a pattern), unless alarms are off. */
  readonly lagAlarm?: MonitorAlarmPolicy;
  /** The CLS alarm on loss and stuck log events (CLS logs only), unless alarms are off. */
  readonly logEventsAlarm?: ClsAlarm;
  /** The notification template, with `alarms.createNotice`. */
  readonly alarmNotice?: MonitorAlarmNotice;
  /** What binds each alarm to this function or consumer group. */
  readonly alarmBindings: MonitorPolicyBindingObject[];

  /**
   * Defines the backup's resources in the stack of `scope`.
   *
   * @param scope - the construct to add the backup to; the stack's default `tencentcloud`
   *   provider creates its resources, in the provider's region
   * @param id - construct id, unique within `scope`
   * @param props - what to back up, where to, and how
   * @throws {@link CkafkaCosBackupPropsError} when the props break a rule
   */
  constructor(scope: Construct, id: string, props: CkafkaCosBackupProps) {
    super(scope, id);
    assertSameFramework(this);
    const { resolved: r, problems } = resolveProps(props);
    if (!r) throw new CkafkaCosBackupPropsError(id, [...problems]);
    this.node.addValidation(new StackChecks(this, props));

    this.handlerAsset = r.handlerBundleDir
      ? handlerArchive(this, 'HandlerCode', r.handlerBundleDir)
      : sharedHandlerArchive(this);
    const account = accountInfo(this);
    this.functionName = r.functionName;
    this.roleName = roleNameOf(r.functionName);
    const backupScope = backupScopeOf(r, account);

    if (r.createBucket) this.bucket = this.createBucket(r, r.createBucket);
    ({
      role: this.role,
      policy: this.policy,
      attachment: this.policyAttachment,
    } = this.createRole(r, backupScope, account));
    this.bucketPolicyStatements = bucketPolicyStatements(backupScope);
    if (r.manageBucketPolicy) this.bucketPolicy = this.createBucketPolicy(r, backupScope);
    const logs = this.createLogs(r);
    ({ logset: this.logset, logTopic: this.logTopic, logIndex: this.logIndex } = logs);
    ({ fn: this.function, asyncRetry: this.asyncRetryConfig } = this.createFunction(r, logs));
    this.trigger = this.createTrigger(r);
    const alarms = this.createBackupAlarms(r, logs);
    this.errorsAlarm = alarms.errors;
    this.durationAlarm = alarms.duration;
    this.lagAlarm = alarms.consumerLag;
    this.logEventsAlarm = alarms.logEvents;
    this.alarmNotice = alarms.notice;
    this.alarmBindings = alarms.bindings;

    const { bucket, prefix, functionRegion } = r.settings;
    this.backupLocation = `cos://${bucket}/${prefix}`;
    this.logsLocation = logs.topicId
      ? `https://console.cloud.tencent.com/cls/search?region=${functionRegion}&topic_id=${logs.topicId}`
      : `https://console.cloud.tencent.com/scf/list-detail?region=${functionRegion}&ns=${r.namespace}&id=${r.functionName}&tab=log`;
    this.createOutputs(r);
  }

  /** The bucket, with its lifecycle rule for the backup's prefix. */
  private createBucket(r: ResolvedProps, options: ResolvedCreatedBucket): CosBucket {
    const iaDays = options.infrequentAccessAfterDays;
    const versioning = options.versioning;
    return new CosBucket(this, 'Bucket', {
      bucket: options.name,
      acl: 'private',
      versioningEnable: versioning,
      encryptionAlgorithm: options.encryption,
      kmsId: options.kmsKeyId,
      forceClean: options.forceDestroy,
      tags: r.tags,
      lifecycleRules: [
        {
          id: 'ckafka-backup',
          filterPrefix: r.settings.prefix,
          transition: iaDays > 0 ? [{ days: iaDays, storageClass: 'STANDARD_IA' }] : undefined,
          expiration: options.expireAfterDays !== undefined ? { days: options.expireAfterDays } : undefined,
          nonCurrentExpiration: versioning ? { nonCurrentDays: options.noncurrentVersionExpireDays } : undefined,
          abortIncompleteMultipartUpload: { daysAfterInitiation: options.abortIncompleteUploadsAfterDays },
        },
      ],
    });
  }

  /** The execution role, its least-privilege policy and the attachment of one to the other. */
  private createRole(
    r: ResolvedProps,
    backupScope: BackupScope,
    account: DataTencentcloudUserInfo,
  ): { role: CamRole; policy: CamPolicy; attachment: CamRolePolicyAttachment } {
    const role = new CamRole(this, 'Role', {
      name: this.roleName,
      document: JSON.stringify(scfTrustPolicy()),
      description: `Execution role of the SCF function ${r.functionName} (CKafka topic backup to COS)`,
      consoleLogin: false,
      tags: r.tags,
    });
    const timerMode = r.triggerMode === 'timer';
    const policy = new CamPolicy(this, 'Policy', {
      name: `${r.functionName}-policy`,
      document: JSON.stringify(executionPolicyOf(r, backupScope, account)),
      description: `Least privilege for ${r.functionName}: write under ${policyKeysText(r.settings.bucket, backupScope)}`,
      tags: r.tags,
    });
    if (timerMode) {
      acknowledgeWildcard(policy, {
        actions: INVOKE_SELF_STATEMENT.action,
        resource: '*',
        reason: INVOKE_SELF_REASON,
      });
    }
    const attachment = new CamRolePolicyAttachment(this, 'PolicyAttachment', {
      roleId: role.id,
      policyId: policy.id,
    });
    return { role, policy, attachment };
  }

  /** The bucket policy (it replaces the bucket's whole policy). */
  private createBucketPolicy(r: ResolvedProps, backupScope: BackupScope): CosBucketPolicy {
    return new CosBucketPolicy(this, 'BucketPolicy', {
      bucket: this.bucket?.bucket ?? r.settings.bucket,
      policy: JSON.stringify(bucketPolicy(backupScope)),
    });
  }

  /** The CLS logset and topic with `createLogs`, and the ids of the topic the function logs to, if any. */
  private createLogs(r: ResolvedProps): FunctionLogs {
    let logset: ClsLogset | undefined;
    let logTopic: ClsTopic | undefined;
    let logIndex: ClsIndex | undefined;
    if (r.createLogs) {
      logset = new ClsLogset(this, 'Logset', { logsetName: `${r.functionName}-logs`, tags: r.tags });
      logTopic = new ClsTopic(this, 'LogTopic', {
        logsetId: logset.id,
        topicName: r.functionName,
        period: r.createLogs.retentionDays,
        tags: r.tags,
      });
      logIndex = createLogIndex(this, logTopic.id);
    } else if (r.logs && r.alarms?.enabled !== false) {
      warnExistingTopicIndex(this, r.logs.topicId);
    }
    return {
      logset,
      logTopic,
      logIndex,
      logsetId: r.logs?.logsetId ?? logset?.id,
      topicId: r.logs?.topicId ?? logTopic?.id,
    };
  }

  /** The function (bundle, environment, VPC, logs) and its async invocation settings. */
  private createFunction(
    r: ResolvedProps,
    logs: FunctionLogs,
  ): { fn: ScfFunction; asyncRetry: ScfFunctionEventInvokeConfig } {
    const fn = new ScfFunction(this, 'Function', {
      name: r.functionName,
      namespace: r.namespace,
      description: r.description,
      runtime: r.runtime,
      handler: 'index.main_handler',
      zipFile: this.handlerAsset.path,
      memSize: r.memoryMiB,
      timeout: r.timeoutSeconds,
      role: this.role.name,
      vpcId: r.vpc.vpcId,
      subnetId: r.vpc.subnetId,
      enablePublicNet: r.settings.enablePublicNet,
      environment: r.environment,
      tags: r.tags,
      clsLogsetId: logs.logsetId,
      clsTopicId: logs.topicId,
      dependsOn: [this.policyAttachment],
    });
    const asyncRetry = new ScfFunctionEventInvokeConfig(this, 'AsyncRetry', {
      functionName: fn.name,
      namespace: r.namespace,
      asyncTriggerConfig: {
        msgTtl: r.asyncRetry.eventTtlSeconds,
        retryConfig: [{ retryNum: r.asyncRetry.retryCount }],
      },
    });
    return { fn, asyncRetry };
  }

  /** What runs the function: a timer every granularity, or SCF's native CKafka trigger. */
  private createTrigger(r: ResolvedProps): ScfTrigger {
    const { instanceId, granularityMinutes, startPosition } = r.settings;
    const triggerTarget = {
      functionName: this.function.name,
      namespace: r.namespace,
      enable: 'OPEN',
      // Read always sets the qualifier; written out, the plan stays empty (CreateTrigger's default).
      qualifier: '$LATEST',
    };
    if (r.triggerMode === 'timer') {
      return new ScfTrigger(this, 'Trigger', {
        ...triggerTarget,
        type: 'timer',
        triggerName: 'backup-timer',
        triggerDesc: timerCron(granularityMinutes),
        description: timerDescription(r.topics, granularityMinutes),
      });
    }
    // The native trigger reads one topic: the props checks refuse a list or a pattern in this mode.
    const [topic] = r.topics.names ?? [];
    if (topic === undefined || r.topics.names?.length !== 1) {
      throw new Error('triggerMode "ckafka" needs exactly one topic: the props checks should have refused these props');
    }
    return new ScfTrigger(this, 'Trigger', {
      ...triggerTarget,
      type: 'ckafka',
      triggerName: `${instanceId}-${topic}`,
      triggerDesc: ckafkaTriggerDesc(instanceId, topic, startPosition),
      description: scfDescription(['Pushes ', topic, ' batches to the backup'], 'Pushes topic batches to the backup'),
    });
  }

  /** The alarms on the function and its consumer group, and who they notify. */
  private createBackupAlarms(r: ResolvedProps, logs: FunctionLogs): CreatedAlarms {
    const { logsetId, topicId } = logs;
    return createAlarms(this, r.alarms, {
      functionName: r.functionName,
      namespace: r.namespace,
      timeoutSeconds: r.timeoutSeconds,
      appId: accountInfo(this).appId,
      instanceId: r.settings.instanceId,
      topics: r.topics.names && [...r.topics.names],
      consumerGroup: r.settings.consumerGroup,
      timerMode: r.triggerMode === 'timer',
      fn: this.function,
      trigger: this.trigger,
      granularityMinutes: r.settings.granularityMinutes,
      logs: logsetId && topicId ? { logsetId, topicId } : undefined,
      tags: r.tags,
    });
  }

  /** The stack outputs: names, where the backup and its logs are, and what a remote bucket must grant. */
  private createOutputs(r: ResolvedProps): void {
    new TerraformOutput(this, 'FunctionName', {
      value: this.function.name,
      description: 'SCF function that runs the backup',
    });
    new TerraformOutput(this, 'RoleName', { value: this.role.name, description: 'CAM role the function runs as' });
    new TerraformOutput(this, 'BackupLocation', {
      value: this.backupLocation,
      description: 'Where the backup objects are written',
    });
    new TerraformOutput(this, 'LogsLocation', {
      value: this.logsLocation,
      description: 'Where to read the backup run logs',
    });
    if (!this.bucketPolicy && !r.createBucket) {
      new TerraformOutput(this, 'BucketPolicyStatements', {
        value: JSON.stringify(this.bucketPolicyStatements),
        description: 'Statements a bucket in another account must grant (not needed in the same account)',
      });
    }
  }
}
