// Kafka (magic v2) compresses with the standard LZ4 frame format. lz4js implements the
// blocks but its frame helpers misread the optional content size and write 4 MiB dependent
// blocks, which Java's reader rejects; so the frame layer is done here, on lz4js's blocks.
import * as lz4 from 'lz4js';
import { hash as xxh32 } from 'lz4js/xxh32';

const MAGIC = 0x184d2204;
const FLAG_VERSION = 0x40;
const FLAG_BLOCK_INDEPENDENT = 0x20;
const FLAG_BLOCK_CHECKSUM = 0x10;
const FLAG_CONTENT_SIZE = 0x08;
const FLAG_DICT_ID = 0x01;
const UNCOMPRESSED_BIT = 0x80000000;
const BLOCK_MAX_SIZES: Record<number, number> = { 4: 0x10000, 5: 0x40000, 6: 0x100000, 7: 0x400000 };

/** Kafka's own writer uses 64 KiB independent blocks; so do we. */
const WRITE_BLOCK_SIZE = 0x10000;
const WRITE_BLOCK_CODE = 4;

export function lz4Decompress(src: Buffer): Buffer {
  if (src.length < 7 || src.readUInt32LE(0) !== MAGIC) throw new Error('Not an LZ4 frame (bad magic number)');
  const flags = src[4];
  if ((flags & 0xc0) !== FLAG_VERSION)
    throw new Error(`Unsupported LZ4 frame version in flags 0x${flags.toString(16)}`);
  if (flags & FLAG_DICT_ID) throw new Error('LZ4 frames with a dictionary are not supported');
  const maxBlockSize = BLOCK_MAX_SIZES[(src[5] >> 4) & 7];
  if (!maxBlockSize) throw new Error('Invalid LZ4 block size code');
  const blockChecksumBytes = flags & FLAG_BLOCK_CHECKSUM ? 4 : 0;
  let pos = 6;
  if (flags & FLAG_CONTENT_SIZE) pos += 8;
  pos += 1; // header checksum; the record batch CRC already covers these bytes

  // Size the output from the block headers so dependent blocks can reference earlier output.
  let bound = 0;
  for (let scan = pos; ;) {
    const word = src.readUInt32LE(scan);
    if (word === 0) break;
    const size = word & ~UNCOMPRESSED_BIT;
    bound += word & UNCOMPRESSED_BIT ? size : maxBlockSize;
    scan += 4 + size + blockChecksumBytes;
  }

  const out = Buffer.allocUnsafe(bound);
  let written = 0;
  for (;;) {
    const word = src.readUInt32LE(pos);
    pos += 4;
    if (word === 0) break;
    const size = word & ~UNCOMPRESSED_BIT;
    if (pos + size > src.length) throw new Error('Truncated LZ4 block');
    if (word & UNCOMPRESSED_BIT) {
      src.copy(out, written, pos, pos + size);
      written += size;
    } else {
      written = lz4.decompressBlock(src, out, pos, size, written);
    }
    pos += size + blockChecksumBytes;
  }
  // An optional content checksum may follow; the record batch CRC already covers it.
  return out.subarray(0, written);
}

export function lz4Compress(src: Buffer): Buffer {
  const header = Buffer.from([0x04, 0x22, 0x4d, 0x18, FLAG_VERSION | FLAG_BLOCK_INDEPENDENT, WRITE_BLOCK_CODE << 4, 0]);
  header[6] = (xxh32(0, header, 4, 2) >> 8) & 0xff;
  const parts: Buffer[] = [header];
  const scratch = new Uint8Array(lz4.compressBound(WRITE_BLOCK_SIZE));
  const hashTable = new Uint32Array(1 << 16);
  for (let start = 0; start < src.length; start += WRITE_BLOCK_SIZE) {
    const length = Math.min(WRITE_BLOCK_SIZE, src.length - start);
    hashTable.fill(0); // independent blocks: no match may reach into the previous block
    const compressed = lz4.compressBlock(src, scratch, start, length, hashTable);
    const sizeWord = Buffer.alloc(4);
    if (compressed === 0 || compressed >= length) {
      sizeWord.writeUInt32LE((UNCOMPRESSED_BIT | length) >>> 0);
      parts.push(sizeWord, src.subarray(start, start + length));
    } else {
      sizeWord.writeUInt32LE(compressed);
      parts.push(sizeWord, Buffer.from(scratch.subarray(0, compressed)));
    }
  }
  parts.push(Buffer.alloc(4)); // end mark
  return Buffer.concat(parts);
}
