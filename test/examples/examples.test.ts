// What this suite proves: the examples synthesize the resources they describe, and Terraform
// addresses stay stable, so that changing a prop never replaces a resource.
import { Testing } from 'cdktf';
import { IConstruct } from 'constructs';
import { AdvancedBackupStack } from '../../examples/advanced/main';
import { BasicBackupStack } from '../../examples/basic/main';
import { existingTopicIndexWarning } from '../../lib/log-index';
import { baseProps, parse, synthBackup, withStableAssetPaths } from '../support/synth';

function synthExample(Stack: new (scope: any, id: string) => any): string {
  const app = Testing.app();
  return Testing.synth(new Stack(app, 'example'), true); // with the stack-level checks
}

describe('examples synthesize', () => {
  test('basic: created bucket (no bucket policy needed), timer trigger, role, policy, attachment', () => {
    const synthesized = synthExample(BasicBackupStack);
    expect(withStableAssetPaths(synthesized)).toMatchSnapshot();
    const s = parse(synthesized);
    for (const type of [
      'tencentcloud_scf_function',
      'tencentcloud_scf_trigger',
      'tencentcloud_cam_role',
      'tencentcloud_cam_policy',
      'tencentcloud_cam_role_policy_attachment',
      'tencentcloud_cos_bucket',
    ]) {
      expect(Object.keys(s.resources(type))).toHaveLength(1);
    }
    expect(s.resources('tencentcloud_cos_bucket_policy')).toEqual({});
    expect(s.one('tencentcloud_scf_trigger').trigger_desc).toBe('0 */5 * * * * *');
    // Its alarms tell someone: the notice template it creates.
    expect(s.one('tencentcloud_monitor_alarm_notice').user_notices[0].user_ids).toEqual([100000000011]);
    for (const policy of Object.values<any>(s.resources('tencentcloud_monitor_alarm_policy'))) {
      expect(policy.notice_ids).toEqual([expect.stringMatching(/^\$\{tencentcloud_monitor_alarm_notice\./)]);
    }
  });

  test('advanced: existing bucket, SASL, created CLS logs, native ckafka trigger', () => {
    const synthesized = synthExample(AdvancedBackupStack);
    expect(withStableAssetPaths(synthesized)).toMatchSnapshot();
    const s = parse(synthesized);
    const triggers = Object.values(s.resources('tencentcloud_scf_trigger'))
      .map((t: any) => t.type)
      .sort();
    expect(triggers).toEqual(['ckafka', 'timer']);
    expect(s.resources('tencentcloud_cos_bucket_policy')).toEqual({});
    expect(Object.keys(s.resources('tencentcloud_cls_topic'))).toHaveLength(1);
    expect(JSON.stringify(s.resources('tencentcloud_cam_policy'))).toContain('name/ssm:GetSecretValue');
    // One account data source serves both backups.
    expect(Object.keys(s.json.data.tencentcloud_user_info)).toHaveLength(1);
    // Both alarm through the existing template; the backup with CLS logs gets the log alarm too.
    for (const policy of Object.values<any>(s.resources('tencentcloud_monitor_alarm_policy'))) {
      expect(policy.notice_ids).toEqual(['notice-pay12345']);
    }
    expect(Object.values<any>(s.resources('tencentcloud_cls_alarm')).map((a) => a.monitor_notice)).toEqual([
      { notices: [{ notice_id: 'notice-pay12345' }] },
      { notices: [{ notice_id: 'notice-pay12345' }] },
    ]);
  });

  test.each([
    ['basic', BasicBackupStack, []],
    // The clicks backup logs to an existing CLS topic: the construct cannot own its index, and
    // says which entries the log alarm needs.
    ['advanced', AdvancedBackupStack, [existingTopicIndexWarning('e5f6a7b8-0000-1111-2222-333344445555')]],
  ])('%s: synth warns of nothing but what the user must do (the alarms notify someone)', (_, Stack, expected) => {
    const app = Testing.app();
    const stack = new Stack(app, 'example');
    Testing.synth(stack, true);
    const warnings = stack.node
      .findAll()
      .flatMap((c: IConstruct) => c.node.metadata.filter((m) => /warn/i.test(m.type)).map((m) => String(m.data)));
    expect(warnings).toEqual(expected);
  });
});

describe('Terraform addresses are stable', () => {
  function addresses(synthesized: string): string[] {
    const json = JSON.parse(synthesized);
    return Object.entries(json.resource as Record<string, object>)
      .flatMap(([type, blocks]) => Object.keys(blocks).map((name) => `${type}.${name}`))
      .sort();
  }

  test('the basic example keeps its recorded addresses', () => {
    expect(addresses(synthExample(BasicBackupStack))).toEqual([
      'tencentcloud_cam_policy.OrdersBackup_Policy_9B182A38',
      'tencentcloud_cam_role.OrdersBackup_Role_EC2D9AE4',
      'tencentcloud_cam_role_policy_attachment.OrdersBackup_PolicyAttachment_9001A540',
      'tencentcloud_cos_bucket.OrdersBackup_Bucket_741E3D41',
      'tencentcloud_monitor_alarm_notice.OrdersBackup_AlarmNotice_E6C7E3E3',
      'tencentcloud_monitor_alarm_policy.OrdersBackup_DurationAlarm_71D5FABD',
      'tencentcloud_monitor_alarm_policy.OrdersBackup_ErrorsAlarm_D8D212E5',
      'tencentcloud_monitor_alarm_policy.OrdersBackup_LagAlarm_2F2F58B6',
      'tencentcloud_monitor_policy_binding_object.OrdersBackup_DurationAlarmBinding_A59F8B4D',
      'tencentcloud_monitor_policy_binding_object.OrdersBackup_ErrorsAlarmBinding_24AC57BB',
      'tencentcloud_monitor_policy_binding_object.OrdersBackup_LagAlarmBinding_4E12C5D8',
      'tencentcloud_scf_function.OrdersBackup_Function_B1AB91D4',
      'tencentcloud_scf_function_event_invoke_config.OrdersBackup_AsyncRetry_CD5FAE48',
      'tencentcloud_scf_trigger.OrdersBackup_Trigger_4CB0111B',
    ]);
  });
});

describe('changing props never moves a resource', () => {
  function addressesOf(props: Parameters<typeof synthBackup>[0]): string[] {
    return (
      Object.entries(synthBackup(props).json.resource as Record<string, object>)
        .flatMap(([type, blocks]) => Object.keys(blocks).map((name) => `${type}.${name}`))
        .filter((address) => !address.startsWith('tencentcloud_cls_'))
        // The lag alarm exists in timer mode only (ckafka mode's group belongs to SCF).
        .filter((address) => !/_LagAlarm(Binding)?_/.test(address))
        .sort()
    );
  }

  test('granularity, memory, prefix, bucket, start position, SASL and trigger mode keep every address', () => {
    const reference = addressesOf(baseProps());
    const kafka = baseProps().kafka;
    for (const changed of [
      baseProps({ granularityMinutes: 15, memoryMiB: 1024, prefix: 'other/' }),
      baseProps({ bucket: { name: 'elsewhere-1250000001', region: 'ap-shanghai' } }),
      baseProps({
        kafka: {
          ...kafka,
          startPosition: 'latest',
          sasl: { mechanism: 'PLAIN', username: 'u', passwordSecretName: 'pw' },
        },
      }),
      baseProps({ triggerMode: 'ckafka', createLogs: {} }),
      baseProps({ functionName: 'renamed-backup' }),
    ]) {
      expect(addressesOf(changed)).toEqual(reference);
    }
  });
});
