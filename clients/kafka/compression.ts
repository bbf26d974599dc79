// Record batch compression codecs, all pure JS so the handler bundles into one file
// without native addons. The codec id is the low 3 bits of the batch attributes.
import * as zlib from 'zlib';
import { decompress as zstdDecompress } from 'fzstd';
import { lz4Compress, lz4Decompress } from './lz4-frame';
import { snappyCompress, snappyDecompress } from './snappy-xerial';

export type CompressionName = 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd';

export const CODEC_IDS: Record<CompressionName, number> = { none: 0, gzip: 1, snappy: 2, lz4: 3, zstd: 4 };

export function decompress(codecId: number, data: Buffer): Buffer {
  switch (codecId) {
    case 1:
      return zlib.gunzipSync(data);
    case 2:
      return snappyDecompress(data);
    case 3:
      return lz4Decompress(data);
    case 4: {
      const out = zstdDecompress(data);
      return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
    }
    default:
      throw new Error(`Unknown record batch compression codec ${codecId}`);
  }
}

export function compress(codecId: number, data: Buffer): Buffer {
  switch (codecId) {
    case 1:
      return zlib.gzipSync(data);
    case 2:
      return snappyCompress(data);
    case 3:
      return lz4Compress(data);
    case 4:
      throw new Error(
        'zstd compression is not supported for producing (only a decompressor is available in pure JS); use gzip, snappy or lz4',
      );
    default:
      throw new Error(`Unknown record batch compression codec ${codecId}`);
  }
}
