#!/usr/bin/env node
/*
 * Generates the TypeScript bindings for the tencentcloudstack/tencentcloud
 * Terraform provider from the schema kept in provider/tencentcloud.schema.json,
 * without network access and without running `terraform init`, once per framework:
 * cdktf's generator into `.gen/` and CDK Terrain's (the cdktn fork) into `.gen-cdktn/`.
 *
 * The output mirrors what `cdktf get` (or `cdktn get`) writes for
 * "tencentcloudstack/tencentcloud@~> 1.83.16":
 *   <out>/providers/tencentcloud/**   (one folder per resource, index.ts, lazy-index.ts)
 *   <out>/versions.json, <out>/constraints.json
 *
 * Usage:
 *   node scripts/generate-bindings.js                     regenerate .gen/ and .gen-cdktn/
 *   node scripts/generate-bindings.js --check             fail (exit 1) if either is out of date
 *   node scripts/generate-bindings.js --framework cdktn   only one framework (cdktf or cdktn)
 *   node scripts/generate-bindings.js --out DIR           write to DIR (needs --framework)
 */
'use strict';

// Must be set before any cdktf package is loaded: no version check calls.
process.env.CHECKPOINT_DISABLE = '1';

const fs = require('fs');
const Module = require('module');
const os = require('os');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const SCHEMA_FILE = path.join(ROOT, 'provider', 'tencentcloud.schema.json');

/**
 * The two code generators. Their module layouts differ (`lib/` + `src/` in cdktf,
 * `build/` in cdktn); their classes and output layout are the same.
 */
const FRAMEWORKS = {
  cdktf: {
    out: path.join(ROOT, '.gen'),
    generator: '@cdktf/provider-generator/lib/get/generator/provider-generator',
    commons: '@cdktf/commons',
    terraformProbe: 'src/terraform.js',
    providerSchema: '@cdktf/provider-schema/src/provider-schema',
  },
  cdktn: {
    out: path.join(ROOT, '.gen-cdktn'),
    generator: '@cdktn/provider-generator/build/get/generator/provider-generator',
    commons: '@cdktn/commons',
    terraformProbe: 'build/terraform.js',
    providerSchema: '@cdktn/provider-schema/build/provider-schema',
  },
};

const PROVIDER_FQPN = 'registry.terraform.io/tencentcloudstack/tencentcloud';
const PROVIDER_SOURCE = 'tencentcloudstack/tencentcloud';
const PROVIDER_CONSTRAINT = '~> 1.83.16';
// Provider release the schema file was written against (what `terraform init`
// would select for the constraint above and `cdktf get` records).
const PROVIDER_VERSION = '1.83.25';
const PROVIDER_NAME = 'tencentcloud';

// Paths (relative to the output dir) that this script owns.
const OWNED_DIR = path.join('providers', PROVIDER_NAME);
const OWNED_FILES = ['versions.json', 'constraints.json'];

// The commons package starts `terraform version -json` as soon as it is loaded. Code
// generation never needs terraform, so a stand-in for that one module is put
// into the require cache (nothing on the generation path reads these values).
function skipTerraformProbe(framework, fromGenerator) {
  const commonsDir = path.dirname(require.resolve(`${framework.commons}/package.json`, fromGenerator));
  const file = path.join(commonsDir, framework.terraformProbe);
  if (require.cache[file]) return;
  const stub = new Module(file, module);
  stub.filename = file;
  stub.loaded = true;
  stub.exports = {
    terraformBinaryName: process.env.TERRAFORM_BINARY_NAME || 'terraform',
    terraformVersion: Promise.resolve(undefined),
  };
  require.cache[file] = stub;
}

function loadGeneratorModules(framework) {
  // The package root of the provider generator pulls in jsii-pacmak (for other
  // languages); the provider generator module itself works standalone.
  const generatorPath = require.resolve(framework.generator);
  const fromGenerator = { paths: [path.dirname(generatorPath)] };
  skipTerraformProbe(framework, fromGenerator);
  const { TerraformProviderGenerator } = require(generatorPath);
  const { CodeMaker } = require(require.resolve('codemaker', fromGenerator));
  const commons = require(require.resolve(framework.commons, fromGenerator));
  // Same clean-up `cdktf get` applies to the output of `terraform providers schema -json`.
  const { sanitizeProviderSchema } = require(require.resolve(framework.providerSchema, fromGenerator));
  return { TerraformProviderGenerator, CodeMaker, commons, sanitizeProviderSchema };
}

/** Generates all bindings of one framework (`cdktf` or `cdktn`) into `outdir` (created if missing). */
async function generate(outdir, frameworkName = 'cdktf') {
  const framework = FRAMEWORKS[frameworkName];
  if (!framework) throw new Error(`unknown framework ${frameworkName} (cdktf or cdktn)`);
  const { TerraformProviderGenerator, CodeMaker, commons, sanitizeProviderSchema } = loadGeneratorModules(framework);

  const schema = JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8'));
  if (!schema.provider_schemas || !schema.provider_schemas[PROVIDER_FQPN]) {
    throw new Error(`${SCHEMA_FILE} has no schema for ${PROVIDER_FQPN}`);
  }
  // `cdktf get` would record the selected provider version here, and cdktf then pins
  // required_providers to exactly that release. Left out, the bindings carry only the constraint,
  // so stacks take the provider's patch releases (PROVIDER_VERSION is what the schema was read from).
  sanitizeProviderSchema(schema);

  const constraint = new commons.TerraformProviderConstraint(`${PROVIDER_SOURCE}@${PROVIDER_CONSTRAINT}`);
  const target = commons.ConstructsMakerTarget.from(constraint, commons.Language.TYPESCRIPT);

  const code = new CodeMaker();
  const generator = new TerraformProviderGenerator(code, schema);
  generator.generate(target);

  // Same bookkeeping files `cdktf get` writes next to the providers folder.
  code.openFile('versions.json');
  code.line(JSON.stringify({ ...generator.versions }, null, 2));
  code.closeFile('versions.json');
  code.openFile('constraints.json');
  code.line(
    JSON.stringify(
      { [frameworkName]: commons.DISPLAY_VERSION, providers: { [constraint.fqn]: constraint.version } },
      null,
      2,
    ),
  );
  code.closeFile('constraints.json');

  fs.mkdirSync(outdir, { recursive: true });
  await code.save(outdir);
}

