// Builds the handler and CLI bundles once before the tests: the construct packages the real
// bundle and the integration tests run it, never the TypeScript source.
const { execFileSync } = require('child_process');
const path = require('path');

module.exports = async () => {
  execFileSync(process.execPath, [path.join(__dirname, '..', '..', 'scripts', 'bundle.js')], { stdio: 'inherit' });
};
