#!/usr/bin/env node
/*
 * Generates the TypeScript bindings for the tencentcloudstack/tencentcloud
 * Terraform provider from the schema kept in provider/tencentcloud.schema.json,
 * without network access and without running `terraform init`.
 *
 * The output mirrors what `cdktf get` writes for
 * "tencentcloudstack/tencentcloud@~> 1.83.16" into `.gen/`:
 *   .gen/providers/tencentcloud/**   (one folder per resource, index.ts, lazy-index.ts)
 *   .gen/versions.json, .gen/constraints.json
 *
 * Usage:
 *   node scripts/generate-bindings.js            regenerate .gen/
 *   node scripts/generate-bindings.js --check    fail (exit 1) if .gen/ is out of date
 *   node scripts/generate-bindings.js --out DIR  write the bindings to DIR instead of .gen/
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
const DEFAULT_OUT = path.join(ROOT, '.gen');

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

// @cdktf/commons starts `terraform version -json` as soon as it is loaded. Code
// generation never needs terraform, so a stand-in for that one module is put
// into the require cache (nothing on the generation path reads these values).
function skipTerraformProbe(fromGenerator) {
  const commonsDir = path.dirname(require.resolve('@cdktf/commons/package.json', fromGenerator));
  const file = path.join(commonsDir, 'src', 'terraform.js');
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

function loadGeneratorModules() {
  // The package root of @cdktf/provider-generator pulls in jsii-pacmak, which is
  // not installed; the provider generator module itself works standalone.
  const generatorPath = require.resolve('@cdktf/provider-generator/lib/get/generator/provider-generator');
  const fromGenerator = { paths: [path.dirname(generatorPath)] };
  skipTerraformProbe(fromGenerator);
  const { TerraformProviderGenerator } = require(generatorPath);
  const { CodeMaker } = require(require.resolve('codemaker', fromGenerator));
  const commons = require(require.resolve('@cdktf/commons', fromGenerator));
  // Same clean-up `cdktf get` applies to the output of `terraform providers schema -json`.
  const { sanitizeProviderSchema } = require(
    require.resolve('@cdktf/provider-schema/src/provider-schema', fromGenerator),
  );
  return { TerraformProviderGenerator, CodeMaker, commons, sanitizeProviderSchema };
}

/** Generates all bindings into `outdir` (created if missing). */
async function generate(outdir) {
  const { TerraformProviderGenerator, CodeMaker, commons, sanitizeProviderSchema } = loadGeneratorModules();

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
    JSON.stringify({ cdktf: commons.DISPLAY_VERSION, providers: { [constraint.fqn]: constraint.version } }, null, 2),
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

async function main(argv) {
  const check = argv.includes('--check');
  const outIdx = argv.indexOf('--out');
  const outdir = outIdx >= 0 ? path.resolve(argv[outIdx + 1] || '') : DEFAULT_OUT;
  if (outIdx >= 0 && !argv[outIdx + 1]) throw new Error('--out needs a directory');

  if (check) {
    const diffs = await withTempDir(async (tmp) => {
      await generate(tmp);
      return diffOutputs(tmp, outdir);
    });
    if (diffs.length) {
      console.error(
        `Bindings in ${path.relative(ROOT, outdir) || '.'} are out of date (run: node scripts/generate-bindings.js):`,
      );
      for (const d of diffs) console.error(`  ${d}`);
      return 1;
    }
    console.log('Bindings are up to date.');
    return 0;
  }

  // Build in a temp dir first so a failure never leaves a half-written tree.
  await withTempDir(async (tmp) => {
    await generate(tmp);
    fs.rmSync(path.join(outdir, OWNED_DIR), { recursive: true, force: true });
    fs.mkdirSync(path.join(outdir, 'providers'), { recursive: true });
    fs.cpSync(path.join(tmp, OWNED_DIR), path.join(outdir, OWNED_DIR), { recursive: true });
    for (const f of OWNED_FILES) fs.copyFileSync(path.join(tmp, f), path.join(outdir, f));
  });
  console.log(`Wrote ${ownedFiles(outdir).length} files to ${path.relative(ROOT, outdir) || '.'}`);
  return 0;
}

module.exports = {
  generate,
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
      console.error(err && err.stack ? err.stack : err);
      process.exit(2);
    },
  );
}
