// Cloud Monitor and CLS alarms of one backup: function errors, run time near the timeout,
// consumer-group lag (timer mode) and lost or stuck runs in the CLS logs, their bindings, an
// optional notice template, and the defaults of the `alarms` prop.
import { Annotations, ITerraformDependable, Op, TerraformResourceLifecycle, Token } from 'cdktf';
import { AlarmMetricCheck, topicIds } from './alarm-lookups';
import { Construct } from 'constructs';
import { ClsAlarm } from '../.gen/providers/tencentcloud/cls-alarm';
import { MonitorAlarmNotice } from '../.gen/providers/tencentcloud/monitor-alarm-notice';
import { MonitorAlarmPolicy } from '../.gen/providers/tencentcloud/monitor-alarm-policy';
import { MonitorPolicyBindingObject } from '../.gen/providers/tencentcloud/monitor-policy-binding-object';
import { ScfFunction } from '../.gen/providers/tencentcloud/scf-function';
import { ScfTrigger } from '../.gen/providers/tencentcloud/scf-trigger';
import { sortedKeys } from './ckafka-trigger';
import { BackupAlarms } from './props';
import { addSynthWarning } from './synth-warnings';

/** Defaults of the `alarms` prop (README, "Default settings"). */
export const ALARM_DEFAULTS = {
  monitorType: 'MT_QCE',
  functionPolicyType: 'SCF',
  /** The group's lag on a whole topic (per partition is `CKAFKA_CONSUMERGROUP`, cn 248/50397). */
  consumerGroupPolicyType: 'CKAFKA-CONSUMERGROUP-TOPIC',
  errorsMetric: 'Error',
  durationMetric: 'Duration',
  /** Unconsumed messages of the group on the topic, all partitions (cn 248/45122). */
  consumerLagMetric: 'UnconsumeTopic',
  errorsThreshold: 0,
  durationPercentOfTimeout: 90,
  consumerLagRecords: 1_000_000,
  consumerLagContinuePeriods: 3,
  functionPeriodSeconds: 60,
  consumerLagPeriodSeconds: 300,
  repeatSeconds: 3600,
  channels: ['EMAIL', 'SMS'] as const,
  language: 'en-US' as const,
  /** SCF's metrics are per version; a function without published versions runs `$latest`. */
  functionVersion: '$latest',
  /** CLS log alarm: `run-finished` lines at level `warn` within this many granularity periods. */
  stuckRuns: 3,
  /** Handler events that mean records were lost or a partition was not backed up. */
  lossEvents: ['records-expired-before-backup', 'partition-failed'] as const,
  stuckEvent: 'run-finished',
};

/**
 * The CLS log alarm's queries and trigger condition.
 *
 * Syntax: Lucene (`syntax_rule = 0`, the provider's default), key:value on the JSON fields `event`
 * and `level` of the handler's log lines, no SQL part; the condition reads each target's
 * `__QUERYCOUNT__` (the number of matching lines). Written from the provider and CLS API docs;
 * NOT confirmed against an account: it needs the topic to index (key-value) the `event` and `level`
 * fields of the lines as SCF ships them.
 */
export function logEventsRule(stuckRuns: number): { lossQuery: string; stuckQuery: string; condition: string } {
  return {
    lossQuery: ALARM_DEFAULTS.lossEvents.map((event) => `event:"${event}"`).join(' OR '),
    stuckQuery: `event:"${ALARM_DEFAULTS.stuckEvent}" AND level:"warn"`,
    condition: `$1.__QUERYCOUNT__ > 0 || $2.__QUERYCOUNT__ >= ${stuckRuns}`,
  };
}

/** The repeat intervals (seconds) the alarm API takes for `notice_frequency` (AlarmPolicyRule.NoticeFrequency). */
export const NOTICE_FREQUENCIES = [0, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400] as const;

/** CreateAlarmPolicy `Remark`: at most 100 letters, digits, `_` and `-`. */
export const REMARK_PATTERN = /^[A-Za-z0-9_-]{0,100}$/;

/** `text` as a remark the alarm API accepts: any other character becomes `-`, then cut to 100. */
export function alarmRemark(text: string): string {
  if (Token.isUnresolved(text)) return text;
  return text.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 100);
}

