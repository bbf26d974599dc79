// The construct is built twice from one source (`npm run build`, run by the test setup):
// dist/lib against cdktf and dist/cdktn/lib against CDK Terrain (cdktn). Both builds must
// synthesize the same Terraform for the same app.
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { unzipSync } from 'fflate';
import { REPO_ROOT } from '../support/repo-root';

const BUILDS = {
  cdktf: path.join(REPO_ROOT, 'dist'),
  cdktn: path.join(REPO_ROOT, 'dist', 'cdktn'),
} as const;
type Framework = keyof typeof BUILDS;
const FRAMEWORKS = Object.keys(BUILDS) as Framework[];
const EXAMPLES = { basic: 'BasicBackupStack', advanced: 'AdvancedBackupStack' } as const;

const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'frameworks-'));
afterAll(() => fs.rmSync(workDir, { recursive: true, force: true }));

/**
 * Synthesizes one example with one framework's App in a fresh Node.js process (so that the
 * two frameworks never share a module cache), and lists the framework packages it loaded.
 */
function synthExample(framework: Framework, example: keyof typeof EXAMPLES): { json: any; loaded: string[] } {
  const outdir = path.join(workDir, `${framework}-${example}`);
  const script = `
    const { App } = require(${JSON.stringify(framework)});
    const { ${EXAMPLES[example]}: Stack } = require(${JSON.stringify(path.join(BUILDS[framework], 'examples', example, 'main.js'))});
    const app = new App({ outdir: ${JSON.stringify(outdir)} });
    new Stack(app, 'example');
    app.synth();
    const loaded = Object.keys(require.cache)
      .map((file) => /node_modules\\/(cdktf|cdktn)\\//.exec(file)?.[1])
      .filter(Boolean);
    process.stdout.write(JSON.stringify([...new Set(loaded)]));
  `;
  const stdout = execFileSync(process.execPath, ['-e', script], { cwd: REPO_ROOT, encoding: 'utf8' });
  const json = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', 'example', 'cdk.tf.json'), 'utf8'));
  return { json, loaded: JSON.parse(stdout) };
}

/** The Terraform JSON without the framework's own version stamp. */
function withoutFrameworkVersion(json: any): any {
  const copy = structuredClone(json);
  delete copy['//'].metadata.version;
  return copy;
}

describe.each(Object.keys(EXAMPLES) as (keyof typeof EXAMPLES)[])('the %s example', (example) => {
  const synthesized = Object.fromEntries(FRAMEWORKS.map((f) => [f, synthExample(f, example)])) as Record<
    Framework,
    { json: any; loaded: string[] }
  >;

  test.each(FRAMEWORKS)('with %s loads that framework only', (framework) => {
    expect(synthesized[framework].loaded).toEqual([framework]);
  });

  test('synthesizes the same Terraform under cdktf and cdktn, apart from the framework version', () => {
    const { cdktf, cdktn } = synthesized;
    expect(Object.keys(cdktf.json.resource).length).toBeGreaterThan(5);
    expect(withoutFrameworkVersion(cdktn.json)).toEqual(withoutFrameworkVersion(cdktf.json));
    expect(cdktf.json['//'].metadata.version).toBe(require('cdktf/package.json').version);
    expect(cdktn.json['//'].metadata.version).toBe(require('cdktn/package.json').version);
  });

  // The frameworks zip with different libraries (archiver, fflate): the archives hold the same files.
  test('both builds write the handler archive the function points at, with the same files', () => {
    const contents = FRAMEWORKS.map((framework) => {
      const fn = Object.values<any>(synthesized[framework].json.resource.tencentcloud_scf_function)[0];
      const archive = fs.readFileSync(path.join(workDir, `${framework}-${example}`, 'stacks', 'example', fn.zip_file));
      return Object.entries(unzipSync(archive)).map(([name, bytes]) => [name, Buffer.from(bytes).toString('base64')]);
    });
    expect(contents[0].map(([name]) => name)).toContain('index.js');
    expect(contents[1]).toEqual(contents[0]);
  });
});

describe('the cdktn build retargets imports only', () => {
  const { retarget } = require('../../scripts/build-cdktn.js') as { retarget: (file: string, text: string) => string };

  test("points import, export and import-require declarations at 'cdktn', leaving comments alone", () => {
    const source = [
      "import { App } from 'cdktf';",
      '// built on `cdktf` classes',
      'export * from "cdktf";',
      "import cdk = require('cdktf');",
      "const name = 'cdktfx';",
    ].join('\n');
    expect(retarget('x.ts', source)).toBe(
      [
        "import { App } from 'cdktn';",
        '// built on `cdktf` classes',
        'export * from "cdktn";',
        "import cdk = require('cdktn');",
        "const name = 'cdktfx';",
      ].join('\n'),
    );
  });

  test.each([
    ['a dynamic import', "const cdk = await import('cdktf');"],
    ['a type import', "type A = import('cdktf').App;"],
    ['a computed require', "const cdk = require(['cdktf'][0]);"],
  ])('refuses %s, which would load cdktf classes into a cdktn app', (_, source) => {
    expect(() => retarget('x.ts', source)).toThrow("x.ts:1: 'cdktf' is used other than in an import");
  });
});

// The frameworks find each other's stacks, so a mix-up would otherwise fail only deep in synth.
test.each([
  ['cdktn', 'cdktf'],
  ['cdktf', 'cdktn'],
] as [Framework, Framework][])('a %s app that loads the %s build is told which import to use', (app, build) => {
  const script = `
    const { App, TerraformStack } = require(${JSON.stringify(app)});
    const { CkafkaCosBackup } = require(${JSON.stringify(path.join(BUILDS[build], 'lib'))});
    const stack = new TerraformStack(new App({ outdir: ${JSON.stringify(path.join(workDir, `mixed-${app}`))} }), 'orders');
    new CkafkaCosBackup(stack, 'OrdersBackup', {});
  `;
  const result = spawnSync(process.execPath, ['-e', script], { cwd: REPO_ROOT, encoding: 'utf8' });
  expect(result.status).toBe(1);
  expect(result.stderr).toContain(
    `CkafkaCosBackup "OrdersBackup": the stack "orders" is from another CDK framework (or another copy of it) than this build of ckafka-cos-backup: import 'ckafka-cos-backup' in a cdktf app and 'ckafka-cos-backup/cdktn' in a CDK Terrain app.`,
  );
});
