// What a user gets: the packed tarball (of the dist/ that the test setup built), installed with
// npm into a fresh plain-JavaScript app of each framework, which then synthesizes.
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO_ROOT } from '../support/repo-root';

const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
const APPS = {
  cdktf: { entry: 'ckafka-cos-backup', framework: `cdktf@${manifest.devDependencies.cdktf}` },
  cdktn: { entry: 'ckafka-cos-backup/cdktn', framework: `cdktn@${manifest.devDependencies.cdktn}` },
} as const;
type Framework = keyof typeof APPS;

const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'packed-'));
afterAll(() => fs.rmSync(workDir, { recursive: true, force: true }));

function run(command: string, args: string[], cwd: string): string {
  return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** The app a user writes, in plain JavaScript: only the two require lines differ by framework. */
function appSource(framework: Framework): string {
  return `const { App, TerraformStack } = require('${framework}');
const { CkafkaCosBackup, TencentcloudProvider } = require('${APPS[framework].entry}');

const app = new App({ outdir: 'out' });
const stack = new TerraformStack(app, 'orders');
new TencentcloudProvider(stack, 'tencentcloud', { region: 'ap-guangzhou' });
new CkafkaCosBackup(stack, 'OrdersBackup', {
  functionName: 'orders-backup',
  createBucket: { name: 'orders-backup-1250000000', region: 'ap-guangzhou' },
  prefix: 'kafka/',
  kafka: { instanceId: 'ckafka-abc12345', topic: 'orders', bootstrapServers: ['10.0.0.12:9092'] },
  vpc: { vpcId: 'vpc-abcd1234', subnetId: 'subnet-abcd1234' },
  alarms: { noticeIds: ['notice-abcd1234'] },
});
app.synth();
`;
}

let tarball = '';
const synthesized = {} as Record<Framework, any>;

/** Runs the app's main.js once and reads its Terraform JSON. */
function synthApp(framework: Framework): any {
  if (!synthesized[framework]) {
    run(process.execPath, ['main.js'], appDirs[framework]);
    const file = path.join(appDirs[framework], 'out/stacks/orders/cdk.tf.json');
    synthesized[framework] = JSON.parse(fs.readFileSync(file, 'utf8'));
  }
  return structuredClone(synthesized[framework]);
}
const appDirs = {} as Record<Framework, string>;

beforeAll(() => {
  const packed = JSON.parse(
    run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', workDir], REPO_ROOT),
  );
  tarball = path.join(workDir, packed[0].filename);
  for (const framework of Object.keys(APPS) as Framework[]) {
    const dir = path.join(workDir, `${framework}-app`);
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: `${framework}-app`, private: true }));
    fs.writeFileSync(path.join(dir, 'main.js'), appSource(framework));
    const constructs = `constructs@${manifest.devDependencies.constructs}`;
    // The registry's packages come from npm's cache when `npm ci` has run (offline machines).
    const install = ['install', '--prefer-offline', '--no-audit', '--no-fund', '--no-package-lock'];
    run('npm', [...install, tarball, APPS[framework].framework, constructs], dir);
    appDirs[framework] = dir;
  }
}, 300_000);

