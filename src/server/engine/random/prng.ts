/**
 * Seeded pseudo-random streams for the engines.
 *
 * A stream is four 32-bit words of state stored in an `Int32Array` at some offset, so thousands of
 * independent streams (one per SKU-node, say) live in one flat typed array and can be advanced in a
 * hot loop without allocating. The generator is SFC32 (Chris Doty-Humphrey's "Small Fast Chaotic"
 * generator from PractRand): 128 bits of state, passes PractRand to multiple TB, 32-bit arithmetic
 * only, which suits JavaScript's `Math.imul`/`| 0` integer path.
 *
 * Streams are seeded by hashing (seed, replication, key): the key is usually a hash of the stable
 * string id of what the stream drives, so adding a SKU to a model does not change the random
 * numbers drawn for the other SKUs (common random numbers across scenarios).
 */

/** Words of state per stream. */
export const STREAM_WORDS = 4;

/** 2^-32: turns a uint32 into a uniform in [0, 1). */
const TWO_POW_MINUS_32 = 1 / 4294967296;

/**
 * 32-bit FNV-1a hash of a string's UTF-16 code units. Used to derive stable stream keys from ids;
 * not cryptographic.
 */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * Mixes a 32-bit value into a well-spread 32-bit value (the "lowbias32" finaliser by Chris
 * Wellons, bias ≈ 0.17). Distinct inputs give distinct outputs (it is a bijection).
 */
export function mix32(x: number): number {
  x = x >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/**
 * Seeds the stream at `state[offset..offset+3]` from (seed, replication, key). Different
 * (seed, replication, key) triples give unrelated streams; the first 12 outputs are discarded
 * because SFC32 needs a few rounds to diffuse a low-entropy seed.
 */
export function seedStream(
  state: Int32Array,
  offset: number,
  seed: number,
  replication: number,
  key: number,
): void {
  // Seeds may be any safe integer: fold the high part in so 2^32 and 0 differ.
  const seedLow = seed >>> 0;
  const seedHigh = Math.floor(seed / 4294967296) >>> 0;
  const a = mix32(seedLow ^ mix32(seedHigh + 0x9e3779b9));
  const b = mix32(a ^ mix32(replication + 0x85ebca6b));
  const c = mix32(b ^ mix32(key + 0xc2b2ae35));
  state[offset] = a | 0;
  state[offset + 1] = b | 0;
  state[offset + 2] = c | 0;
  state[offset + 3] = 1;
  for (let i = 0; i < 12; i++) nextUint32(state, offset);
}

/** Next uint32 of the stream (SFC32 step). */
export function nextUint32(state: Int32Array, offset: number): number {
  let a = state[offset];
  let b = state[offset + 1];
  let c = state[offset + 2];
  let d = state[offset + 3];
  const t = (((a + b) | 0) + d) | 0;
  d = (d + 1) | 0;
  a = b ^ (b >>> 9);
  b = (c + (c << 3)) | 0;
  c = (c << 21) | (c >>> 11);
  c = (c + t) | 0;
  state[offset] = a;
  state[offset + 1] = b;
  state[offset + 2] = c;
  state[offset + 3] = d;
  return t >>> 0;
}

/** Uniform in [0, 1) with 32-bit resolution. */
export function nextUniform(state: Int32Array, offset: number): number {
  return nextUint32(state, offset) * TWO_POW_MINUS_32;
}

/** Uniform in (0, 1): never 0, so it is safe under `Math.log`. */
export function nextUniformOpen(state: Int32Array, offset: number): number {
  return (nextUint32(state, offset) + 0.5) * TWO_POW_MINUS_32;
}

/** Allocates `count` streams seeded with keys `keys[i]` (or `i` when no keys are given). */
export function createStreams(
  count: number,
  seed: number,
  replication: number,
  keys?: ArrayLike<number>,
): Int32Array {
  const state = new Int32Array(count * STREAM_WORDS);
  for (let i = 0; i < count; i++) {
    seedStream(state, i * STREAM_WORDS, seed, replication, keys ? keys[i] : i);
  }
  return state;
}
