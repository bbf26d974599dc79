// An example app with the smallest useful backup; the README points to it, and the tests
// synthesize it.
import { App, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { CkafkaCosBackup, TencentcloudProvider } from '../../lib';

/**
 * The smallest useful backup: one topic into a bucket the stack creates and owns, with alarms
 * that tell someone when it fails.
 */
export class BasicBackupStack extends TerraformStack {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new TencentcloudProvider(this, 'tencentcloud', { region: 'ap-guangzhou' });

    new CkafkaCosBackup(this, 'OrdersBackup', {
      functionName: 'orders-backup',
      createBucket: { name: 'orders-backup-1250000000', region: 'ap-guangzhou' },
      prefix: 'kafka/',
      granularityMinutes: 5,
      kafka: {
        instanceId: 'ckafka-abc12345',
        topic: 'orders',
        bootstrapServers: ['10.0.0.12:9092'],
        startPosition: 'earliest',
      },
      vpc: { vpcId: 'vpc-abcd1234', subnetId: 'subnet-abcd1234' },
      // Who hears of failed or late backups: CAM users, by email and SMS.
      alarms: { createNotice: { userIds: [100000000011] } },
      tags: { team: 'platform' },
    });
  }
}

if (require.main === module) {
  const app = new App();
  new BasicBackupStack(app, 'ckafka-cos-backup-basic');
  app.synth();
}
