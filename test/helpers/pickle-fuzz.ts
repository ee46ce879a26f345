/**
 * The seeded pickle mutator shared by the codec fuzz test
 * (test/djangoq/fuzz.test.ts) and the hostile pickles through HTTP
 * (test/reliability/pickles.test.ts): one random stream per test file
 * (mulberry32, so a failure is reproducible from its seed), and mutations of
 * real pickles — bit flips, opcode and byte insertions, cuts, truncation,
 * (optionally) a copy of the pickle's own bytes, splices of other corpus
 * pickles, extreme 4/8-byte lengths.
 */

/** Seeded PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** Length fields at their limits (BININT, LONG4, BINBYTES8 …). */
const EXTREMES = [
  [0xff, 0xff, 0xff, 0xff],
  [0xff, 0xff, 0xff, 0x7f],
  [0x00, 0x00, 0x00, 0x80],
  [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
  [0x00, 0x00, 0x10, 0x00],
];

export interface PickleFuzzOptions {
  seed: number;
  /** The opcode bytes insertions draw from. */
  opcodes: readonly number[];
  /** Real pickles to splice from. */
  corpus: readonly Uint8Array[];
  /** Mutation rounds per pickle: 1 to `maxRounds`. */
  maxRounds: number;
  /** Whether a round may copy a run of the pickle's own bytes. */
  selfCopy: boolean;
}

export interface PickleFuzz {
  rnd: () => number;
  int: (n: number) => number;
  pick: <T>(xs: readonly T[]) => T;
  mutate: (src: Uint8Array) => Uint8Array;
}

export function pickleFuzz(options: PickleFuzzOptions): PickleFuzz {
  const { opcodes, corpus, maxRounds, selfCopy } = options;
  const rnd = prng(options.seed);
  const int = (n: number) => Math.floor(rnd() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)] as T;

  function mutate(src: Uint8Array): Uint8Array {
    const b = Array.from(src);
    for (let r = 0, rounds = 1 + int(maxRounds); r < rounds; r++) {
      const at = int(b.length + 1);
      let op = int(selfCopy ? 9 : 8);
      if (!selfCopy && op >= 5) op++; // no self-copy: the same draws mean the next kinds
      switch (op) {
        case 0:
          if (b.length) b[at % b.length] = (b[at % b.length] as number) ^ (1 << int(8));
          break;
        case 1:
          if (b.length) b[at % b.length] = rnd() < 0.5 ? pick(opcodes) : int(256);
          break;
        case 2:
          b.splice(at, 0, ...Array.from({ length: 1 + int(8) }, () => (rnd() < 0.6 ? pick(opcodes) : int(256))));
          break;
        case 3:
          b.splice(at, 1 + int(16));
          break;
        case 4:
          b.length = int(b.length + 1);
          break;
        case 5: {
          const from = int(b.length + 1);
          b.splice(at, 0, ...b.slice(from, from + 1 + int(32)));
          break;
        }
        case 6: {
          const other = pick(corpus);
          const from = int(other.length);
          b.splice(at, int(8), ...other.subarray(from, from + 1 + int(64)));
          break;
        }
        case 7: {
          const ex = pick(EXTREMES);
          b.splice(at, ex.length, ...ex);
          break;
        }
        default:
          b.splice(at, 0, pick(opcodes));
      }
    }
    return Uint8Array.from(b);
  }

  return { rnd, int, pick, mutate };
}
