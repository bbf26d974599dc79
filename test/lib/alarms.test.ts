// What this suite proves: the construct's Cloud Monitor and CLS alarms are on by default with the
// documented metrics and thresholds, and each alarm prop changes them, turns them off or is
// refused at synth as documented.
import { parse as parseHcl } from '@cdktf/hcl2json';
import { App, TerraformStack, Testing } from 'cdktf';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CkafkaCosBackup, CkafkaCosBackupProps, TencentcloudProvider } from '../../lib';
import { NOBODY_NOTIFIED_WARNING, NOTICE_FREQUENCIES, PATTERN_LAG_INFO, REMARK_PATTERN } from '../../lib/alarms';
import { existingTopicIndexWarning, LOG_INDEX_FIELDS } from '../../lib/log-index';
import { CLI_PRINTS_ANNOTATIONS_ENV } from '../../lib/synth-warnings';
import { baseProps, synthBackup } from '../support/synth';

const POLICY = 'tencentcloud_monitor_alarm_policy';
const BINDING = 'tencentcloud_monitor_policy_binding_object';
const NOTICE = 'tencentcloud_monitor_alarm_notice';

/** The alarm policy and binding whose address holds this construct id. */
function alarm(s: ReturnType<typeof synthBackup>, id: string): { policy: any; binding: any } {
  const find = (type: string, name: string): any => {
    const entry = Object.entries(s.resources(type)).find(([address]) => address.includes(`_${name}_`));
    return entry?.[1];
  };
  return { policy: find(POLICY, id), binding: find(BINDING, `${id}Binding`) };
}

function warnings(s: ReturnType<typeof synthBackup>): string[] {
  return s.backup.node.metadata.filter((m) => /warn/i.test(m.type)).map((m) => String(m.data));
}

