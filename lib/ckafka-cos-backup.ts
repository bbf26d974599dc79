import { AssetType, Fn, Op, TerraformAsset, TerraformOutput, TerraformStack, Token } from 'cdktf';
import { Construct } from 'constructs';
import { CamPolicy } from '../.gen/providers/tencentcloud/cam-policy';
import { CamRole } from '../.gen/providers/tencentcloud/cam-role';
import { CamRolePolicyAttachment } from '../.gen/providers/tencentcloud/cam-role-policy-attachment';
import { ClsAlarm } from '../.gen/providers/tencentcloud/cls-alarm';
import { ClsLogset } from '../.gen/providers/tencentcloud/cls-logset';
import { ClsTopic } from '../.gen/providers/tencentcloud/cls-topic';
import { CosBucket } from '../.gen/providers/tencentcloud/cos-bucket';
import { CosBucketPolicy } from '../.gen/providers/tencentcloud/cos-bucket-policy';
import { DataTencentcloudUserInfo } from '../.gen/providers/tencentcloud/data-tencentcloud-user-info';
import { ScfFunction } from '../.gen/providers/tencentcloud/scf-function';
import { ScfFunctionEventInvokeConfig } from '../.gen/providers/tencentcloud/scf-function-event-invoke-config';
import { ScfTrigger } from '../.gen/providers/tencentcloud/scf-trigger';
import { assertHandlerBundle, defaultHandlerBundleDir } from './handler-bundle';
import { SETTINGS } from '../contract/settings';
import { FUNCTION_DEFAULTS, SCF_LIMITS } from './function-defaults';
import { handlerEnvironment } from './handler-settings';
import {
  BackupScope,
  BucketPolicyStatement,
  INVOKE_SELF_REASON,
  INVOKE_SELF_STATEMENT,
  backupKeys,
  bucketPolicy,
  bucketPolicyStatements,
  executionPolicy,
  scfTrustPolicy,
} from './policies';
import { CkafkaCosBackupProps } from './props';
import { timerCron } from './schedule';
import { scfDescription } from './scf-description';
import { ckafkaTriggerDesc } from './ckafka-trigger';
import { StackChecks } from './stack-checks';
import { acknowledgeWildcard } from './wildcard-check';
import { numberText } from './tokens';
import { validateEnvironmentSize, validateProps } from './validation';
import { createAlarms } from './alarms';
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

/** The APPID is the numeric suffix of a literal bucket name; otherwise ask the account. */
function appIdOf(bucketName: string, account: DataTencentcloudUserInfo): string {
  if (Token.isUnresolved(bucketName)) return account.appId;
  return bucketName.slice(bucketName.lastIndexOf('-') + 1);
}