/** Said at synth (info) for a timer-mode backup by pattern: it has no lag alarm, and what covers that instead. */
export const PATTERN_LAG_INFO =
  'no consumer-lag alarm (LagAlarm): with kafka.topicPattern the topics are known only at run time, and the alarm binds ' +
  "to each topic's id at plan time. A backup that falls behind shows in the CLS log alarm (runs that end with partitions " +
  'behind; needs logs or createLogs) and in `ckafka-cos-backup status --max-age` (see docs/alarms.md).';

export const NOBODY_NOTIFIED_WARNING =
  'alarms notify nobody: they exist and show in the Cloud Monitor console, but no one is told when they fire. ' +
  'Set alarms.noticeIds (existing notification templates) or alarms.createNotice (receivers), ' +
  'or alarms.enabled: false to create no alarms.';

export interface AlarmTarget {
  functionName: string;
  namespace: string;
  /** Function timeout in seconds (may be a token). */
  timeoutSeconds: number;
  /** The account's APPID (a token of the account data source): every binding dimension set names it. */
  appId: string;
  instanceId: string;
  /**
   * The backed-up topics by name (their ids are looked up at plan time for the lag binding);
   * undefined with a pattern, whose topics are known only at run time: then no lag alarm.
   */
  topics?: string[];
  consumerGroup: string;
  /** Timer mode: the backup's own group, so its lag is watched. */
  timerMode: boolean;
  fn: ScfFunction;
  trigger: ScfTrigger;
  /** Minutes between timer runs (the CLS alarm's period). */
  granularityMinutes: number;
  /** The CLS logset and topic of the function's logs, when it logs to CLS. */
  logs?: { logsetId: string; topicId: string };
  tags?: Record<string, string>;
}

export interface CreatedAlarms {
  notice?: MonitorAlarmNotice;
  errors?: MonitorAlarmPolicy;
  duration?: MonitorAlarmPolicy;
  consumerLag?: MonitorAlarmPolicy;
  /** The CLS alarm on loss and stuck events (CLS logs only). */
  logEvents?: ClsAlarm;
  bindings: MonitorPolicyBindingObject[];
  noticeIds: string[];
}

/** At most `max` characters (Cloud Monitor names are short). */
function clip(text: string, max: number): string {
  return Token.isUnresolved(text) || text.length <= max ? text : text.slice(0, max);
}