describe('alarms (on by default)', () => {
  const s = synthBackup(baseProps());

  const APPID = '${data.tencentcloud_user_info.CkafkaCosBackupAccount.app_id}';

  test('function errors: Error > 0 per minute on this function, $latest, with the alarm API`s dimension keys', () => {
    const { policy, binding } = alarm(s, 'ErrorsAlarm');
    expect(policy).toMatchObject({
      monitor_type: 'MT_QCE',
      namespace: 'SCF',
      policy_name: 'orders-backup backup errors',
      remark: 'orders-backup_backup_errors_above_0_per_minute',
      enable: 1,
      conditions: {
        is_union_rule: 0,
        rules: [{ metric_name: 'Error', operator: 'gt', value: '0', period: 60, continue_period: 1 }],
      },
    });
    // Policy-type table (cn 248/50397): snake case, with the APPID, from the account data source.
    expect(binding.dimensions).toEqual([
      {
        dimensions_json: `{"appid":"${APPID}","function_name":"orders-backup","namespace":"default","version":"$latest"}`,
      },
    ]);
    expect(binding.policy_id).toMatch(
      /\$\{tencentcloud_monitor_alarm_policy\.OrdersBackup_ErrorsAlarm_[0-9A-F]+\.id\}/,
    );
  });

  test('duration: above 90% of the timeout, in milliseconds, on the same dimensions', () => {
    const { policy, binding } = alarm(s, 'DurationAlarm');
    // 5-minute granularity: timeout 300 s, 90% = 270000 ms.
    expect(policy.conditions.rules).toEqual([expect.objectContaining({ metric_name: 'Duration', value: '270000' })]);
    expect(JSON.parse(binding.dimensions[0].dimensions_json)).toEqual({
      appid: APPID,
      function_name: 'orders-backup',
      namespace: 'default',
      version: '$latest',
    });
  });

  test('consumer lag: the group on the whole topic (UnconsumeTopic), bound by topic id looked up at plan time', () => {
    const { policy, binding } = alarm(s, 'LagAlarm');
    expect(policy).toMatchObject({
      namespace: 'CKAFKA-CONSUMERGROUP-TOPIC',
      remark: 'orders-backup_behind_on_orders_by_over_1000000_records',
    });
    expect(policy.conditions.rules).toEqual([
      expect.objectContaining({
        metric_name: 'UnconsumeTopic',
        operator: 'gt',
        value: '1000000',
        period: 300,
        continue_period: 3,
      }),
    ]);
    const [local] = Object.keys(s.json.locals);
    expect(JSON.parse(binding.dimensions[0].dimensions_json)).toEqual({
      appid: APPID,
      consumer_group: 'orders-backup',
      instance_id: 'ckafka-abc123',
      topicid: `\${local.${local}}`,
      topicname: 'orders',
    });
    // The data source searches by name fuzzily: the id is the entry named exactly "orders".
    const lookup = Object.keys(s.json.data.tencentcloud_ckafka_topics)[0];
    expect(s.json.data.tencentcloud_ckafka_topics[lookup]).toEqual({
      instance_id: 'ckafka-abc123',
      topic_name: 'orders',
    });
    const matching = `[for t in data.tencentcloud_ckafka_topics.${lookup}.instance_list : t.topic_id if t.topic_name == "orders"]`;
    expect(s.json.locals[local]).toBe(`\${one(${matching})}`);
    expect(binding.lifecycle.precondition).toEqual([
      {
        condition: `\${length(${matching}) == 1}`,
        error_message: expect.stringContaining('CKafka instance ckafka-abc123 has no topic named exactly "orders"'),
      },
    ]);
  });

  test('every remark is what CreateAlarmPolicy takes: at most 100 letters, digits, _ and -', () => {
    const long = synthBackup(
      baseProps({ functionName: `f${'x'.repeat(59)}`, kafka: { ...baseProps().kafka, topic: 'a.b.c' } }),
    );
    for (const synthesized of [s, long]) {
      const policies = Object.values(synthesized.resources(POLICY)) as any[];
      expect(policies).toHaveLength(3);
      for (const policy of policies) expect(policy.remark).toMatch(REMARK_PATTERN);
    }
  });

  test('the plan checks each metric name, period and continue period against the alarm API`s list', () => {
    const metrics = s.json.data.tencentcloud_monitor_alarm_metric;
    expect(Object.values(metrics)).toHaveLength(2);
    expect(Object.values(metrics)).toEqual(
      expect.arrayContaining([
        { module: 'monitor', monitor_type: 'Monitoring', namespace: 'SCF' },
        { module: 'monitor', monitor_type: 'Monitoring', namespace: 'CKAFKA-CONSUMERGROUP-TOPIC' },
      ]),
    );
    const scf = Object.keys(metrics).find((k) => metrics[k].namespace === 'SCF');
    const { policy } = alarm(s, 'ErrorsAlarm');
    const [named, period, continuePeriod] = policy.lifecycle.precondition;
    expect(named.condition).toBe(
      `\${contains([for m in data.tencentcloud_monitor_alarm_metric.${scf}.metrics : m.metric_name], "Error")}`,
    );
    expect(named.error_message).toMatch(
      /no alarm metric "Error" for policy type "SCF".*set alarms\.metricNames\.errors/,
    );
    expect(period.condition).toContain('tolist(c.period)] if m.metric_name == "Error"]), 60)}');
    expect(continuePeriod.condition).toContain('tolist(c.continue_period)] if m.metric_name == "Error"]), 1)}');
  });

  test('no notice: alarms without notice_ids, and a synth warning', () => {
    expect(s.resources(NOTICE)).toEqual({});
    for (const policy of Object.values(s.resources(POLICY))) expect((policy as any).notice_ids).toBeUndefined();
    expect(warnings(s)).toEqual([NOBODY_NOTIFIED_WARNING]);
  });

  test('re-synth gives the same alarms (deterministic JSON)', () => {
    const again = synthBackup(baseProps());
    expect(again.resources(BINDING)).toEqual(s.resources(BINDING));
    expect(again.resources(POLICY)).toEqual(s.resources(POLICY));
  });
});

