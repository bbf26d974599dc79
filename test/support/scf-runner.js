// Runs a bundled handler the way SCF does: loads index.js, calls main_handler(event, context)
// once, and reports the outcome. Run with SCF's Node.js version (see scf-runtime.ts).
// Usage: node scf-runner.js <bundle dir> <event json> <context json>
const path = require('path');

const [bundleDir, eventJson, contextJson] = process.argv.slice(2);

// SCF's Node.js runtimes may prefix what console.log and its kin print with the time and the
// request id (SCF "Log Description", cn 583/46772), and then a JSON line no longer parses into
// fields: so does this runner. Only a line written whole to stdout reaches the log as it is.
const requestId = JSON.parse(contextJson).request_id;
for (const method of ['log', 'info', 'warn', 'error', 'debug']) {
  const stream = method === 'error' || method === 'warn' ? process.stderr : process.stdout;
  console[method] = (...args) =>
    stream.write(`${new Date().toISOString()}\t${requestId}\t${require('util').format(...args)}\n`);
}
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
