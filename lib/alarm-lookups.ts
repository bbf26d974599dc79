// What the alarms need from the account at plan time: the id of each backed-up topic (the lag
// binding names it), and the alarm API's own list of metrics, against which the plan checks the
// names and periods the alarms use, so a wrong one fails `terraform plan` instead of creating an
// alarm that never fires.
import { Fn, TerraformLocal, TerraformResourceLifecycle } from 'cdktf';
import { Construct } from 'constructs';
import { DataTencentcloudCkafkaTopics } from '../.gen/providers/tencentcloud/data-tencentcloud-ckafka-topics';
import { DataTencentcloudMonitorAlarmMetric } from '../.gen/providers/tencentcloud/data-tencentcloud-monitor-alarm-metric';

/** A Kafka topic name as an HCL string literal: topic names are `[a-zA-Z0-9._-]`, nothing to escape. */
const hclString = (text: string): string => `"${text}"`;

/** Topic ids for the lag binding, and the plan-time check that the instance has each topic. */
export interface TopicIds {
  /** Each topic's name and its id (a Terraform expression, known at plan time). */
  readonly ids: { name: string; id: string }[];
  readonly lifecycle: TerraformResourceLifecycle;
}

/**
 * The topic ids of `topics` on the instance, as Terraform locals, with a check that each topic
 * exists. The data source's `topic_name` is a fuzzy search (DescribeTopicDetail `SearchWord`), so
 * an id is taken from the entry whose name is exactly the topic's.
 *
 * One topic is looked up by its name (`TopicLookup`, `TopicId`). Several are looked up together:
 * one `TopicLookup` of the instance's topics (the provider pages through them, 20 a request) and
 * one `TopicIds` list, instead of a data source and a local per topic, each read on every plan with
 * two API calls of its own. The check then names every topic the instance lacks.
 */
export function topicIds(scope: Construct, instanceId: string, topics: readonly string[]): TopicIds {
  if (topics.length === 1) return oneTopicId(scope, instanceId, topics[0]);
  const lookup = new DataTencentcloudCkafkaTopics(scope, 'TopicLookup', { instanceId });
  const names = `[${topics.map(hclString).join(', ')}]`;
  // null for a topic the instance lacks: the precondition stops the plan before it is used.
  const local = new TerraformLocal(
    scope,
    'TopicIds',
    `\${[for name in ${names} : one([for t in ${lookup.fqn}.instance_list : t.topic_id if t.topic_name == name])]}`,
  );
  const missing = `[for i, name in ${names} : name if ${local.asString}[i] == null]`;
  return {
    ids: topics.map((name, i) => ({ name, id: Fn.element(local.asList, i) })),
    lifecycle: {
      precondition: [
        {
          condition: `\${length(${missing}) == 0}`,
          errorMessage:
            `CKafka instance ${instanceId} has no topic named exactly \${join(", ", ${missing})} ` +
            '(looked up with data.tencentcloud_ckafka_topics): the lag alarm binds to each topic id. ' +
            'Check kafka.instanceId and kafka.topics, or set alarms.consumerLag.enabled: false.',
        },
      ],
    },
  };
}

/** The id of the one topic of the backup, looked up by its name. */
function oneTopicId(scope: Construct, instanceId: string, name: string): TopicIds {
  const lookup = new DataTencentcloudCkafkaTopics(scope, 'TopicLookup', { instanceId, topicName: name });
  const matching = `[for t in ${lookup.fqn}.instance_list : t.topic_id if t.topic_name == ${hclString(name)}]`;
  return {
    ids: [{ name, id: new TerraformLocal(scope, 'TopicId', `\${one(${matching})}`).asString }],
    lifecycle: {
      precondition: [
        {
          condition: `\${length(${matching}) == 1}`,
          errorMessage:
            `CKafka instance ${instanceId} has no topic named exactly "${name}" (looked up with data.tencentcloud_ckafka_topics): ` +
            'the lag alarm binds to the topic id. Check kafka.instanceId and the topic, or set alarms.consumerLag.enabled: false.',
        },
      ],
    },
  };
}

/** A metric an alarm rule uses, and the props that name it. */
export interface CheckedMetric {
  readonly metric: string;
  readonly period: number;
  readonly continuePeriod: number;
  /** The prop that sets the metric name, e.g. `alarms.metricNames.errors`. */
  readonly metricProp: string;
  /** The prop that sets the policy type, e.g. `alarms.metricNames.functionPolicyType`. */
  readonly policyTypeProp: string;
  /** The prop that sets the continue periods, when one does. */
  readonly continuePeriodProp?: string;
}

/** Preconditions of one alarm policy, reading the alarm API's metric list of its policy type. */
export class AlarmMetricCheck {
  private readonly lookup: DataTencentcloudMonitorAlarmMetric;

  constructor(
    scope: Construct,
    id: string,
    private readonly policyType: string,
  ) {
    // DescribeAlarmMetrics: module `monitor`, the policy type as namespace (provider docs, d/monitor_alarm_metric).
    this.lookup = new DataTencentcloudMonitorAlarmMetric(scope, id, {
      module: 'monitor',
      monitorType: 'Monitoring',
      namespace: policyType,
    });
  }

  /** The metric exists for the policy type, and takes the rule's period and continue period. */
  lifecycle(checked: CheckedMetric): TerraformResourceLifecycle {
    const metrics = `${this.lookup.fqn}.metrics`;
    const named = hclString(checked.metric);
    const allowed = (field: 'period' | 'continue_period') =>
      `flatten([for m in ${metrics} : [for c in m.metric_config : tolist(c.${field})] if m.metric_name == ${named}])`;
    // An empty list means the API states no limits for the metric: nothing to check.
    const takes = (field: 'period' | 'continue_period', value: number) =>
      `\${length(${allowed(field)}) == 0 || contains(${allowed(field)}, ${value})}`;
    // No token in a message: it would become a reference in Terraform's error_message.
    const where = `policy type "${this.policyType}" on this account (the tencentcloud_monitor_alarm_metric data source in the plan lists them)`;
    const skip = 'or alarms.checkMetricNames: false if the deploy role cannot call DescribeAlarmMetrics';
    return {
      precondition: [
        {
          condition: `\${contains([for m in ${metrics} : m.metric_name], ${named})}`,
          errorMessage:
            `Cloud Monitor has no alarm metric "${checked.metric}" for ${where}: ` +
            `set ${checked.metricProp} (and ${checked.policyTypeProp}) to a listed name, ${skip}.`,
        },
        {
          condition: takes('period', checked.period),
          errorMessage:
            `Cloud Monitor does not take a ${checked.period} s period for "${checked.metric}" of ${where}: ` +
            `set ${checked.metricProp} to a metric that does, ${skip}.`,
        },
        {
          condition: takes('continue_period', checked.continuePeriod),
          errorMessage:
            `Cloud Monitor does not take ${checked.continuePeriod} continue periods for "${checked.metric}" of ${where}: ` +
            (checked.continuePeriodProp
              ? `set ${checked.continuePeriodProp} to a listed value, `
              : `set ${checked.metricProp} to a metric that takes it, `) +
            `${skip}.`,
        },
      ],
    };
  }
}
