#!/usr/bin/env node
// Builds the construct a second time for CDK Terrain (the `cdktn` fork of cdktf), from the
// same source: lib/ and examples/ are copied with their `'cdktf'` imports pointed at `'cdktn'`,
// next to contract/ and the bindings that CDK Terrain's own generator writes from the same
// provider schema (.gen-cdktn/, placed where .gen/ is), then compiled with the project's
// compiler options.
//
// .gen-cdktn/ is not committed: this build generates it first, offline, when it is missing or
// stale (its stamp records the hashes of the schema, of generate-bindings.js and of the files, and
// the generator's versions; see ensureBindings in generate-bindings.js). That takes a second or
// two; the check alone takes milliseconds.
//
//   node scripts/build-cdktn.js            writes dist/cdktn/{lib,contract,.gen,examples}
//   node scripts/build-cdktn.js --out DIR  writes DIR/... instead (tests build into a temp dir)
//
// The handler and CLI bundles do not depend on the framework: both builds share dist/handler.
'use strict';

const fs = require('fs');
const path = require('path');
const ts = require('typescript');
const { ensureBindings } = require('./generate-bindings');

const ROOT = path.resolve(__dirname, '..');

/** Source folders staged, each with its framework imports pointed at cdktn. */
const SOURCES = ['contract', 'types', 'lib', 'examples'];
const BINDINGS = { from: '.gen-cdktn', to: '.gen' };

/** Says whether a string literal is the module of an import or export declaration. */
function isModuleSpecifier(node) {
  const parent = node.parent;
  return (
    ((ts.isImportDeclaration(parent) || ts.isExportDeclaration(parent)) && parent.moduleSpecifier === node) ||
    ts.isExternalModuleReference(parent)
  );
}

/** `cdktf` and its subpaths (`cdktf/lib/...`) have a cdktn twin; `@cdktf/*` packages have none. */
const CDKTF_MODULE = /^cdktf(\/|$)/;
const CDKTF_SCOPE = /^@cdktf\//;

/** The text of one TypeScript file with its cdktf imports pointed at cdktn; refuses any other use. */
function retarget(file, text) {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const refuse = (node, why) => {
    const { line } = source.getLineAndCharacterOfPosition(node.getStart());
    throw new Error(`${path.relative(ROOT, file)}:${line + 1}: ${why}`);
  };
  const imports = [];
  const visit = (node) => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      if (CDKTF_SCOPE.test(node.text) && isModuleSpecifier(node)) {
        refuse(node, `'${node.text}' has no CDK Terrain twin`);
      }
      if (CDKTF_MODULE.test(node.text)) {
        // Any other use (a dynamic import, a computed require, a type import) would slip past the
        // rewrite and load the other framework's classes: fail the build instead.
        if (!isModuleSpecifier(node)) refuse(node, `'${node.text}' is used other than in an import`);
        imports.push(node);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  // The literal's first character is its quote; 'cdktf' is the five after it.
  return imports
    .sort((a, b) => b.getStart() - a.getStart())
    .reduce((out, node) => `${out.slice(0, node.getStart() + 1)}cdktn${out.slice(node.getStart() + 6)}`, text);
}

function copyTree(fromDir, toDir, transform) {
  for (const entry of fs.readdirSync(fromDir, { withFileTypes: true })) {
    const from = path.join(fromDir, entry.name);
    const to = path.join(toDir, entry.name);
    if (entry.isDirectory()) {
      copyTree(from, to, transform);
    } else if (entry.name.endsWith('.ts')) {
      fs.mkdirSync(toDir, { recursive: true });
      const text = fs.readFileSync(from, 'utf8');
      fs.writeFileSync(to, transform ? transform(from, text) : text);
    }
  }
}

/** Copies the sources into `stage`, retargeted. */
function stageSources(stage) {
  for (const dir of SOURCES) copyTree(path.join(ROOT, dir), path.join(stage, dir), retarget);
  copyTree(path.join(ROOT, BINDINGS.from), path.join(stage, BINDINGS.to));
}

/** Compiles the staged tree with the project's options (tsconfig.build.json) into `outDir`. */
function compile(stage, outDir) {
  const configFile = path.join(stage, 'tsconfig.json');
  fs.writeFileSync(
    configFile,
    JSON.stringify({
      extends: path.join(ROOT, 'tsconfig.build.json'),
      compilerOptions: { rootDir: '.', outDir, typeRoots: [path.join(ROOT, 'node_modules', '@types')] },
      include: [...SOURCES, BINDINGS.to].map((dir) => `${dir}/**/*.ts`),
      // The stage sits under node_modules/.cache, which the project's exclude list names.
      exclude: [],
    }),
  );
  const parsed = ts.getParsedCommandLineOfConfigFile(
    configFile,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  );
  const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options });
  const problems = [...parsed.errors, ...ts.getPreEmitDiagnostics(program)];
  // Nothing is written unless the whole tree compiles.
  const diagnostics = problems.length ? problems : program.emit().diagnostics;
  if (diagnostics.length) {
    const text = ts.formatDiagnostics(diagnostics.slice(0, 20), {
      getCanonicalFileName: (f) => f,
      getCurrentDirectory: () => stage,
      getNewLine: () => '\n',
    });
    throw new Error(`the cdktn build does not compile (${diagnostics.length} errors):\n${text}`);
  }
}

/** Generates .gen-cdktn/ when it is missing or stale, and says so. */
async function generateBindings() {
  const { generated, reason, seconds, generator } = await ensureBindings('cdktn', path.join(ROOT, BINDINGS.from));
  if (generated) {
    const version = generator['@cdktn/provider-generator'];
    console.log(
      `generated ${BINDINGS.from}/ with @cdktn/provider-generator ${version} in ${seconds.toFixed(1)} s (${reason})`,
    );
  }
}

async function build(outDir) {
  await generateBindings();
  // Staged inside the checkout so that node_modules resolves as it does for the sources.
  fs.mkdirSync(path.join(ROOT, 'node_modules', '.cache'), { recursive: true });
  const stage = fs.mkdtempSync(path.join(ROOT, 'node_modules', '.cache', 'cdktn-stage-'));
  try {
    stageSources(stage);
    // Compiled next to the stage, then moved into place: a failed build leaves the last good one.
    const compiled = path.join(stage, '.out');
    compile(stage, compiled);
    fs.rmSync(outDir, { recursive: true, force: true });
    fs.mkdirSync(path.dirname(outDir), { recursive: true });
    try {
      fs.renameSync(compiled, outDir);
    } catch (error) {
      if (error.code !== 'EXDEV') throw error;
      fs.cpSync(compiled, outDir, { recursive: true }); // --out on another file system
    }
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
  }
}

async function main(argv) {
  const outIdx = argv.indexOf('--out');
  if (outIdx >= 0 && !argv[outIdx + 1]) throw new Error('--out needs a directory');
  const unknown = argv.filter((arg, i) => !(i === outIdx || (outIdx >= 0 && i === outIdx + 1)));
  if (unknown.length) throw new Error(`unknown argument ${unknown[0]} (the only option is --out DIR)`);
  const outDir = outIdx >= 0 ? path.resolve(argv[outIdx + 1]) : path.join(ROOT, 'dist', 'cdktn');
  await build(outDir);
  console.log(`built the cdktn construct into ${path.relative(ROOT, outDir) || '.'}`);
}

module.exports = { build, retarget };

if (require.main === module) {
  main(process.argv.slice(2)).catch((error) => {
    console.error(error.message);
    process.exit(1);
  });
}