describe('plan-time checks and values the alarm API takes', () => {
  /**
   * Every Terraform expression the alarms add (preconditions, the topic-id local), parsed by HCL's
   * own parser (Go HCL, through @cdktf/hcl2json), as `terraform plan` would read it.
   */
  async function expectValidHcl(expressions: string[]): Promise<void> {
    expect(expressions.length).toBeGreaterThan(0);
    const body = expressions.map((e, i) => `  e${i} = "${e}"`).join('\n');
    await expect(parseHcl('alarms.tf', `locals {\n${body}\n}\n`)).resolves.toBeDefined();
  }

  test('every precondition and lookup is valid HCL, for a topic name with dots and dashes too', async () => {
    const s = synthBackup(baseProps({ kafka: { ...baseProps().kafka, topic: 'orders.v2-eu_1' } }));
    const conditions = (Object.values(s.json.resource) as Record<string, any>[])
      .flatMap((blocks) => Object.values(blocks))
      .flatMap((block: any) => block.lifecycle?.precondition ?? [])
      .map((p: any) => p.condition);
    expect(conditions).toHaveLength(10); // 3 per alarm policy, 1 on the lag binding
    await expectValidHcl([...conditions, ...(Object.values(s.json.locals) as string[])]);
    // The check that would catch a quoting slip: a string escaped one level too many is refused.
    await expect(parseHcl('bad.tf', 'locals {\n  e = "${a == \\"x\\"}"\n}\n')).rejects.toThrow(/Invalid character/);
  });

  test('a metric name the account does not list fails the plan with the name and the prop to set', () => {
    const s = synthBackup(baseProps({ alarms: { metricNames: { functionPolicyType: 'scf_v2', errors: 'Errors' } } }));
    const { policy } = alarm(s, 'ErrorsAlarm');
    const [named] = policy.lifecycle.precondition;
    expect(named.condition).toMatch(/m\.metric_name\], "Errors"\)\}$/);
    expect(named.error_message).toBe(
      'Cloud Monitor has no alarm metric "Errors" for policy type "scf_v2" on this account (the tencentcloud_monitor_alarm_metric ' +
        'data source in the plan lists them): set alarms.metricNames.errors (and alarms.metricNames.functionPolicyType) to a ' +
        'listed name, or alarms.checkMetricNames: false if the deploy role cannot call DescribeAlarmMetrics.',
    );
  });

  test('checkMetricNames: false reads no metric list and adds no check to the policies', () => {
    const s = synthBackup(baseProps({ alarms: { checkMetricNames: false } }));
    expect(s.json.data.tencentcloud_monitor_alarm_metric).toBeUndefined();
    for (const policy of Object.values(s.resources(POLICY)) as any[]) expect(policy.lifecycle).toBeUndefined();
    // The topic id is still needed by the lag binding.
    expect(Object.keys(s.json.data.tencentcloud_ckafka_topics)).toHaveLength(1);
  });

  test('repeatSeconds takes the alarm API`s notice frequencies only; 0 notifies once', () => {
    expect(() => synthBackup(baseProps({ alarms: { repeatSeconds: 120 } }))).toThrow(
      'alarms.repeatSeconds: 120 must be one of 0, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400',
    );
    for (const repeatSeconds of NOTICE_FREQUENCIES) {
      const s = synthBackup(baseProps({ alarms: { repeatSeconds } }));
      for (const policy of Object.values(s.resources(POLICY)) as any[]) {
        expect(policy.conditions.rules[0].notice_frequency).toBe(repeatSeconds);
      }
    }
    const once = synthBackup(
      baseProps({
        logs: { logsetId: 'aaaaaaaa-1111', topicId: 'bbbbbbbb-2222' },
        alarms: { repeatSeconds: 0, noticeIds: ['notice-l9ziyxw6'] },
      }),
    );
    expect(once.one('tencentcloud_cls_alarm').alarm_period).toBe(1440);
  });
});

