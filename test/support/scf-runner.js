// Runs a bundled handler the way SCF does: loads index.js, calls main_handler(event, context)
// once, and reports the outcome. Run with SCF's Node.js version (see scf-runtime.ts).
// Usage: node scf-runner.js <bundle dir> <event json> <context json>
const path = require('path');

const [bundleDir, eventJson, contextJson] = process.argv.slice(2);
const { main_handler: handler } = require(path.join(path.resolve(bundleDir), 'index.js'));

handler(JSON.parse(eventJson), JSON.parse(contextJson)).then(
  (result) => {
    process.stdout.write(`SCF_RESULT ${JSON.stringify(result)}\n`);
    process.exit(0);
  },
  (error) => {
    process.stdout.write(`SCF_ERROR ${JSON.stringify({ message: error && error.message })}\n`);
    process.exit(1);
  },
);
