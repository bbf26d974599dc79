#!/usr/bin/env node
// Runs a TypeScript script (demo, benchmarks) without a separate build step: esbuild bundles it
// into .build/ and Node runs the result with the remaining arguments.
const path = require('path');
const esbuild = require('esbuild');

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node scripts/run-ts.js <script.ts> [args...]');
  process.exit(2);
}
const root = path.resolve(__dirname, '..');
const outfile = path.join(root, '.build', 'scripts', `${path.basename(entry, '.ts')}.js`);
esbuild.buildSync({
  entryPoints: [path.resolve(entry)],
  outfile,
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
require(outfile);
