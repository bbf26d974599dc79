// Builds the handler and CLI bundles once before the tests: the construct packages the real
// bundle and the integration tests run it, never the TypeScript source.
const { execFileSync } = require('child_process');
const path = require('path');

// The Kafka test broker is compiled here too (cached under .build/), so that no test's timeout
// includes a first build.
module.exports = async () => {
  const root = path.join(__dirname, '..', '..');
  execFileSync(process.execPath, [path.join(root, 'scripts', 'bundle.js')], { stdio: 'inherit' });
  execFileSync('bash', [path.join(root, 'tools', 'kafka-mock', 'build.sh')], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  execFileSync('bash', [path.join(root, 'tools', 'scf-node', 'fetch.sh')], { stdio: ['ignore', 'ignore', 'inherit'] });
};
