// What this suite proves: the bundled CLI's version, help and usage errors: a wrong option, value,
// credential, bucket or topic exits 2 with one clear line, before any request where possible.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { BUCKET } from '../support/backup-fixture';
import { CosServer, startCosServer } from '../support/cos-server';
import { REPO_ROOT } from '../support/repo-root';
import { CLI, LOCATION, cosEnv, putBackupObject, runCli, sourceRecords, tempDir, testCos } from './cli-fixture';

const CREDENTIALS = { TENCENTCLOUD_SECRETID: 'id', TENCENTCLOUD_SECRETKEY: 'key' };
const RESTORE = [
  'restore',
  ...LOCATION,
  '--topic',
  'orders',
  '--to-bootstrap',
  '127.0.0.1:9092',
  '--to-topic',
  'orders-restored',
];

describe('version', () => {
  const { version } = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };

  test.each([['--version'], ['-V']])('%s prints the version in package.json and exits 0', async (flag) => {
    expect(await runCli([flag])).toEqual({ code: 0, signal: null, stdout: `${version}\n`, stderr: '' });
  });

  test('the bundle knows its version without a package.json near it', () => {
    // As when only dist/cli/index.js is copied somewhere: the version is part of the bundle.
    const alone = path.join(tempDir('cli-alone'), 'ckafka-cos-backup.js');
    fs.copyFileSync(CLI, alone);
    const run = spawnSync(process.execPath, [alone, '--version'], { cwd: path.dirname(alone), encoding: 'utf8' });
    expect({ status: run.status, stdout: run.stdout, stderr: run.stderr }).toEqual({
      status: 0,
      stdout: `${version}\n`,
      stderr: '',
    });
  });

  test('help lists the option', async () => {
    expect((await runCli(['--help'])).stdout).toMatch(
      /-V, --version\s+print the version of ckafka-cos-backup and exit/,
    );
  });
});

describe('help', () => {
  test.each([[[]], [['ls']], [['verify']], [['restore']]])('%j --help reads like a manual page', async (command) => {
    const help = await runCli([...command, '--help']);
    expect(help.code).toBe(0);
    for (const section of ['Usage: ckafka-cos-backup', 'Options:', 'Environment:', 'Exit status:', 'Examples:'])
      expect(help.stdout).toContain(section);
  });

  test('options show their defaults', async () => {
    // Commander wraps the help to the terminal width.
    const help = (await runCli(['restore', '--help'])).stdout.replace(/\s+/g, ' ');
    expect(help).toContain(
      "--prefix <prefix> key prefix the backup was written under: '' or ending in '/' (default: \"\")",
    );
    expect(help).toContain(
      '--compression <codec> compression of the produced batches (choices: "none", "gzip", "snappy", "lz4", default: "none")',
    );
    expect(help).toContain('--no-idempotent');
    expect(help).toContain('--max-line-bytes <size> longest record line read');
    expect(help).toContain('(default: 64MiB)');
    expect(help).toContain('--allow-gaps');
    expect(help).toContain('KAFKA_SASL_PASSWORD Password for --sasl-username. Exit status:');
  });
});