/** The alarm policies of one backup, their bindings and optionally a notice template; fixed construct ids. */
export function createAlarms(scope: Construct, options: BackupAlarms | undefined, target: AlarmTarget): CreatedAlarms {
  const created: CreatedAlarms = { bindings: [], noticeIds: [] };
  if (options?.enabled === false) return created;
  const names = options?.metricNames ?? {};
  const repeatSeconds = options?.repeatSeconds ?? ALARM_DEFAULTS.repeatSeconds;

  const noticeIds = [...(options?.noticeIds ?? [])];
  if (options?.createNotice) {
    const receivers = options.createNotice;
    const everyDay = [1, 2, 3, 4, 5, 6, 7];
    const channels = [...(receivers.channels ?? ALARM_DEFAULTS.channels)];
    const userNotices = [];
    if (receivers.userIds?.length) {
      userNotices.push({
        receiverType: 'USER',
        userIds: receivers.userIds,
        noticeWay: channels,
        startTime: 0,
        endTime: 86399,
        weekday: everyDay,
      });
    }
    if (receivers.groupIds?.length) {
      userNotices.push({
        receiverType: 'GROUP',
        groupIds: receivers.groupIds,
        noticeWay: channels,
        startTime: 0,
        endTime: 86399,
        weekday: everyDay,
      });
    }
    created.notice = new MonitorAlarmNotice(scope, 'AlarmNotice', {
      name: clip(`${target.functionName}-alarms`, 60),
      noticeType: 'ALL',
      noticeLanguage: receivers.language ?? ALARM_DEFAULTS.language,
      userNotices: userNotices.length ? userNotices : undefined,
      urlNotices: receivers.urls?.length
        ? receivers.urls.map((url) => ({ url, startTime: 0, endTime: 86399, weekday: everyDay }))
        : undefined,
    });
    noticeIds.push(created.notice.id);
  }
  created.noticeIds = noticeIds;
  // Also on stderr when the app runs as a script: only the CLIs print annotations.
  if (noticeIds.length === 0) addSynthWarning(scope, NOBODY_NOTIFIED_WARNING);

  const checks = new Map<string, AlarmMetricCheck>();
  const checkOf = (policyType: string): AlarmMetricCheck | undefined => {
    if (options?.checkMetricNames === false) return undefined;
    if (!checks.has(policyType)) {
      const id = `AlarmMetrics${policyType.replace(/[^A-Za-z0-9]/g, '')}`;
      checks.set(policyType, new AlarmMetricCheck(scope, id, policyType));
    }
    return checks.get(policyType);
  };
  const policy = (
    id: string,
    name: string,
    remark: string,
    namespace: string,
    rule: { metric: string; value: string; period: number; continuePeriods: number },
    props: { metricProp: string; policyTypeProp: string; continuePeriodProp?: string },
  ): MonitorAlarmPolicy =>
    new MonitorAlarmPolicy(scope, id, {
      policyName: clip(name, 60),
      remark: alarmRemark(remark),
      monitorType: ALARM_DEFAULTS.monitorType,
      namespace,
      projectId: 0,
      enable: 1,
      noticeIds: noticeIds.length ? noticeIds : undefined,
      conditions: {
        isUnionRule: 0,
        rules: [
          {
            metricName: rule.metric,
            operator: 'gt',
            value: rule.value,
            period: rule.period,
            continuePeriod: rule.continuePeriods,
            noticeFrequency: repeatSeconds,
            isPowerNotice: 0,
          },
        ],
      },
      lifecycle: checkOf(namespace)?.lifecycle({
        metric: rule.metric,
        period: rule.period,
        continuePeriod: rule.continuePeriods,
        ...props,
      }),
    });
  const bind = (
    id: string,
    policyId: string,
    dimensions: Record<string, string> | Record<string, string>[],
    dependsOn: ITerraformDependable[],
    lifecycle?: TerraformResourceLifecycle,
  ): void => {
    created.bindings.push(
      new MonitorPolicyBindingObject(scope, id, {
        policyId,
        lifecycle,
        // Keys in sorted order: the same dimensions always give the same string. The dimensions
        // are ForceNew: a string that changed with each synth would replace the binding.
        dimensions: [dimensions].flat().map((set) => ({ dimensionsJson: JSON.stringify(sortedKeys(set)) })),
        dependsOn,
      }),
    );
  };

  const functionType = names.functionPolicyType ?? ALARM_DEFAULTS.functionPolicyType;
  // The alarm API's dimension keys for SCF (policy-type table, cn 248/50397), not the metric-data API's.
  const functionDimensions = {
    appid: target.appId,
    function_name: target.functionName,
    namespace: target.namespace,
    version: ALARM_DEFAULTS.functionVersion,
  };
  if (options?.functionErrors?.enabled !== false) {
    const threshold = options?.functionErrors?.threshold ?? ALARM_DEFAULTS.errorsThreshold;
    created.errors = policy(
      'ErrorsAlarm',
      `${target.functionName} backup errors`,
      `${target.functionName}_backup_errors_above_${threshold}_per_minute`,
      functionType,
      {
        metric: names.errors ?? ALARM_DEFAULTS.errorsMetric,
        value: String(threshold),
        period: ALARM_DEFAULTS.functionPeriodSeconds,
        continuePeriods: 1,
      },
      { metricProp: 'alarms.metricNames.errors', policyTypeProp: 'alarms.metricNames.functionPolicyType' },
    );
    bind('ErrorsAlarmBinding', created.errors.id, functionDimensions, [target.fn]);
  }
  if (options?.duration?.enabled !== false) {
    const percent = options?.duration?.percentOfTimeout ?? ALARM_DEFAULTS.durationPercentOfTimeout;
    // Duration is in milliseconds: timeout (s) x 1000 x percent / 100.
    const value = Token.isUnresolved(target.timeoutSeconds)
      ? Token.asString(Op.mul(target.timeoutSeconds, percent * 10))
      : String(Math.round(target.timeoutSeconds * percent * 10));
    created.duration = policy(
      'DurationAlarm',
      `${target.functionName} backup duration`,
      `${target.functionName}_backup_runs_above_${percent}_percent_of_timeout`,
      functionType,
      {
        metric: names.duration ?? ALARM_DEFAULTS.durationMetric,
        value,
        period: ALARM_DEFAULTS.functionPeriodSeconds,
        continuePeriods: 1,
      },
      { metricProp: 'alarms.metricNames.duration', policyTypeProp: 'alarms.metricNames.functionPolicyType' },
    );
    bind('DurationAlarmBinding', created.duration.id, functionDimensions, [target.fn]);
  }
  if (target.timerMode && options?.consumerLag?.enabled !== false) {
    if (!target.topics) {
      Annotations.of(scope).addInfo(PATTERN_LAG_INFO);
    } else {
      const records = options?.consumerLag?.records ?? ALARM_DEFAULTS.consumerLagRecords;
      const topicsText = target.topics.length === 1 ? target.topics[0] : `${target.topics.length}_topics`;
      created.consumerLag = policy(
        'LagAlarm',
        `${target.functionName} backup lag`,
        `${target.consumerGroup}_behind_on_${topicsText}_by_over_${records}_records`,
        names.consumerGroupPolicyType ?? ALARM_DEFAULTS.consumerGroupPolicyType,
        {
          metric: names.consumerLag ?? ALARM_DEFAULTS.consumerLagMetric,
          value: String(records),
          period: ALARM_DEFAULTS.consumerLagPeriodSeconds,
          continuePeriods: options?.consumerLag?.continuePeriods ?? ALARM_DEFAULTS.consumerLagContinuePeriods,
        },
        {
          metricProp: 'alarms.metricNames.consumerLag',
          policyTypeProp: 'alarms.metricNames.consumerGroupPolicyType',
          continuePeriodProp: 'alarms.consumerLag.continuePeriods',
        },
      );
      const topics = topicIds(scope, target.instanceId, target.topics);
      // One dimension set per topic: the group's lag on each (CKAFKA-CONSUMERGROUP-TOPIC, cn 248/50397).
      bind(
        'LagAlarmBinding',
        created.consumerLag.id,
        topics.ids.map((topic) => ({
          appid: target.appId,
          consumer_group: target.consumerGroup,
          instance_id: target.instanceId,
          topicid: topic.id,
          topicname: topic.name,
        })),
        [target.trigger],
        topics.lifecycle,
      );
    }
  }
  if (target.logs) {
    created.logEvents = logEventsAlarm(scope, options, target, target.logs, noticeIds, repeatSeconds);
  }
  return created;
}