/** Minutes as seconds, capped at SCF's 900 s limit; works on values known only at apply time. */
function cappedSeconds(minutes: number): number {
  if (Token.isUnresolved(minutes)) return Token.asNumber(Fn.min([SCF_LIMITS.maxTimeoutSeconds, Op.mul(minutes, 60)]));
  return Math.min(SCF_LIMITS.maxTimeoutSeconds, minutes * 60);
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
  /** The consumer-group lag alarm (timer mode), unless alarms are off. */
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
    const problems = validateProps(props);
    if (problems.length > 0) throw new CkafkaCosBackupPropsError(id, problems);
    this.node.addValidation(new StackChecks(this, props));

    const bucketProps = (props.bucket ?? props.createBucket)!;
    const namespace = props.namespace ?? FUNCTION_DEFAULTS.namespace;
    const granularityMinutes = props.granularityMinutes ?? SETTINGS.granularityMinutes.default!;
    const functionRegion = props.region ?? bucketProps.region;
    const triggerMode = props.triggerMode ?? 'timer';
    const prefix = props.prefix ?? '';
    const tags = props.tags;
    const environment = handlerEnvironment(props);
    const sizeProblems = validateEnvironmentSize(environment);
    if (sizeProblems.length > 0) throw new CkafkaCosBackupPropsError(id, sizeProblems);

    this.handlerAsset = props.handlerBundleDir
      ? handlerArchive(this, 'HandlerCode', props.handlerBundleDir)
      : sharedHandlerArchive(this);

    const account = accountInfo(this);
    this.functionName = props.functionName;
    this.roleName = `${props.functionName}-role`;
    const backupScope: BackupScope = {
      bucketName: bucketProps.name,
      bucketRegion: bucketProps.region,
      appId: appIdOf(bucketProps.name, account),
      prefix,
      instanceId: props.kafka.instanceId,
      topic: props.kafka.topic,
      functionRegion,
      ownerUin: account.ownerUin,
      namespace,
      functionName: props.functionName,
      roleName: this.roleName,
    };

    if (props.createBucket) {
      this.bucket = this.createBucket(props, tags);
    }

    this.role = new CamRole(this, 'Role', {
      name: this.roleName,
      document: JSON.stringify(scfTrustPolicy()),
      description: `Execution role of the SCF function ${props.functionName} (CKafka topic backup to COS)`,
      consoleLogin: false,
      tags,
    });
    const sasl = props.kafka.sasl;
    this.policy = new CamPolicy(this, 'Policy', {
      name: `${props.functionName}-policy`,
      document: JSON.stringify(
        executionPolicy(backupScope, {
          invokeSelf: triggerMode === 'timer',
          secret: sasl && { name: sasl.passwordSecretName, creatorUin: sasl.secretCreatorUin ?? account.uin },
        }),
      ),
      description: `Least privilege for ${props.functionName}: write under ${bucketProps.name}/${backupKeys(backupScope)}`,
    });
    if (triggerMode === 'timer') {
      acknowledgeWildcard(this.policy, {
        actions: INVOKE_SELF_STATEMENT.action,
        resource: '*',
        reason: INVOKE_SELF_REASON,
      });
    }
    this.policyAttachment = new CamRolePolicyAttachment(this, 'PolicyAttachment', {
      roleId: this.role.id,
      policyId: this.policy.id,
    });

    this.bucketPolicyStatements = bucketPolicyStatements(backupScope);
    if (props.manageBucketPolicy) {
      this.bucketPolicy = new CosBucketPolicy(this, 'BucketPolicy', {
        bucket: this.bucket?.bucket ?? bucketProps.name,
        policy: JSON.stringify(bucketPolicy(backupScope)),
      });
    }

    if (props.createLogs) {
      this.logset = new ClsLogset(this, 'Logset', { logsetName: `${props.functionName}-logs`, tags });
      this.logTopic = new ClsTopic(this, 'LogTopic', {
        logsetId: this.logset.id,
        topicName: props.functionName,
        period: props.createLogs.retentionDays ?? FUNCTION_DEFAULTS.logRetentionDays,
        tags,
      });
    }
    const logsetId = props.logs?.logsetId ?? this.logset?.id;
    const logTopicId = props.logs?.topicId ?? this.logTopic?.id;

    const timeout = props.timeoutSeconds ?? cappedSeconds(granularityMinutes);
    this.function = new ScfFunction(this, 'Function', {
      name: props.functionName,
      namespace,
      description:
        props.description ??
        scfDescription(
          [
            'Backs up CKafka topic ',
            props.kafka.topic,
            ' of ',
            props.kafka.instanceId,
            ' to COS bucket ',
            bucketProps.name,
          ],
          'Backs up a CKafka topic to COS',
        ),
      runtime: props.runtime ?? FUNCTION_DEFAULTS.runtime,
      handler: 'index.main_handler',
      zipFile: this.handlerAsset.path,
      memSize: props.memoryMiB ?? FUNCTION_DEFAULTS.memoryMiB,
      timeout,
      role: this.role.name,
      vpcId: props.vpc.vpcId,
      subnetId: props.vpc.subnetId,
      enablePublicNet: props.enablePublicNet ?? SETTINGS.enablePublicNet.default!,
      environment,
      tags,
      clsLogsetId: logsetId,
      clsTopicId: logTopicId,
      dependsOn: [this.policyAttachment],
    });

    this.asyncRetryConfig = new ScfFunctionEventInvokeConfig(this, 'AsyncRetry', {
      functionName: this.function.name,
      namespace,
      asyncTriggerConfig: {
        msgTtl: props.asyncRetry?.eventTtlSeconds ?? cappedSeconds(granularityMinutes),
        retryConfig: [{ retryNum: props.asyncRetry?.retryCount ?? FUNCTION_DEFAULTS.asyncRetryCount }],
      },
    });

    const triggerTarget = {
      functionName: this.function.name,
      namespace,
      enable: 'OPEN',
      // Read always sets the qualifier; written out, the plan stays empty (CreateTrigger's default).
      qualifier: '$LATEST',
    };
    this.trigger = new ScfTrigger(
      this,
      'Trigger',
      triggerMode === 'timer'
        ? {
            ...triggerTarget,
            type: 'timer',
            triggerName: 'backup-timer',
            triggerDesc: timerCron(granularityMinutes),
            description: scfDescription(
              ['Backs up ', props.kafka.topic, ' every ', numberText(granularityMinutes), ' minutes'],
              'Backs up the topic on a timer',
            ),
          }
        : {
            ...triggerTarget,
            type: 'ckafka',
            triggerName: `${props.kafka.instanceId}-${props.kafka.topic}`,
            triggerDesc: ckafkaTriggerDesc(
              props.kafka.instanceId,
              props.kafka.topic,
              props.kafka.startPosition ?? SETTINGS.startPosition.default!,
            ),
            description: scfDescription(
              ['Pushes ', props.kafka.topic, ' batches to the backup'],
              'Pushes topic batches to the backup',
            ),
          },
    );

    const alarms = createAlarms(this, props.alarms, {
      functionName: props.functionName,
      namespace,
      timeoutSeconds: timeout,
      instanceId: props.kafka.instanceId,
      topic: props.kafka.topic,
      consumerGroup: props.kafka.consumerGroup ?? props.functionName,
      timerMode: triggerMode === 'timer',
      fn: this.function,
      trigger: this.trigger,
      granularityMinutes,
      logs: logsetId && logTopicId ? { logsetId, topicId: logTopicId } : undefined,
      tags,
    });
    this.errorsAlarm = alarms.errors;
    this.durationAlarm = alarms.duration;
    this.lagAlarm = alarms.consumerLag;
    this.logEventsAlarm = alarms.logEvents;
    this.alarmNotice = alarms.notice;
    this.alarmBindings = alarms.bindings;

    this.backupLocation = `cos://${bucketProps.name}/${prefix}`;
    this.logsLocation = logTopicId
      ? `https://console.cloud.tencent.com/cls/search?region=${functionRegion}&topic_id=${logTopicId}`
      : `https://console.cloud.tencent.com/scf/list-detail?region=${functionRegion}&ns=${namespace}&id=${props.functionName}&tab=log`;

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
    if (!this.bucketPolicy && !props.createBucket) {
      new TerraformOutput(this, 'BucketPolicyStatements', {
        value: JSON.stringify(this.bucketPolicyStatements),
        description: 'Statements a bucket in another account must grant (not needed in the same account)',
      });
    }
  }

  private createBucket(props: CkafkaCosBackupProps, tags: Record<string, string> | undefined): CosBucket {
    const options = props.createBucket!;
    const iaDays = options.infrequentAccessAfterDays ?? 30;
    const versioning = options.versioning ?? true;
    return new CosBucket(this, 'Bucket', {
      bucket: options.name,
      acl: 'private',
      versioningEnable: versioning,
      encryptionAlgorithm: options.encryption ?? 'AES256',
      kmsId: options.kmsKeyId,
      forceClean: options.forceDestroy ?? false,
      tags,
      lifecycleRules: [
        {
          id: 'ckafka-backup',
          filterPrefix: props.prefix ?? '',
          transition: iaDays > 0 ? [{ days: iaDays, storageClass: 'STANDARD_IA' }] : undefined,
          expiration: options.expireAfterDays !== undefined ? { days: options.expireAfterDays } : undefined,
          nonCurrentExpiration: versioning ? { nonCurrentDays: options.noncurrentVersionExpireDays ?? 7 } : undefined,
          abortIncompleteMultipartUpload: { daysAfterInitiation: options.abortIncompleteUploadsAfterDays ?? 1 },
        },
      ],
    });
  }
}
