#!/usr/bin/env node
// Runs a TypeScript script (demo, benchmarks) without a separate build step: esbuild bundles it in
// memory and Node runs the result with the remaining arguments, as if it were the file
// .build/scripts/<name>.js. Nothing is written: a .build/ shared between checkouts (a symlink)
// neither gets one checkout's bundle overwritten by another's, nor makes the script's __dirname
// resolve into the other checkout (require() would follow the symlink of a written file).
const Module = require('module');
const path = require('path');
const esbuild = require('esbuild');

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node scripts/run-ts.js <script.ts> [args...]');
  process.exit(2);
}
const root = path.resolve(__dirname, '..');
const outfile = path.join(root, '.build', 'scripts', `${path.basename(entry, '.ts')}.js`);
const { outputFiles } = esbuild.buildSync({
  entryPoints: [path.resolve(entry)],
  outfile,
  write: false,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'inline',
  // Servers the scripts start (s3rver) load their own files at run time: keep packages external.
  packages: 'external',
  logLevel: 'warning',
});
process.argv = [process.argv[0], outfile, ...args];
// What require(outfile) would do, with the path as given: packages resolve from the checkout.
const script = new Module(outfile, module);
script.filename = outfile;
script.paths = Module._nodeModulePaths(path.dirname(outfile));
script._compile(outputFiles[0].text, outfile);