/**
 * `tencentcloud_cls_alarm` on the handler's loss and stuck events. The provider takes exactly one of
 * `alarm_notice_ids` (CLS notification groups, `tencentcloud_cls_alarm_notice`) and `monitor_notice`
 * (Observability Platform, i.e. Cloud Monitor, notification templates): `alarms.clsNoticeIds` if set,
 * else the Cloud Monitor templates. With neither there is nothing valid to write: no alarm.
 */
function logEventsAlarm(
  scope: Construct,
  options: BackupAlarms | undefined,
  target: AlarmTarget,
  logs: { logsetId: string; topicId: string },
  noticeIds: string[],
  repeatSeconds: number,
): ClsAlarm | undefined {
  const clsNoticeIds = options?.clsNoticeIds ?? [];
  if (clsNoticeIds.length === 0 && noticeIds.length === 0) return undefined;
  const runs = options?.stuck?.runs ?? ALARM_DEFAULTS.stuckRuns;
  const rule = logEventsRule(runs);
  const minutes = target.granularityMinutes;
  return new ClsAlarm(scope, 'LogEventsAlarm', {
    name: clip(`${target.functionName} backup log events`, 255),
    alarmTargets: [
      // $1: loss events logged since the last check.
      {
        number: 1,
        logsetId: logs.logsetId,
        topicId: logs.topicId,
        query: rule.lossQuery,
        syntaxRule: 0,
        startTimeOffset: -minutes,
        endTimeOffset: 0,
      },
      // $2: runs that ended with partitions behind, over `runs` periods.
      {
        number: 2,
        logsetId: logs.logsetId,
        topicId: logs.topicId,
        query: rule.stuckQuery,
        syntaxRule: 0,
        startTimeOffset: -minutes * runs,
        endTimeOffset: 0,
      },
    ],
    // Offsets and periods are in minutes (CLS API, AlarmTarget / MonitorTime / AlarmPeriod).
    monitorTime: { type: 'Period', time: minutes },
    condition: rule.condition,
    alarmLevel: 0,
    triggerCount: 1,
    // Minutes between notifications, 1..1440; "notify once" (0) becomes the longest.
    alarmPeriod: repeatSeconds === 0 ? 1440 : Math.max(1, Math.min(1440, Math.round(repeatSeconds / 60))),
    status: true,
    alarmNoticeIds: clsNoticeIds.length ? clsNoticeIds : undefined,
    monitorNotice: clsNoticeIds.length ? undefined : { notices: noticeIds.map((noticeId) => ({ noticeId })) },
    tags: target.tags,
  });
}
