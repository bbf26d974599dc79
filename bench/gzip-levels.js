// The trade-off behind the compressionLevel prop: compression speed and size of the handler's
// record lines at gzip levels 1, 6 (the default) and 9. Run by `npm run bench` (section 6) on
// the handler's Node.js; prints one JSON array of samples. Lines are shaped like the handler's
// output for the bench's text fill (1 KiB values of random words), compressed in one gzipSync call
// (the handler streams: bench/gzip-chunking.js measures what its write size costs on top).
//   node bench/gzip-levels.js [MiB] [repetitions]
const { gzipSync } = require('zlib');
const { textLines } = require('./text-lines');

const mib = Number(process.argv[2] ?? 64);
const repetitions = Number(process.argv[3] ?? 3);
// Distinct lines (the whole input is new data to gzip, as in a backup), up to `mib` MiB.
const perLine = textLines(1)[0].length;
const lines = textLines(Math.ceil((mib * 1024 * 1024) / perLine));
const input = Buffer.from(lines.join(''));

const samples = [];
// Interleaved, so that a noisy moment hits every level alike.
for (let r = 0; r < repetitions; r += 1) {
  for (const level of [1, 6, 9]) {
    const start = process.hrtime.bigint();
    const out = gzipSync(input, { level, chunkSize: 64 * 1024 });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    samples.push({ level, inputBytes: input.length, outputBytes: out.length, seconds });
  }
}
process.stdout.write(JSON.stringify(samples));
