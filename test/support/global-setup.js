// Builds the package once before the tests (`npm run build`: the cdktf and cdktn builds of the
// construct, the handler and CLI bundles): the construct packages the real bundle, the
// integration tests run it, never the TypeScript source, and the package tests pack dist/.
const { execFileSync } = require('child_process');
const path = require('path');

// The Kafka test broker is compiled here too (cached under .build/), so that no test's timeout
// includes a first build.
module.exports = async () => {
  const root = path.join(__dirname, '..', '..');
  const tsc = require.resolve('typescript/bin/tsc', { paths: [root] });
  execFileSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
  execFileSync(process.execPath, [path.join(root, 'scripts', 'build-cdktn.js')], { stdio: 'inherit' });
  execFileSync(process.execPath, [path.join(root, 'scripts', 'bundle.js')], { stdio: 'inherit' });
  execFileSync('bash', [path.join(root, 'tools', 'kafka-mock', 'build.sh')], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  execFileSync('bash', [path.join(root, 'tools', 'scf-node', 'fetch.sh')], { stdio: ['ignore', 'ignore', 'inherit'] });
};
