// An example app with two backups that use the optional features: an existing bucket, SASL with a
// password in Secrets Manager, CLS logs, and the native CKafka trigger.
import { App, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { CkafkaCosBackup, TencentcloudProvider } from '../../lib';

/**
 * Two backups in one stack:
 * - payments: an existing bucket whose policy the team manages elsewhere, a SASL/SCRAM
 *   access point with the password in Secrets Manager, CLS logs created by the stack, a 10
 *   minute granularity and a start position in the past;
 * - clicks: SCF's native CKafka trigger, for low latency, shipping logs to an existing CLS topic.
 * Both alarm through the team's existing notification template.
 */
export class AdvancedBackupStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new TencentcloudProvider(this, 'tencentcloud', { region: 'ap-shanghai' });

    new CkafkaCosBackup(this, 'PaymentsBackup', {
      functionName: 'payments-backup',
      bucket: { name: 'data-lake-1250000000', region: 'ap-shanghai' },
      prefix: 'backups/kafka/',
      granularityMinutes: 10,
      storageClass: 'STANDARD_IA',
      kafka: {
        instanceId: 'ckafka-pay12345',
        topic: 'payments',
        bootstrapServers: ['10.1.0.10:9094', '10.1.0.11:9094'],
        startPosition: { timestamp: 1767225600000 },
        sasl: {
          mechanism: 'SCRAM-SHA-512',
          username: 'ckafka-pay12345#backup',
          passwordSecretName: 'payments-backup-kafka-password',
        },
      },
      vpc: { vpcId: 'vpc-pay12345', subnetId: 'subnet-pay12345' },
      memoryMiB: 1024,
      partitionsPerInvocation: 8,
      createLogs: { retentionDays: 90 },
      // The team's existing notification template; with the CLS logs, also the log alarm.
      alarms: { noticeIds: ['notice-pay12345'] },
      tags: { team: 'payments', 'cost-center': 'cc-42' },
    });

    new CkafkaCosBackup(this, 'ClicksBackup', {
      functionName: 'clicks-backup',
      bucket: { name: 'data-lake-1250000000', region: 'ap-shanghai' },
      prefix: 'backups/clicks/',
      triggerMode: 'ckafka',
      kafka: {
        instanceId: 'ckafka-clk12345',
        topic: 'clicks',
        bootstrapServers: ['10.1.0.20:9092'],
        startPosition: 'latest',
      },
      vpc: { vpcId: 'vpc-pay12345', subnetId: 'subnet-pay12345' },
      logs: { logsetId: 'a1b2c3d4-0000-1111-2222-333344445555', topicId: 'e5f6a7b8-0000-1111-2222-333344445555' },
      alarms: { noticeIds: ['notice-pay12345'] },
    });
  }
}

if (require.main === module) {
  const app = new App();
  new AdvancedBackupStack(app, 'ckafka-cos-backup-advanced');
  app.synth();
}