/** Relative paths of all files below `dir`, sorted, using '/' separators. */
function listFiles(dir) {
  const out = [];
  const walk = (rel) => {
    const abs = path.join(dir, rel);
    if (!fs.existsSync(abs)) return;
    for (const entry of fs.readdirSync(abs, { withFileTypes: true })) {
      const childRel = rel ? path.join(rel, entry.name) : entry.name;
      if (entry.isDirectory()) walk(childRel);
      else out.push(childRel.split(path.sep).join('/'));
    }
  };
  walk('');
  return out.sort();
}

/** Files owned by this script inside an output dir. */
function ownedFiles(dir) {
  const files = listFiles(path.join(dir, OWNED_DIR)).map((f) => `${OWNED_DIR.split(path.sep).join('/')}/${f}`);
  for (const f of OWNED_FILES) if (fs.existsSync(path.join(dir, f))) files.push(f);
  return files.sort();
}

/** Lists files that differ between two output dirs (missing, extra or changed). */
function diffOutputs(expectedDir, actualDir) {
  const expected = ownedFiles(expectedDir);
  const actual = new Set(ownedFiles(actualDir));
  const diffs = [];
  for (const f of expected) {
    if (!actual.has(f)) diffs.push(`missing: ${f}`);
    else if (!fs.readFileSync(path.join(expectedDir, f)).equals(fs.readFileSync(path.join(actualDir, f))))
      diffs.push(`changed: ${f}`);
    actual.delete(f);
  }
  for (const f of [...actual].sort()) diffs.push(`extra:   ${f}`);
  return diffs;
}

function withTempDir(fn) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tc-bindings-'));
  return Promise.resolve()
    .then(() => fn(dir))
    .finally(() => fs.rmSync(dir, { recursive: true, force: true }));
}

function parseArgs(argv) {
  const valueOf = (flag) => {
    const i = argv.indexOf(flag);
    if (i < 0) return undefined;
    if (!argv[i + 1] || argv[i + 1].startsWith('--')) throw new Error(`${flag} needs a value`);
    return argv[i + 1];
  };
  const known = new Set(['--check', '--framework', '--out']);
  argv.forEach((arg, i) => {
    const isValue = i > 0 && (argv[i - 1] === '--framework' || argv[i - 1] === '--out');
    if (!isValue && !known.has(arg)) throw new Error(`unknown argument ${arg} (--check, --framework NAME, --out DIR)`);
  });
  const only = valueOf('--framework');
  if (only !== undefined && !FRAMEWORKS[only]) throw new Error(`--framework ${only}: must be cdktf or cdktn`);
  const out = valueOf('--out');
  if (out !== undefined && only === undefined) throw new Error('--out needs --framework (one output per framework)');
  const names = only ? [only] : Object.keys(FRAMEWORKS);
  return {
    check: argv.includes('--check'),
    targets: names.map((name) => ({ name, outdir: out ? path.resolve(out) : FRAMEWORKS[name].out })),
  };
}

async function checkOne({ name, outdir }) {
  const diffs = await withTempDir(async (tmp) => {
    await generate(tmp, name);
    return diffOutputs(tmp, outdir);
  });
  if (diffs.length) {
    console.error(`${name} bindings in ${path.relative(ROOT, outdir) || '.'} are out of date (run: npm run bindings):`);
    for (const d of diffs) console.error(`  ${d}`);
    return 1;
  }
  console.log(`${name} bindings are up to date.`);
  return 0;
}

async function writeOne({ name, outdir }) {
  // Build in a temp dir first so a failure never leaves a half-written tree.
  await withTempDir(async (tmp) => {
    await generate(tmp, name);
    fs.rmSync(path.join(outdir, OWNED_DIR), { recursive: true, force: true });
    fs.mkdirSync(path.join(outdir, 'providers'), { recursive: true });
    fs.cpSync(path.join(tmp, OWNED_DIR), path.join(outdir, OWNED_DIR), { recursive: true });
    for (const f of OWNED_FILES) fs.copyFileSync(path.join(tmp, f), path.join(outdir, f));
  });
  console.log(`Wrote ${ownedFiles(outdir).length} ${name} files to ${path.relative(ROOT, outdir) || '.'}`);
  return 0;
}

async function main(argv) {
  const { check, targets } = parseArgs(argv);
  let status = 0;
  // One at a time: each generator loads its own copy of codemaker and commons.
  for (const target of targets) status = Math.max(status, await (check ? checkOne : writeOne)(target));
  return status;
}

module.exports = {
  generate,
  FRAMEWORKS,
  diffOutputs,
  ownedFiles,
  SCHEMA_FILE,
  PROVIDER_FQPN,
  PROVIDER_VERSION,
  PROVIDER_CONSTRAINT,
};

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(2);
    },
  );
}