describe('CLS log index', () => {
  const INDEX = 'tencentcloud_cls_index';

  test('createLogs: the created topic gets full text and a key-value entry for each searched field', () => {
    const s = synthBackup(baseProps({ createLogs: { retentionDays: 30 }, alarms: { noticeIds: ['notice-l9ziyxw6'] } }));
    const index = s.one(INDEX);
    expect(index.topic_id).toMatch(/^\$\{tencentcloud_cls_topic\.OrdersBackup_LogTopic_[0-9A-F]+\.id\}$/);
    expect(index.rule.full_text).toMatchObject({ case_sensitive: false, contain_z_h: false });
    const entries = index.rule.key_value.key_values.map((kv: any) => [kv.key, kv.value.type, kv.value.sql_flag]);
    expect(entries).toEqual(LOG_INDEX_FIELDS.map(({ key, type }) => [key, type, true]));
    // The alarm searches event and level: both are indexed as text.
    expect(entries).toEqual(
      expect.arrayContaining([
        ['event', 'text', true],
        ['level', 'text', true],
      ]),
    );
  });

  test('an existing logs topic: no index (not ours to own), and a synth warning with the entries to add', () => {
    const s = synthBackup(
      baseProps({
        logs: { logsetId: 'aaaaaaaa-1111', topicId: 'bbbbbbbb-2222' },
        alarms: { noticeIds: ['notice-l9ziyxw6'] },
      }),
    );
    expect(s.resources(INDEX)).toEqual({});
    expect(warnings(s)).toEqual([existingTopicIndexWarning('bbbbbbbb-2222')]);
    expect(warnings(s)[0]).toContain('event (text), level (text)');
  });
});

describe('the nobody-notified warning is shown once, however the app runs', () => {
  const LINE = `WARN [backups/OrdersBackup]: ${NOBODY_NOTIFIED_WARNING}\n`;
  let outdir: string;
  let stderr: jest.SpyInstance;
  const cliEnv = process.env[CLI_PRINTS_ANNOTATIONS_ENV];
  beforeEach(() => {
    outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'alarms-warning-'));
    stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(() => {
    stderr.mockRestore();
    if (cliEnv === undefined) delete process.env[CLI_PRINTS_ANNOTATIONS_ENV];
    else process.env[CLI_PRINTS_ANNOTATIONS_ENV] = cliEnv;
    fs.rmSync(outdir, { recursive: true, force: true });
  });

  /** `app.synth()` of one backup, as an app does; the warnings stderr got and the manifest's. */
  function synthApp(props: CkafkaCosBackupProps): { stderr: string[]; manifest: string[] } {
    const app = new App({ outdir });
    const stack = new TerraformStack(app, 'backups');
    new TencentcloudProvider(stack, 'tencentcloud', { region: 'ap-guangzhou' });
    new CkafkaCosBackup(stack, 'OrdersBackup', props);
    app.synth();
    const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
    return {
      stderr: stderr.mock.calls.map(([chunk]) => String(chunk)).filter((text) => text.includes('notify nobody')),
      manifest: manifest.stacks.backups.annotations
        .filter((a: { level: string }) => a.level === '@cdktf/warn')
        .map((a: { constructPath: string; message: string }) => `WARN [${a.constructPath}]: ${a.message}\n`),
    };
  }

  test('run as a script (node main.js): one line on stderr, and the annotation in the manifest', () => {
    delete process.env[CLI_PRINTS_ANNOTATIONS_ENV];
    expect(synthApp(baseProps())).toEqual({ stderr: [LINE], manifest: [LINE] });
  });

  test('run by cdktf synth (which prints the manifest annotations): nothing on stderr', () => {
    // What the cdktf and CDK Terrain CLIs set for the app they run.
    process.env[CLI_PRINTS_ANNOTATIONS_ENV] = 'true';
    expect(synthApp(baseProps())).toEqual({ stderr: [], manifest: [LINE] });
  });

  test('with someone to notify: no warning either way', () => {
    delete process.env[CLI_PRINTS_ANNOTATIONS_ENV];
    const notified = synthApp(baseProps({ alarms: { createNotice: { userIds: [100000000011] } } }));
    expect(notified).toEqual({ stderr: [], manifest: [] });
  });

  test('Testing.synth (unit tests) writes nothing to stderr', () => {
    delete process.env[CLI_PRINTS_ANNOTATIONS_ENV];
    const stack = new TerraformStack(Testing.app(), 'backups');
    new TencentcloudProvider(stack, 'tencentcloud', { region: 'ap-guangzhou' });
    new CkafkaCosBackup(stack, 'OrdersBackup', baseProps());
    Testing.synth(stack, true);
    expect(stderr).not.toHaveBeenCalled();
  });
});

