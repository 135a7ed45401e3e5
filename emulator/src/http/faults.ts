import { z } from 'zod';
import { ApiError, badRequest } from './errors.js';

/** Faults injected into `/api/v2/**` (DESIGN.md test controls, `PUT /__emulator/faults`). */
export interface FaultSettings {
  /** Added to every API call, in real wall time (the injected `sleep`). */
  latencyMs: number;
  /** HTTP status (as a string, "400"–"599") → probability per API call; drawn from a seeded PRNG. */
  errorRates: Record<string, number>;
  /** The next N merges answer 409 `conflict`. */
  mergeConflicts: number;
  /** Overrides the `analyticsDelayMs` behaviour option for associations made from now on; null = the option. */
  analyticsDelayMs: number | null;
}

/** No faults. */
export const NO_FAULTS: Readonly<FaultSettings> = Object.freeze({ latencyMs: 0, errorRates: {}, mergeConflicts: 0, analyticsDelayMs: null });

const faultSchema = z
  .object({
    latencyMs: z.number().int().min(0).max(60_000).optional(),
    errorRates: z
      .record(z.string().regex(/^[45]\d\d$/, 'keys must be HTTP statuses 400-599'), z.number().min(0).max(1))
      .refine((rates) => Object.values(rates).reduce((a, b) => a + b, 0) <= 1, 'rates must sum to at most 1')
      .optional(),
    mergeConflicts: z.number().int().min(0).optional(),
    analyticsDelayMs: z.number().int().min(0).nullable().optional(),
  })
  .strict();

/** Parses a `PUT /__emulator/faults` body; omitted fields take their no-fault value. Throws 400 naming the field. */
export function parseFaultSettings(json: unknown): FaultSettings {
  const parsed = faultSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join('.') || (issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : 'body');
    throw badRequest(`Invalid fault settings: ${field}: ${issue.message}`, field);
  }
  return { ...NO_FAULTS, ...parsed.data, errorRates: parsed.data.errorRates ?? {} };
}

/**
 * mulberry32, numbers in [0, 1): small, fast, seedable; good enough to draw fault coin flips
 * (and the tests' and benchmarks' chaos) reproducibly.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Current fault settings and the seeded draws made from them. */
export interface FaultInjector {
  settings(): FaultSettings;
  set(settings: FaultSettings): void;
  /** The error to inject into this API call, if the draw picks one. */
  draw(): ApiError | undefined;
  /** True (and one fewer pending) when a merge conflict is pending. */
  takeMergeConflict(): boolean;
  /** Back to no faults and the PRNG's first draw. */
  reset(): void;
}

const INJECTED: Record<number, [code: string, message: string]> = {
  429: ['too.many.requests', 'Rate limit exceeded the maximum. (injected fault)'],
  500: ['internal.server.error', 'The server encountered an unexpected condition which prevented it from fulfilling the request. (injected fault)'],
  502: ['bad.gateway', 'Bad gateway. (injected fault)'],
  503: ['service.unavailable', 'Service Unavailable - The server is currently unavailable. (injected fault)'],
  504: ['request.timeout', 'The request timed out. (injected fault)'],
};

/** Creates an injector whose PRNG starts from `seed` (and again after each reset). */
export function createFaultInjector(seed: number): FaultInjector {
  let current: FaultSettings = { ...NO_FAULTS };
  let random = seededRandom(seed);
  return {
    settings: () => ({ ...current, errorRates: { ...current.errorRates } }),
    set: (settings) => {
      current = { ...settings, errorRates: { ...settings.errorRates } };
    },
    draw: () => {
      const rates = Object.entries(current.errorRates).filter(([, rate]) => rate > 0);
      if (rates.length === 0) return undefined;
      const roll = random();
      let cumulative = 0;
      for (const [status, rate] of rates.sort(([a], [b]) => a.localeCompare(b))) {
        cumulative += rate;
        if (roll < cumulative) {
          const code = Number(status);
          const [errorCode, message] = INJECTED[code] ?? ['injected.fault', `Injected fault ${code}.`];
          return new ApiError(code, errorCode, message, code === 429 ? { headers: { 'retry-after': '1' } } : {});
        }
      }
      return undefined;
    },
    takeMergeConflict: () => {
      if (current.mergeConflicts <= 0) return false;
      current = { ...current, mergeConflicts: current.mergeConflicts - 1 };
      return true;
    },
    reset: () => {
      current = { ...NO_FAULTS };
      random = seededRandom(seed);
    },
  };
}
