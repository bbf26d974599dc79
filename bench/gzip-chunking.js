// Micro benchmark behind a finding in docs/benchmarks.md: the cost of feeding a gzip stream
// one JSON line (about 1.1 KiB) at a time, as the handler does, against the same bytes
// joined into larger chunks. Run it on the handler's Node.js:
//   .build/scf-node/node-v18.15.0/bin/node bench/gzip-chunking.js [MiB] [chunk KiB...]
// A chunk size of 0 means one write per line. GZIP_LEVEL=1..9 sets the level (default 6,
// zlib's default, which the handler uses).
const { createGzip } = require('zlib');
const { once } = require('events');
const { textLines } = require('./text-lines');

const LEVEL = Number(process.env.GZIP_LEVEL ?? 6);
const mib = Number(process.argv[2] ?? 200);
const chunkSizes = (process.argv.length > 3 ? process.argv.slice(3) : ['0', '16', '64', '256']).map(Number);
// 4096 distinct lines shaped like the handler's output, reused round robin.
const lines = textLines(4096);
const lineBytes = Buffer.byteLength(lines[0]);
const count = Math.round((mib * 1024 * 1024) / 1024);

async function run(chunkKiB) {
  const gzip = createGzip({ level: LEVEL });
  let out = 0;
  gzip.on('data', (c) => {
    out += c.length;
  });
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  let pending = [];
  let pendingBytes = 0;
  const write = async (chunk) => {
    if (!gzip.write(chunk)) await once(gzip, 'drain');
  };
  for (let i = 0; i < count; i += 1) {
    const line = lines[i % lines.length];
    if (chunkKiB === 0) {
      await write(line);
      continue;
    }
    pending.push(line);
    pendingBytes += line.length;
    if (pendingBytes >= chunkKiB * 1024) {
      await write(pending.join(''));
      pending = [];
      pendingBytes = 0;
    }
  }
  if (pending.length) await write(pending.join(''));
  gzip.end();
  await once(gzip, 'end');
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const cpu = process.cpuUsage(cpu0);
  const label = chunkKiB === 0 ? 'one write per line' : `${chunkKiB} KiB chunks`;
  console.log(
    `${label.padEnd(20)} ${(wallMs / 1000).toFixed(2).padStart(6)} s wall  ${((cpu.user + cpu.system) / 1e6).toFixed(2).padStart(6)} s CPU  ${((count * lineBytes) / 1048576 / (wallMs / 1000)).toFixed(0).padStart(4)} MiB/s in  ratio ${((count * lineBytes) / out).toFixed(2)}`,
  );
}

(async () => {
  console.log(
    `node ${process.version}: ${count} lines of ${lineBytes} B (${((count * lineBytes) / 1048576).toFixed(0)} MiB) through createGzip({ level: ${LEVEL} })`,
  );
  for (const size of chunkSizes) await run(size);
})();