describe('alarm options', () => {
  test('enabled: false creates no alarm and no warning', () => {
    const s = synthBackup(baseProps({ alarms: { enabled: false } }));
    expect(s.resources(POLICY)).toEqual({});
    expect(s.resources(BINDING)).toEqual({});
    expect(s.resources(NOTICE)).toEqual({});
    expect(warnings(s)).toEqual([]);
  });

  test('ckafka mode has no lag alarm', () => {
    const s = synthBackup(baseProps({ triggerMode: 'ckafka' }));
    expect(alarm(s, 'LagAlarm').policy).toBeUndefined();
    expect(alarm(s, 'LagAlarm').binding).toBeUndefined();
    expect(alarm(s, 'ErrorsAlarm').policy).toBeDefined();
    expect(alarm(s, 'DurationAlarm').policy).toBeDefined();
  });

  test('noticeIds pass through to every alarm', () => {
    const s = synthBackup(baseProps({ alarms: { noticeIds: ['notice-l9ziyxw6'] } }));
    const policies = Object.values(s.resources(POLICY)) as any[];
    expect(policies).toHaveLength(3);
    for (const policy of policies) expect(policy.notice_ids).toEqual(['notice-l9ziyxw6']);
    expect(warnings(s)).toEqual([]);
  });

  test('createNotice: a notice template for users, groups and a callback, used by every alarm', () => {
    const s = synthBackup(
      baseProps({
        alarms: { createNotice: { userIds: [10001], groupIds: [42], urls: ['https://hooks.example.com/alarm'] } },
      }),
    );
    const notice = s.one(NOTICE);
    expect(notice).toMatchObject({
      name: 'orders-backup-alarms',
      notice_type: 'ALL',
      notice_language: 'en-US',
      user_notices: [
        { receiver_type: 'USER', user_ids: [10001], notice_way: ['EMAIL', 'SMS'], start_time: 0, end_time: 86399 },
        { receiver_type: 'GROUP', group_ids: [42], notice_way: ['EMAIL', 'SMS'], start_time: 0, end_time: 86399 },
      ],
      url_notices: [{ url: 'https://hooks.example.com/alarm', start_time: 0, end_time: 86399 }],
    });
    const noticeAddress = Object.keys(s.resources(NOTICE))[0];
    expect(noticeAddress).toMatch(/_AlarmNotice_/);
    for (const policy of Object.values(s.resources(POLICY)) as any[]) {
      expect(policy.notice_ids).toEqual([`\${tencentcloud_monitor_alarm_notice.${noticeAddress}.id}`]);
    }
    expect(warnings(s)).toEqual([]);
  });

  test('thresholds, metric names and policy types can be overridden; single alarms turned off', () => {
    const s = synthBackup(
      baseProps({
        timeoutSeconds: 200,
        alarms: {
          functionErrors: { threshold: 3 },
          duration: { percentOfTimeout: 50 },
          consumerLag: { enabled: false },
          metricNames: { functionPolicyType: 'scf_v2', errors: 'Errors' },
        },
      }),
    );
    expect(alarm(s, 'ErrorsAlarm').policy).toMatchObject({
      namespace: 'scf_v2',
      conditions: { rules: [expect.objectContaining({ metric_name: 'Errors', value: '3' })] },
    });
    expect(alarm(s, 'DurationAlarm').policy.conditions.rules[0].value).toBe('100000');
    expect(alarm(s, 'LagAlarm').policy).toBeUndefined();
  });

  test('bad alarm props fail at synth, each naming prop, value and rule', () => {
    expect(() =>
      synthBackup(
        baseProps({
          alarms: {
            noticeIds: ['l9ziyxw6'],
            createNotice: { urls: ['ftp://x'] },
            functionErrors: { threshold: -1 },
            duration: { percentOfTimeout: 150 },
            consumerLag: { records: 0.5 },
          },
        }),
      ),
    ).toThrow(
      new RegExp(
        [
          'alarms.noticeIds\\[0\\]: "l9ziyxw6" must be a notification template id',
          'alarms.createNotice.urls\\[0\\]: "ftp://x" must be an http\\(s\\) URL',
          'alarms.functionErrors.threshold: -1 must be an integer from 0 to 1000000',
          'alarms.duration.percentOfTimeout: 150 must be an integer from 1 to 100',
          'alarms.consumerLag.records: 0.5 must be an integer from 1 to',
        ].join('[\\s\\S]*'),
      ),
    );
    expect(() => synthBackup(baseProps({ alarms: { createNotice: {} } }))).toThrow(
      /alarms.createNotice: \{\} needs at least one of userIds, groupIds and urls/,
    );
    expect(() => synthBackup(baseProps({ triggerMode: 'ckafka', alarms: { consumerLag: { records: 10 } } }))).toThrow(
      /alarms.consumerLag: .* is only for triggerMode "timer"/,
    );
  });
});

