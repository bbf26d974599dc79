// Java Kafka clients write snappy data in xerial's stream framing: a 16-byte header
// (magic, version, compatible version) and then chunks of [int32 BE length][raw snappy].
// Other clients (librdkafka, kafkajs) write one raw snappy block. Brokers and clients
// accept both, so we read both and write the raw form, like kafkajs-snappy does.
import * as snappy from 'snappyjs';

const XERIAL_MAGIC = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]);
const XERIAL_HEADER_BYTES = 16;

export function snappyDecompress(data: Buffer): Buffer {
  if (data.length < XERIAL_HEADER_BYTES || !data.subarray(0, 8).equals(XERIAL_MAGIC)) {
    return snappy.uncompress(data);
  }
  const chunks: Buffer[] = [];
  let pos = XERIAL_HEADER_BYTES;
  while (pos < data.length) {
    const size = data.readUInt32BE(pos);
    pos += 4;
    if (pos + size > data.length) throw new Error('Truncated xerial snappy chunk');
    chunks.push(snappy.uncompress(data.subarray(pos, pos + size)));
    pos += size;
  }
  return Buffer.concat(chunks);
}

export function snappyCompress(data: Buffer): Buffer {
  return snappy.compress(data);
}
