// Types for the pure-JS compression packages, which ship none.

declare module 'snappyjs' {
  export function compress(data: Buffer): Buffer;
  export function uncompress(data: Buffer, maxLength?: number): Buffer;
}

declare module 'lz4js' {
  export function compressBlock(
    src: Uint8Array,
    dst: Uint8Array,
    sIndex: number,
    sLength: number,
    hashTable: Uint32Array,
  ): number;
  export function decompressBlock(
    src: Uint8Array,
    dst: Uint8Array,
    sIndex: number,
    sLength: number,
    dIndex: number,
  ): number;
  export function compressBound(length: number): number;
}

declare module 'lz4js/xxh32' {
  export function hash(seed: number, src: Uint8Array, index: number, length: number): number;
}