describe('usage errors exit 2 with one clear line', () => {
  test.each([
    [['ls', '--region', 'ap-guangzhou'], "error: required option '--bucket <name>' not specified"],
    [['verify', '--bucket', BUCKET], "error: required option '--region <region>' not specified"],
    [
      ['restore', ...LOCATION, '--to-bootstrap', 'h:1', '--to-topic', 't'],
      "error: required option '--topic <topic>' not specified",
    ],
    [
      ['ls', '--bucket', BUCKET, '--region', 'Guangzhou'],
      '--region "Guangzhou" is not a COS region: lowercase letters and digits in parts joined by "-" (the first part letters only), such as ap-guangzhou, ap-shanghai-fsi or na-siliconvalley',
    ],
    [
      ['ls', '--bucket', 'backup', '--region', 'ap-guangzhou'],
      '--bucket "backup" is not a COS bucket name: a bucket is <BucketName>-<APPID>, ending in "-" and the account\'s APPID (digits), such as backup-1250000000',
    ],
    [
      ['ls', ...LOCATION, '--from', '2026-11-25', '--to', '2026-11-24'],
      '--from 2026-11-25 must be before --to 2026-11-24',
    ],
    [
      [...RESTORE, '--from-offset', '10', '--to-offset', '5'],
      '--from-offset 10 is above --to-offset 5 (both ends are included)',
    ],
    [
      [...RESTORE, '--from-offset', '0:10,1:20', '--to-offset', '1:15'],
      '--from-offset 20 is above --to-offset 15 for partition 1 (both ends are included)',
    ],
    [
      [...RESTORE, '--from-offset', 'ten'],
      '--from-offset "ten" must be an offset (1000) or partition:offset pairs (0:1000,2:50)',
    ],
    [
      [...RESTORE, '--from-time', 'yesterday'],
      '--from-time "yesterday" is not a time: use ISO 8601 (2026-11-24T22:00:00Z; UTC when no zone is given) or epoch milliseconds',
    ],
    [
      [...RESTORE, '--from-time', '2026-11-24T23:00Z', '--to-time', '2026-11-24T22:00Z'],
      '--from-time 2026-11-24T23:00Z must be before --to-time 2026-11-24T22:00Z',
    ],
    [[...RESTORE, '--partitions', '0,x'], '--partitions "x" must be a non-negative integer'],
    [
      [...RESTORE, '--to-topic', 'orders'],
      '--to-topic "orders" is the topic this backup is of: it may be the source topic itself',
    ],
    [
      ['verify', ...LOCATION, '--max-line-bytes', '64MB'],
      '--max-line-bytes "64MB" must be a size of 1 byte or more, in bytes or with KiB, MiB or GiB (64MiB)',
    ],
    [[...RESTORE, '--rate-limit', '0'], '--rate-limit "0" must be a number greater than 0'],
    [
      [...RESTORE, '--to-bootstrap', 'localhost'],
      '--to-bootstrap "localhost" must be HOST:PORT[,HOST:PORT...] ("localhost" is not)',
    ],
    [
      [...RESTORE, '--compression', 'zstd'],
      "error: option '--compression <codec>' argument 'zstd' is invalid. Allowed choices are none, gzip, snappy, lz4.",
    ],
    [
      ['ls', ...LOCATION.slice(0, 4), '--prefix', 'kafka'],
      '--prefix "kafka" must be empty or end with "/", such as kafka/',
    ],
  ])('%j', async (args, message) => {
    const run = await runCli(args, { env: CREDENTIALS });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(message);
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  test('missing credentials name the variables to set', async () => {
    const run = await runCli(['ls', ...LOCATION]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'ckafka-cos-backup: no Tencent Cloud credentials: export TENCENTCLOUD_SECRETID and TENCENTCLOUD_SECRETKEY ' +
        '(or TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY; add TENCENTCLOUD_SESSIONTOKEN for temporary keys), ' +
        'or put a [default] profile with secret_id and secret_key in ~/.tencentcloud/credentials and pass --profile NAME for another one\n',
    );
    const half = await runCli(['ls', ...LOCATION], { env: { TENCENTCLOUD_SECRETID: 'id' } });
    expect(half.code).toBe(2);
    expect(half.stderr).toContain('set both TENCENTCLOUD_SECRETID and TENCENTCLOUD_SECRETKEY');
    const profile = await runCli(['ls', ...LOCATION, '--profile', 'ops']);
    expect(profile.code).toBe(2);
    expect(profile.stderr).toMatch(
      /--profile ops: no such profile with secret_id and secret_key in \S+\/\.tencentcloud\/credentials or \S+\/\.tccli\/ops\.credential/,
    );
  });
});

describe('option values are checked before any request', () => {
  // Nothing listens there: a request would end in "cannot reach COS", exit 1. Exit 2 with the
  // rule shows that the value was refused before any request, also with BACKUP_COS_ENDPOINT set.
  const NO_SERVER = { ...CREDENTIALS, BACKUP_COS_ENDPOINT: 'http://127.0.0.1:1' };
  const NOT_A_BUCKET = 'is not a COS bucket name';
  test.each<[string, string[], Record<string, string>, string]>([
    [
      'a bucket without its APPID',
      ['ls', '--bucket', 'nope', '--region', 'ap-guangzhou'],
      CREDENTIALS,
      `--bucket "nope" ${NOT_A_BUCKET}: a bucket is <BucketName>-<APPID>, ending in "-" and the account's APPID (digits), such as backup-1250000000`,
    ],
    [
      'a bucket without its APPID, with BACKUP_COS_ENDPOINT',
      ['ls', '--bucket', 'nope', '--region', 'ap-guangzhou'],
      NO_SERVER,
      `--bucket "nope" ${NOT_A_BUCKET}: a bucket is <BucketName>-<APPID>, ending in "-" and the account's APPID (digits), such as backup-1250000000`,
    ],
    [
      'an APPID of too few digits',
      ['verify', '--bucket', 'backup-2024', '--region', 'ap-guangzhou'],
      NO_SERVER,
      `--bucket "backup-2024" ${NOT_A_BUCKET}: the APPID after the last "-" is 5 to 12 digits ("2024" is not), such as backup-1250000000`,
    ],
    [
      'capitals and "_" in the bucket name',
      ['status', '--bucket', 'Backup_1-1250000000', '--region', 'ap-guangzhou'],
      NO_SERVER,
      `--bucket "Backup_1-1250000000" ${NOT_A_BUCKET}: the BucketName before "-<APPID>" holds only lowercase letters, digits and "-", and does not start or end with "-" ("Backup_1" does not follow this), such as backup-1250000000`,
    ],
    [
      'a bucket name ending in "-"',
      [...RESTORE.slice(0, 1), '--bucket', 'backup--1250000000', ...RESTORE.slice(3)],
      NO_SERVER,
      `--bucket "backup--1250000000" ${NOT_A_BUCKET}: the BucketName before "-<APPID>" holds only lowercase letters, digits and "-", and does not start or end with "-" ("backup-" does not follow this), such as backup-1250000000`,
    ],
    [
      // The example of the COS naming rules: 123456789012345678901-1250000000.cos.ap-beijing.myqcloud.com is 60.
      'a bucket too long for the 60-character domain of its region',
      ['ls', '--bucket', '1234567890123456789012-1250000000', '--region', 'ap-beijing'],
      CREDENTIALS,
      `--bucket "1234567890123456789012-1250000000" ${NOT_A_BUCKET} in region ap-beijing: it is 33 characters, and COS limits its domain <bucket>.cos.ap-beijing.myqcloud.com to 60 characters, so a bucket in ap-beijing has at most 32`,
    ],
    [
      'a bucket name longer than the backup function accepts, with BACKUP_COS_ENDPOINT',
      ['ls', '--bucket', `${'b'.repeat(51)}-1250000000`, '--region', 'ap-guangzhou'],
      NO_SERVER,
      `--bucket "${'b'.repeat(51)}-1250000000" ${NOT_A_BUCKET}: the BucketName before "-<APPID>" is at most 50 characters ("${'b'.repeat(51)}" has 51)`,
    ],
    [
      'a region with "_"',
      ['ls', '--bucket', BUCKET, '--region', 'ap_guangzhou'],
      NO_SERVER,
      '--region "ap_guangzhou" is not a COS region: lowercase letters and digits in parts joined by "-" (the first part letters only), such as ap-guangzhou, ap-shanghai-fsi or na-siliconvalley',
    ],
    [
      'a region given as a host name',
      ['verify', '--bucket', BUCKET, '--region', 'cos.ap-guangzhou.myqcloud.com'],
      NO_SERVER,
      '--region "cos.ap-guangzhou.myqcloud.com" is not a COS region: lowercase letters and digits in parts joined by "-" (the first part letters only), such as ap-guangzhou, ap-shanghai-fsi or na-siliconvalley',
    ],
    [
      'an instance id that is not ckafka-…',
      ['ls', ...LOCATION, '--instance-id', 'CKafka-1'],
      NO_SERVER,
      '--instance-id "CKafka-1" is not a CKafka instance id: "ckafka-" followed by lowercase letters and digits, such as ckafka-abcd1234',
    ],
    [
      'a topic that is not a Kafka topic name',
      ['status', ...LOCATION, '--topic', 'orders/2026'],
      NO_SERVER,
      '--topic "orders/2026" is not a Kafka topic name: 1-249 characters of letters, digits, ".", "_" and "-"',
    ],
    [
      'a prefix that does not end in "/", with BACKUP_COS_ENDPOINT',
      ['verify', ...LOCATION.slice(0, 4), '--prefix', 'kafka'],
      NO_SERVER,
      '--prefix "kafka" must be empty or end with "/", such as kafka/',
    ],
  ])('%s', async (_case, args, env, message) => {
    const run = await runCli(args, { env });
    // Exactly one line: the option, the value and the rule, no stack trace, nothing on stdout.
    expect(run).toEqual({ code: 2, signal: null, stdout: '', stderr: `ckafka-cos-backup: ${message}\n` });
  });
});

describe('against a COS server', () => {
  let cos: CosServer;

  /** A small backup written directly: one object per instance and topic. */
  const putBackup = (prefix: string, instanceId: string, topic: string) =>
    putBackupObject(testCos({ cos }), prefix, sourceRecords(topic, 0, 0, 2, Date.UTC(2026, 10, 24, 22)), {
      instanceId,
    });

  beforeAll(async () => {
    cos = await startCosServer({ buckets: [BUCKET] });
    await putBackup('kafka/', 'ckafka-one', 'orders');
    await putBackup('kafka/', 'ckafka-one', 'payments');
    await putBackup('multi/', 'ckafka-one', 'orders');
    await putBackup('multi/', 'ckafka-two', 'orders');
  });
  afterAll(() => cos?.stop());

  test('an unknown bucket, instance or topic is a usage error that says what exists', async () => {
    const env = cosEnv({ cos });
    const cases: [string[], string][] = [
      [
        ['ls', '--bucket', 'missing-1250000000', '--region', 'ap-guangzhou'],
        `bucket "missing-1250000000" does not exist at ${cos.endpoint}: check --bucket (with its APPID) and --region (the bucket's region)`,
      ],
      [
        ['status', '--bucket', 'missing-1250000000', '--region', 'ap-guangzhou'],
        `bucket "missing-1250000000" does not exist at ${cos.endpoint}: check --bucket (with its APPID) and --region (the bucket's region)`,
      ],
      [
        [...RESTORE.slice(0, 1), '--bucket', 'missing-1250000000', ...RESTORE.slice(3)],
        `bucket "missing-1250000000" does not exist at ${cos.endpoint}: check --bucket (with its APPID) and --region (the bucket's region)`,
      ],
      [
        ['ls', ...LOCATION, '--topic', 'refunds'],
        'no backup of topic "refunds" under cos://backup-1250000000/kafka/ckafka-one/; topics there: orders, payments',
      ],
      [
        ['ls', ...LOCATION, '--instance-id', 'ckafka-zzz'],
        'no backup of instance "ckafka-zzz" under cos://backup-1250000000/kafka/; instances there: ckafka-one',
      ],
      [
        ['ls', ...LOCATION, '--instance-id', 'ckafka-one', '--topic', 'refunds'],
        'no backup of topic "refunds" under cos://backup-1250000000/kafka/ckafka-one/; topics there: orders, payments',
      ],
      [
        ['verify', '--bucket', BUCKET, '--region', 'ap-guangzhou', '--prefix', 'multi/'],
        'cos://backup-1250000000/multi/ holds backups of several instances: ckafka-one, ckafka-two; choose one with --instance-id',
      ],
      [
        ['ls', '--bucket', BUCKET, '--region', 'ap-guangzhou', '--prefix', 'nothing/'],
        'no backup objects under cos://backup-1250000000/nothing/: check --bucket and --prefix',
      ],
    ];
    for (const [args, message] of cases) {
      const run = await runCli(args, { env });
      expect({ args, code: run.code, stderr: run.stderr }).toEqual({
        args,
        code: 2,
        stderr: `ckafka-cos-backup: ${message}\n`,
      });
    }
    const chosen = await runCli(
      [
        'ls',
        '--bucket',
        BUCKET,
        '--region',
        'ap-guangzhou',
        '--prefix',
        'multi/',
        '--instance-id',
        'ckafka-two',
        '--json',
      ],
      { env },
    );
    expect(chosen.code).toBe(0);
    expect(JSON.parse(chosen.stdout).instanceId).toBe('ckafka-two');
  });

  test('credentials come from a profile file or the Terraform provider variables', async () => {
    const endpoint = { BACKUP_COS_ENDPOINT: cos.endpoint };
    const signedWith = () => /q-ak=([^&]+)/.exec(cos.requests[cos.requests.length - 1].authorization ?? '')?.[1];

    const home = tempDir('cli-home');
    fs.mkdirSync(path.join(home, '.tencentcloud'));
    fs.writeFileSync(
      path.join(home, '.tencentcloud', 'credentials'),
      '[default]\nsecret_id = default-id\nsecret_key = default-key\n\n[ops]\nsecret_id = ops-id\nsecret_key = ops-key\n',
    );
    expect((await runCli(['ls', ...LOCATION], { env: { ...endpoint, HOME: home } })).code).toBe(0);
    expect(signedWith()).toBe('default-id');
    expect((await runCli(['ls', ...LOCATION, '--profile', 'ops'], { env: { ...endpoint, HOME: home } })).code).toBe(0);
    expect(signedWith()).toBe('ops-id');

    const tccli = tempDir('cli-home');
    fs.mkdirSync(path.join(tccli, '.tccli'));
    fs.writeFileSync(
      path.join(tccli, '.tccli', 'dev.credential'),
      JSON.stringify({ secretId: 'tccli-id', secretKey: 'tccli-key' }),
    );
    expect((await runCli(['ls', ...LOCATION, '--profile', 'dev'], { env: { ...endpoint, HOME: tccli } })).code).toBe(0);
    expect(signedWith()).toBe('tccli-id');

    expect(
      (
        await runCli(['ls', ...LOCATION], {
          env: { ...endpoint, TENCENTCLOUD_SECRET_ID: 'tf-id', TENCENTCLOUD_SECRET_KEY: 'tf-key' },
        })
      ).code,
    ).toBe(0);
    expect(signedWith()).toBe('tf-id');
  });
});
