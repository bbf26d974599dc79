// CRC-32C (Castagnoli), as used by Kafka record batches. Every fetched byte goes through it,
// so it is slice-by-8: eight 256-entry tables in one flat array (about twice as fast in V8
// as eight separate arrays, and ~8x a byte-at-a-time loop).

const POLYNOMIAL = 0x82f63b78;
const TABLE = buildTable();

function buildTable(): Int32Array {
  const table = new Int32Array(8 * 256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ POLYNOMIAL : c >>> 1;
    table[n] = c;
  }
  // Table t advances the CRC over t more zero bytes.
  for (let i = 256; i < table.length; i++) {
    const previous = table[i - 256];
    table[i] = (previous >>> 8) ^ table[previous & 0xff];
  }
  return table;
}

export function crc32c(data: Uint8Array, start = 0, end = data.length): number {
  const t = TABLE;
  let crc = -1;
  let i = start;
  for (; i + 8 <= end; i += 8) {
    const a = crc ^ (data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24));
    crc =
      t[1792 + (a & 0xff)] ^
      t[1536 + ((a >>> 8) & 0xff)] ^
      t[1280 + ((a >>> 16) & 0xff)] ^
      t[1024 + (a >>> 24)] ^
      t[768 + data[i + 4]] ^
      t[512 + data[i + 5]] ^
      t[256 + data[i + 6]] ^
      t[data[i + 7]];
  }
  for (; i < end; i++) crc = t[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ -1) >>> 0;
}
