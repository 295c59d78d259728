// The body of a flood: N filler bytes ("0"), plain or as one gzip member, produced in chunks
// from a few shared buffers so that a 1 GiB flood costs no more memory than a small one. The
// gzip form is never compressed per request: 1 MiB of filler is deflated once (from a fresh
// compressor, ending on a full flush, so it is self-contained and byte-aligned) and repeated;
// only the tail (under 1 MiB) is deflated per size, and the CRC-32 of N filler bytes comes
// from combining the CRC of the block with itself (zlib's crc32_combine), in O(log N).
import { constants, crc32, deflateRawSync } from "node:zlib";

const FILLER = "0";
const PLAIN_CHUNK = Buffer.alloc(64 * 1024, FILLER);
const BLOCK_BYTES = 1024 * 1024;
/** A gzip member's header: magic, deflate, no flags, no time, no extra flags, unknown OS. */
const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);

let block: { deflated: Buffer; crc: number } | undefined;
const tails = new Map<number, { deflated: Buffer; crc: number }>();
const MAX_TAILS = 16;

/** The deflated block of BLOCK_BYTES filler bytes and its CRC, made on first use. */
function deflatedBlock(): { deflated: Buffer; crc: number } {
  if (!block) {
    const input = Buffer.alloc(BLOCK_BYTES, FILLER);
    block = { deflated: deflateRawSync(input, { level: 9, finishFlush: constants.Z_FULL_FLUSH }), crc: crc32(input) };
  }
  return block;
}

/** The final deflate blocks of `bytes` filler bytes (under BLOCK_BYTES) and their CRC, kept for a few sizes. */
function deflatedTail(bytes: number): { deflated: Buffer; crc: number } {
  let tail = tails.get(bytes);
  if (!tail) {
    const input = Buffer.alloc(bytes, FILLER);
    tail = { deflated: deflateRawSync(input, { level: 9 }), crc: crc32(input) };
    if (tails.size >= MAX_TAILS) tails.delete(tails.keys().next().value!);
    tails.set(bytes, tail);
  }
  return tail;
}

/** The filler bytes of a plain flood of `bytes`, in chunks of 64 KiB (shared buffers). */
export function* plainFlood(bytes: number): Generator<Buffer> {
  let left = bytes;
  while (left > 0) {
    const n = Math.min(left, PLAIN_CHUNK.length);
    yield n === PLAIN_CHUNK.length ? PLAIN_CHUNK : PLAIN_CHUNK.subarray(0, n);
    left -= n;
  }
}

/** One gzip member whose content is `bytes` filler bytes: header, the shared block repeated, the tail, CRC and size. */
export function* gzipFlood(bytes: number): Generator<Buffer> {
  const { deflated, crc } = deflatedBlock();
  const blocks = Math.floor(bytes / BLOCK_BYTES);
  const rest = bytes - blocks * BLOCK_BYTES;
  const tail = deflatedTail(rest);
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(crc32Combine(repeatCrc(crc, BLOCK_BYTES, blocks), tail.crc, rest), 0);
  trailer.writeUInt32LE(bytes % 2 ** 32, 4);
  yield GZIP_HEADER;
  for (let i = 0; i < blocks; i++) yield deflated;
  yield Buffer.concat([tail.deflated, trailer]);
}

/** The CRC-32 of `times` copies of data whose CRC is `crc` and length `length`. */
function repeatCrc(crc: number, length: number, times: number): number {
  let result = 0;
  let power = crc;
  let powerLength = length;
  for (let k = times; k > 0; k = Math.floor(k / 2)) {
    if (k % 2 === 1) result = crc32Combine(result, power, powerLength);
    power = crc32Combine(power, power, powerLength);
    powerLength *= 2;
  }
  return result;
}

function times(matrix: Uint32Array, vector: number): number {
  let sum = 0;
  for (let i = 0; vector !== 0; i++, vector >>>= 1) if (vector & 1) sum ^= matrix[i]!;
  return sum >>> 0;
}

function square(out: Uint32Array, matrix: Uint32Array): void {
  for (let n = 0; n < 32; n++) out[n] = times(matrix, matrix[n]!);
}

/** The CRC-32 of A followed by B, from crc(A), crc(B) and B's length (zlib's crc32_combine). */
export function crc32Combine(crcA: number, crcB: number, lengthB: number): number {
  if (lengthB <= 0) return crcA >>> 0;
  const odd = new Uint32Array(32);
  const even = new Uint32Array(32);
  odd[0] = 0xedb88320; // the CRC-32 polynomial: the operator for one zero bit
  for (let n = 1, row = 1; n < 32; n++, row <<= 1) odd[n] = row;
  square(even, odd); // two zero bits
  square(odd, even); // four zero bits
  let crc = crcA >>> 0;
  let len = lengthB;
  do {
    square(even, odd);
    if (len % 2 === 1) crc = times(even, crc);
    len = Math.floor(len / 2);
    if (len === 0) break;
    square(odd, even);
    if (len % 2 === 1) crc = times(odd, crc);
    len = Math.floor(len / 2);
  } while (len !== 0);
  return (crc ^ crcB) >>> 0;
}