describe('CLS log alarm (LogEventsAlarm)', () => {
  const CLS_ALARM = 'tencentcloud_cls_alarm';
  const LOGS = { logsetId: 'aaaaaaaa-1111', topicId: 'bbbbbbbb-2222' };
  const NOTICES = { noticeIds: ['notice-l9ziyxw6'] };
  const clsAlarms = (s: ReturnType<typeof synthBackup>): [string, any][] => Object.entries(s.resources(CLS_ALARM));

  test('with logs: loss events or 3 stuck runs, notifying the Cloud Monitor templates', () => {
    const s = synthBackup(baseProps({ logs: LOGS, alarms: NOTICES }));
    const all = clsAlarms(s);
    expect(all).toHaveLength(1);
    const [address, alarm] = all[0];
    expect(address).toContain('_LogEventsAlarm_');
    const queries = alarm.alarm_targets.map((t: any) => t.query).join('\n');
    for (const event of ['records-expired-before-backup', 'partition-failed', 'run-finished']) {
      expect(queries).toContain(`event:"${event}"`);
    }
    expect(alarm).toMatchObject({
      condition: '$1.__QUERYCOUNT__ > 0 || $2.__QUERYCOUNT__ >= 3',
      trigger_count: 1,
      alarm_period: 60,
      monitor_time: { type: 'Period', time: 5 },
      monitor_notice: { notices: [{ notice_id: 'notice-l9ziyxw6' }] },
    });
    expect(alarm.alarm_notice_ids).toBeUndefined();
    expect(alarm.alarm_targets).toEqual([
      expect.objectContaining({
        number: 1,
        logset_id: LOGS.logsetId,
        topic_id: LOGS.topicId,
        syntax_rule: 0,
        start_time_offset: -5,
        end_time_offset: 0,
      }),
      expect.objectContaining({ number: 2, query: 'event:"run-finished" AND level:"warn"', start_time_offset: -15 }),
    ]);
  });

  test('with createLogs: on the created logset and topic, also with the created notice', () => {
    const s = synthBackup(baseProps({ createLogs: {}, alarms: { createNotice: { userIds: [1] } } }));
    const [, alarm] = clsAlarms(s)[0];
    expect(alarm.alarm_targets[0].logset_id).toMatch(/\$\{tencentcloud_cls_logset\..*\.id\}/);
    expect(alarm.alarm_targets[0].topic_id).toMatch(/\$\{tencentcloud_cls_topic\..*\.id\}/);
    expect(alarm.monitor_notice.notices[0].notice_id).toMatch(/\$\{tencentcloud_monitor_alarm_notice\..*\.id\}/);
  });

  test('stuck.runs and clsNoticeIds', () => {
    const s = synthBackup(
      baseProps({ logs: LOGS, alarms: { ...NOTICES, stuck: { runs: 6 }, clsNoticeIds: ['notice-1234-abcd'] } }),
    );
    const [, alarm] = clsAlarms(s)[0];
    expect(alarm.condition).toBe('$1.__QUERYCOUNT__ > 0 || $2.__QUERYCOUNT__ >= 6');
    expect(alarm.alarm_targets[1].start_time_offset).toBe(-30);
    expect(alarm.alarm_notice_ids).toEqual(['notice-1234-abcd']);
    expect(alarm.monitor_notice).toBeUndefined();
  });

  test('absent without CLS logs, with alarms off, and with nobody to notify', () => {
    expect(clsAlarms(synthBackup(baseProps({ alarms: NOTICES })))).toHaveLength(0);
    expect(clsAlarms(synthBackup(baseProps({ logs: LOGS, alarms: { ...NOTICES, enabled: false } })))).toHaveLength(0);
    expect(clsAlarms(synthBackup(baseProps({ createLogs: {}, alarms: { enabled: false } })))).toHaveLength(0);
    expect(clsAlarms(synthBackup(baseProps({ logs: LOGS })))).toHaveLength(0);
  });

  test('bad stuck.runs and clsNoticeIds fail at synth', () => {
    expect(() => synthBackup(baseProps({ logs: LOGS, alarms: { stuck: { runs: 0 }, clsNoticeIds: ['x'] } }))).toThrow(
      /alarms.stuck.runs: 0 must be an integer from 1 to 96[\s\S]*alarms.clsNoticeIds\[0\]: "x"/,
    );
  });
});

