#!/usr/bin/env node
// Bundles the SCF handler and the CLI into one file each with esbuild.
// The handler targets SCF's Node.js 18 runtime; nothing is loaded from node_modules at run time.
const path = require('path');
const fs = require('fs');
const esbuild = require('esbuild');
const { noticesText } = require('./third-party-notices');

const root = path.resolve(__dirname, '..');
const pluginsFile = path.join(__dirname, 'esbuild-plugins.js');
const plugins = fs.existsSync(pluginsFile) ? require(pluginsFile).plugins : [];

/** SCF's default runtime is Nodejs18.15: never emit syntax or APIs newer than that. */
const SCF_NODE_TARGET = 'node18.15';

const targets = [
  { name: 'handler', entry: 'functions/index.ts', outfile: 'dist/handler/index.js', banner: '' },
  { name: 'cli', entry: 'cli/index.ts', outfile: 'dist/cli/index.js', banner: '#!/usr/bin/env node' },
];

async function bundle(target) {
  const entry = path.join(root, target.entry);
  if (!fs.existsSync(entry)) return null;
  const result = await esbuild.build({
    entryPoints: [entry],
    outfile: path.join(root, target.outfile),
    bundle: true,
    platform: 'node',
    target: SCF_NODE_TARGET,
    format: 'cjs',
    minify: true,
    keepNames: true,
    sourcemap: false,
    legalComments: 'none',
    metafile: true,
    banner: target.banner ? { js: target.banner } : undefined,
    logLevel: 'warning',
    plugins,
  });
  const notices = path.join(path.dirname(path.join(root, target.outfile)), 'THIRD_PARTY_NOTICES.txt');
  fs.writeFileSync(notices, noticesText(root, result.metafile));
  const bytes = fs.statSync(path.join(root, target.outfile)).size;
  return { name: target.name, bytes, inputs: Object.keys(result.metafile.inputs).length };
}

async function main() {
  const only = process.argv[2];
  for (const target of targets) {
    if (only && target.name !== only) continue;
    const built = await bundle(target);
    if (built)
      console.log(
        `bundled ${built.name}: ${target.outfile} (${(built.bytes / 1024).toFixed(0)} KiB from ${built.inputs} files)`,
      );
  }
}

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