test('the tarball holds the license, both builds, both entry points, the bundles with their notices, and nothing else', () => {
  const files = run('tar', ['-tzf', tarball], workDir)
    .split('\n')
    .filter(Boolean)
    .map((f) => f.replace(/^package\//, ''));
  for (const file of [
    'LICENSE',
    'README.md',
    'CHANGELOG.md',
    'package.json',
    'entry/cdktf.js',
    'entry/cdktn.js',
    'cdktn/package.json',
    'dist/lib/index.js',
    'dist/lib/index.d.ts',
    'dist/cdktn/lib/index.js',
    'dist/cdktn/lib/index.d.ts',
    'dist/handler/index.js',
    'dist/handler/THIRD_PARTY_NOTICES.txt',
    'dist/cli/index.js',
    'dist/cli/THIRD_PARTY_NOTICES.txt',
  ]) {
    expect(files).toContain(file);
  }
  // Everything else is in one of these folders (no tests, sources, examples, scripts or docs).
  const allowed = /^(entry|cdktn|dist\/(lib|contract|\.gen|handler|cli)|dist\/cdktn\/(lib|contract|\.gen))\//;
  const topLevel = new Set(['LICENSE', 'README.md', 'CHANGELOG.md', 'package.json']);
  expect(files.filter((f) => !topLevel.has(f) && !allowed.test(f))).toEqual([]);
  expect(files.filter((f) => f.endsWith('.test.js') || (f.endsWith('.ts') && !f.endsWith('.d.ts')))).toEqual([]);

  const license = run('tar', ['-xzOf', tarball, 'package/LICENSE'], workDir);
  expect(license).toContain('Apache License');
  expect(license).toContain('Version 2.0, January 2004');
  const notices = run('tar', ['-xzOf', tarball, 'package/dist/handler/THIRD_PARTY_NOTICES.txt'], workDir);
  expect(notices).toContain(`kafkajs ${manifest.devDependencies.kafkajs} (MIT)`);
});

describe.each(Object.keys(APPS) as Framework[])('a plain-JS %s app with the tarball installed', (framework) => {
  test('synthesizes the backup', () => {
    const json = synthApp(framework);
    const fn = Object.values<any>(json.resource.tencentcloud_scf_function)[0];
    expect(fn.name).toBe('orders-backup');
    expect(fs.statSync(path.join(appDirs[framework], 'out/stacks/orders', fn.zip_file)).size).toBeGreaterThan(100_000);
    expect(json.terraform.required_providers.tencentcloud.version).toBe('~> 1.83.16');
    expect(json['//'].metadata.version).toBe(APPS[framework].framework.split('@')[1]);
  });

  test("the other framework's entry point says what is missing", () => {
    const other = framework === 'cdktf' ? 'cdktn' : 'cdktf';
    const result = spawnSync(process.execPath, ['-e', `require('${APPS[other].entry}')`], {
      cwd: appDirs[framework],
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`the "${other}" package is not installed`);
    expect(result.stderr).toContain(`import '${APPS[framework].entry}' instead`);
  });

  test('the CLI runs from the installed package', () => {
    const cli = path.join(appDirs[framework], 'node_modules/.bin/ckafka-cos-backup');
    expect(run(cli, ['--help'], workDir)).toContain('verify');
    expect(run(cli, ['--version'], workDir).trim()).toBe(manifest.version);
  });
});

test('both apps synthesize the same Terraform apart from the framework version', () => {
  const [cdktf, cdktn] = (['cdktf', 'cdktn'] as Framework[]).map((framework) => {
    const json = synthApp(framework);
    delete json['//'].metadata.version;
    // The default local backend keeps its state in each app's own folder.
    expect(json.terraform.backend.local.path).toBe(path.join(appDirs[framework], 'terraform.orders.tfstate'));
    delete json.terraform.backend.local.path;
    return json;
  });
  expect(Object.keys(cdktf.resource).length).toBeGreaterThan(5);
  expect(cdktn).toEqual(cdktf);
});

/**
 * The README's "Use it" example, as printed: its first TypeScript block, with the imports of the
 * block that follows it for a CDK Terrain app.
 */
function readmeExample(framework: Framework): string {
  const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Use it'), readme.indexOf('## What gets created'));
  const [example, cdktnImports] = [...section.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
  expect(example).toContain('new CkafkaCosBackup(');
  if (framework === 'cdktf') return example;
  const imports = cdktnImports.trim().split('\n');
  expect(imports).toHaveLength(2);
  const exampleImports = example.split('\n').filter((line) => line.startsWith('import '));
  expect(exampleImports).toHaveLength(2);
  return exampleImports.reduce((code, line, i) => code.replace(line, imports[i]), example);
}

// The README's example in a strict TypeScript app, under both module resolutions apps use:
// it type-checks against the installed package's types, compiles, and synthesizes.
test.each([
  ['cdktf', 'node10'],
  ['cdktn', 'node10'],
  ['cdktf', 'node16'],
  ['cdktn', 'node16'],
] as [Framework, string][])(
  "the README's example as a strict TypeScript %s app (moduleResolution %s)",
  (framework, resolution) => {
    const dir = path.join(appDirs[framework], `ts-${resolution}`);
    fs.mkdirSync(dir, { recursive: true });
    fs.symlinkSync(path.join(appDirs[framework], 'node_modules'), path.join(dir, 'node_modules'));
    fs.writeFileSync(path.join(dir, 'main.ts'), readmeExample(framework));
    const compilerOptions = {
      strict: true,
      skipLibCheck: true,
      types: [],
      outDir: 'out-js',
      module: resolution === 'node16' ? 'node16' : 'commonjs',
      moduleResolution: resolution,
    };
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['main.ts'] }));
    const tsc = require.resolve('typescript/bin/tsc', { paths: [REPO_ROOT] });
    const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: dir, encoding: 'utf8' });
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);

    const app = spawnSync(process.execPath, ['out-js/main.js'], { cwd: dir, encoding: 'utf8' });
    expect(app.status).toBe(0);
    // Its alarms tell someone, so synth has nothing to warn of.
    expect(app.stderr).toBe('');
    const json = JSON.parse(fs.readFileSync(path.join(dir, 'cdktf.out/stacks/backups/cdk.tf.json'), 'utf8'));
    expect(Object.values<any>(json.resource.tencentcloud_scf_function)[0].name).toBe('orders-backup');
    expect(Object.keys(json.resource.tencentcloud_monitor_alarm_notice)).toHaveLength(1);
    expect(json['//'].metadata.version).toBe(APPS[framework].framework.split('@')[1]);
  },
);