describe('the lag alarm of a backup of many topics', () => {
  const APPID = '${data.tencentcloud_user_info.CkafkaCosBackupAccount.app_id}';
  const LOOKUP = 'tencentcloud_ckafka_topics';
  const NOTICES = { noticeIds: ['notice-l9ziyxw6'] };
  const { topic: _one, ...kafka } = baseProps().kafka;
  const named = (topics: string[], alarms = {}) => synthBackup(baseProps({ kafka: { ...kafka, topics }, alarms }));
  const infos = (s: ReturnType<typeof synthBackup>): string[] =>
    s.backup.node.metadata.filter((m) => /info/i.test(m.type)).map((m) => String(m.data));

  test('named topics: one dimension set per topic, their ids from one lookup of the instance', () => {
    const s = named(['orders', 'payments', 'refunds.eu'], NOTICES);
    const { policy, binding } = alarm(s, 'LagAlarm');
    expect(policy.remark).toBe('orders-backup_behind_on_3_topics_by_over_1000000_records');
    const lookups = Object.entries(s.json.data[LOOKUP]);
    expect(lookups).toHaveLength(1);
    const [lookupAddress, lookup] = lookups[0] as [string, any];
    expect(lookupAddress).toMatch(/^OrdersBackup_TopicLookup_/);
    expect(lookup).toEqual({ instance_id: 'ckafka-abc123' });
    const [localName, ids] = Object.entries(s.json.locals)[0] as [string, string];
    expect(Object.keys(s.json.locals)).toEqual([localName]);
    expect(localName).toMatch(/^OrdersBackup_TopicIds_/);
    expect(ids).toBe(
      `\${[for name in ["orders", "payments", "refunds.eu"] : one([for t in data.${LOOKUP}.${lookupAddress}.instance_list : t.topic_id if t.topic_name == name])]}`,
    );
    expect(binding.dimensions.map((d: any) => JSON.parse(d.dimensions_json))).toEqual(
      ['orders', 'payments', 'refunds.eu'].map((topic, i) => ({
        appid: APPID,
        consumer_group: 'orders-backup',
        instance_id: 'ckafka-abc123',
        topicid: `\${element(local.${localName}, ${i})}`,
        topicname: topic,
      })),
    );
  });

  test('a topic the instance lacks fails the plan, naming every such topic', () => {
    const { binding } = alarm(named(['orders', 'payments'], NOTICES), 'LagAlarm');
    const [check] = binding.lifecycle.precondition;
    expect(binding.lifecycle.precondition).toHaveLength(1);
    const missing = /^\$\{length\((.*)\) == 0\}$/.exec(check.condition)?.[1];
    expect(missing).toMatch(
      /^\[for i, name in \["orders", "payments"\] : name if local\.OrdersBackup_TopicIds_\w+\[i\] == null\]$/,
    );
    expect(check.error_message).toBe(
      `CKafka instance ckafka-abc123 has no topic named exactly \${join(", ", ${missing})} (looked up with ` +
        'data.tencentcloud_ckafka_topics): the lag alarm binds to each topic id. Check kafka.instanceId and ' +
        'kafka.topics, or set alarms.consumerLag.enabled: false.',
    );
  });

  test('it scales: 28 topics (the most of 20 characters one policy takes) still make one lookup and one local', () => {
    const topics = Array.from({ length: 28 }, (_, i) => `topic-name-${String(i).padStart(9, '0')}`);
    const s = named(topics, NOTICES);
    expect(Object.keys(s.json.data[LOOKUP])).toHaveLength(1);
    expect(Object.keys(s.json.locals)).toHaveLength(1);
    const { binding } = alarm(s, 'LagAlarm');
    expect(binding.dimensions).toHaveLength(28);
    expect(new Set(binding.dimensions.map((d: any) => d.dimensions_json)).size).toBe(28);
    expect(JSON.parse(binding.dimensions[27].dimensions_json).topicid).toMatch(/, 27\)\}$/);
  });

  test('a list of one topic keeps the one-topic lookup, by name, and its addresses', () => {
    const one = named(['orders']);
    const single = synthBackup(baseProps());
    expect(one.json.data[LOOKUP]).toEqual(single.json.data[LOOKUP]);
    expect(one.json.locals).toEqual(single.json.locals);
    expect(alarm(one, 'LagAlarm').binding).toEqual(alarm(single, 'LagAlarm').binding);
  });

  test('every precondition and lookup of many topics is valid HCL', async () => {
    const s = named(['orders.v2-eu_1', 'payments'], NOTICES);
    const { binding } = alarm(s, 'LagAlarm');
    const expressions = [
      ...binding.lifecycle.precondition.flatMap((p: any) => [p.condition, p.error_message]),
      ...(Object.values(s.json.locals) as string[]),
      ...binding.dimensions.map((d: any) => JSON.parse(d.dimensions_json).topicid),
    ];
    // As the test above: each expression as a string template (quotes inside ${} need no escape).
    const body = expressions.map((e: string, i: number) => `  e${i} = "${e}"`);
    await expect(parseHcl('many.tf', `locals {\n${body.join('\n')}\n}\n`)).resolves.toBeDefined();
  });

  test('a pattern: no lag alarm and no lookup (its topics are known only at run time), said at synth', () => {
    const s = synthBackup(baseProps({ kafka: { ...kafka, topicPattern: 'orders\\..*' }, alarms: NOTICES }));
    expect(alarm(s, 'LagAlarm').policy).toBeUndefined();
    expect(alarm(s, 'LagAlarmBinding').binding).toBeUndefined();
    expect(s.json.data[LOOKUP]).toBeUndefined();
    expect(alarm(s, 'ErrorsAlarm').policy).toBeDefined();
    expect(alarm(s, 'DurationAlarm').policy).toBeDefined();
    expect(infos(s)).toEqual([PATTERN_LAG_INFO]);
    expect(warnings(s)).toEqual([]);
    expect(PATTERN_LAG_INFO).toContain('ckafka-cos-backup status --max-age');
  });

  test('a pattern with the lag alarm turned off, or in a stack without alarms, says nothing', () => {
    const pattern = { ...kafka, topicPattern: 'orders\\..*' };
    expect(
      infos(synthBackup(baseProps({ kafka: pattern, alarms: { ...NOTICES, consumerLag: { enabled: false } } }))),
    ).toEqual([]);
    expect(infos(synthBackup(baseProps({ kafka: pattern, alarms: { enabled: false } })))).toEqual([]);
  });
});
