/**
 * A seeded pseudo-random source: sfc32 (Chris Doty-Humphrey's "small fast counting" generator),
 * seeded from a string with cyrb128. Deterministic across platforms and Node versions, so the same
 * seed gives the same dataset bytes. Not for cryptography.
 */

/** A deterministic random stream with the draws the generator needs. */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max] (both inclusive). */
  int(min: number, max: number): number;
  /** True with probability `p` (p ≤ 0 never, p ≥ 1 always). */
  chance(p: number): boolean;
  /** One element, uniformly. The array must not be empty. */
  pick<T>(items: readonly T[]): T;
  /** One value, with probability proportional to its weight (weights ≥ 0, not all 0). */
  weighted<T>(entries: ReadonlyArray<readonly [T, number]>): T;
  /** A version-4-shaped UUID. */
  uuid(): string;
  /** Exponential with the given mean. */
  exponential(mean: number): number;
  /** Log-normal with the given median and shape σ (of the underlying normal). */
  logNormal(median: number, sigma: number): number;
  /** Poisson with the given mean (Knuth; fine for the small means used here). */
  poisson(mean: number): number;
  /** A Fisher–Yates shuffled copy. */
  shuffled<T>(items: readonly T[]): T[];
  /**
   * An independent stream derived from this stream's seed and `label`. Streams forked with
   * different labels do not consume each other's draws, so a change in one part of the
   * generator does not reshuffle the others.
   */
  fork(label: string): Random;
}

/** cyrb128: hashes a string into four 32-bit seeds. */
function cyrb128(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/** Creates the stream for `seed`. The same seed always yields the same sequence. */
export function createRandom(seed: string | number): Random {
  const seedText = String(seed);
  let [a, b, c, d] = cyrb128(seedText);
  const nextUint32 = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  // Discard the first outputs: sfc32 mixes its state over the first few rounds.
  for (let i = 0; i < 15; i++) nextUint32();

  const next = (): number => nextUint32() / 4294967296;
  const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

  const random: Random = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => p > 0 && (p >= 1 || next() < p),
    pick: (items) => {
      if (items.length === 0) throw new RangeError('pick: empty array');
      return items[Math.floor(next() * items.length)] as (typeof items)[number];
    },
    weighted: (entries) => {
      let total = 0;
      for (const [, weight] of entries) total += Math.max(0, weight);
      if (!(total > 0)) throw new RangeError('weighted: no positive weight');
      let point = next() * total;
      for (const [value, weight] of entries) {
        point -= Math.max(0, weight);
        if (point < 0) return value;
      }
      return entries[entries.length - 1]![0];
    },
    uuid: () => {
      const w1 = nextUint32();
      const w2 = nextUint32();
      const w3 = nextUint32();
      const w4 = nextUint32();
      const part3 = 0x4000 | ((w2 >>> 16) & 0x0fff);
      const part4 = 0x8000 | (w2 & 0x3fff);
      return `${hex(w1, 8)}-${hex(w3 >>> 16, 4)}-${hex(part3, 4)}-${hex(part4, 4)}-${hex(w3 & 0xffff, 4)}${hex(w4, 8)}`;
    },
    exponential: (mean) => -Math.log(1 - next()) * mean,
    logNormal: (median, sigma) => {
      const u1 = 1 - next();
      const u2 = next();
      const normal = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
      return median * Math.exp(sigma * normal);
    },
    poisson: (mean) => {
      const limit = Math.exp(-mean);
      let k = 0;
      let p = next();
      while (p > limit) {
        k++;
        p *= next();
      }
      return k;
    },
    shuffled: (items) => {
      const copy = [...items];
      for (let i = copy.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [copy[i], copy[j]] = [copy[j]!, copy[i]!];
      }
      return copy;
    },
    fork: (label) => createRandom(`${seedText}\u0000${label}`),
  };
  return random;
}
