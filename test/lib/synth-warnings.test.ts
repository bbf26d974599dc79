// Synth warnings as a user sees them, in a real app process of each framework (the built
// packages, dist/ and dist/cdktn/): `node main.js` prints each warning once on stderr; under the
// cdktf or CDK Terrain CLI (which print the manifest's annotations themselves) the app prints
// none, and the manifest holds each once.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { NOBODY_NOTIFIED_WARNING } from '../../lib/alarms';
import { CLI_PRINTS_ANNOTATIONS_ENV } from '../../lib/synth-warnings';
import { REPO_ROOT } from '../support/repo-root';

const FRAMEWORKS = {
  cdktf: path.join(REPO_ROOT, 'dist', 'lib'),
  cdktn: path.join(REPO_ROOT, 'dist', 'cdktn', 'lib'),
} as const;
type Framework = keyof typeof FRAMEWORKS;

const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-warnings-'));
afterAll(() => fs.rmSync(workDir, { recursive: true, force: true }));

/** A user's main.js: one backup whose alarms notify nobody, synthesized with `app.synth()`. */
function mainJs(framework: Framework): string {
  const frameworkModule = require.resolve(framework, { paths: [REPO_ROOT] });
  return `const { App, TerraformStack } = require(${JSON.stringify(frameworkModule)});
const { CkafkaCosBackup, TencentcloudProvider } = require(${JSON.stringify(FRAMEWORKS[framework])});
const app = new App({ outdir: process.argv[2] });
const stack = new TerraformStack(app, 'backups');
new TencentcloudProvider(stack, 'tencentcloud', { region: 'ap-guangzhou' });
new CkafkaCosBackup(stack, 'OrdersBackup', {
  functionName: 'orders-backup',
  bucket: { name: 'backup-1250000000', region: 'ap-guangzhou' },
  kafka: { instanceId: 'ckafka-abc123', topic: 'orders', bootstrapServers: ['10.0.0.12:9092'] },
  vpc: { vpcId: 'vpc-abcd1234', subnetId: 'subnet-abcd1234' },
});
app.synth();
`;
}

/** Runs main.js as `node main.js` (underCli: with the environment the CLIs give the app). */
function run(framework: Framework, underCli: boolean): { stderr: string; manifestWarnings: string[] } {
  const dir = fs.mkdtempSync(path.join(workDir, `${framework}-`));
  fs.writeFileSync(path.join(dir, 'main.js'), mainJs(framework));
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env[CLI_PRINTS_ANNOTATIONS_ENV];
  if (underCli) env[CLI_PRINTS_ANNOTATIONS_ENV] = 'true';
  const outdir = path.join(dir, 'out');
  const result = spawnSync(process.execPath, ['main.js', outdir], { cwd: dir, env, encoding: 'utf8' });
  expect(result.status).toBe(0);
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf8'));
  return {
    stderr: result.stderr,
    manifestWarnings: manifest.stacks.backups.annotations.map((a: { message: string }) => a.message),
  };
}

const LINE = `WARN [backups/OrdersBackup]: ${NOBODY_NOTIFIED_WARNING}\n`;

describe.each(Object.keys(FRAMEWORKS) as Framework[])('%s app', (framework) => {
  test('node main.js prints the warning once on stderr', () => {
    const { stderr, manifestWarnings } = run(framework, false);
    expect(stderr).toBe(LINE);
    expect(manifestWarnings).toEqual([NOBODY_NOTIFIED_WARNING]);
  });

  test('run by the CLI, the app prints nothing: the CLI prints the one annotation of the manifest', () => {
    const { stderr, manifestWarnings } = run(framework, true);
    expect(stderr).toBe('');
    expect(manifestWarnings).toEqual([NOBODY_NOTIFIED_WARNING]);
  });
});
