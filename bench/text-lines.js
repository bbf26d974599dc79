// Record lines shaped like the handler's output for the bench's text fill: 1 KiB values of
// random words from a 10-word list (gzip compresses them about 8:1), from a fixed seed.
const WORDS = [
  'kafka ',
  'backup ',
  'offset ',
  'partition ',
  'record ',
  'topic ',
  'cos ',
  'bucket ',
  'segment ',
  'batch ',
];

/** `count` distinct lines, each `{"topic","partition","offset","timestamp","key","value","headers"}\n`. */
function textLines(count, valueBytes = 1024) {
  let seed = 0x9e3779b9;
  // 32-bit LCG; Math.imul keeps the product exact (a float product past 2^53 cycles early).
  const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 16) % WORDS.length;
  const value = () => {
    let s = '';
    while (s.length < valueBytes) s += WORDS[rand()];
    return s.slice(0, valueBytes);
  };
  return Array.from(
    { length: count },
    (_, i) =>
      JSON.stringify({
        topic: 'bench',
        partition: i % 8,
        offset: i,
        timestamp: 1700000000000 + i,
        key: `k${i}`,
        value: value(),
        headers: [],
      }) + '\n',
  );
}

module.exports = { textLines };
