import type { Logger } from 'pino';
import type { Clock } from '../clock/index.js';
import type { LineKind } from '../merge/index.js';

/**
 * A carrier line-type lookup: whether a number is a fixed line (a place's: a household landline,
 * an office) or a mobile (a person's). In the NANP (+1) the numbering plan cannot tell them apart,
 * and a household's landline shows its subscriber's name whoever calls, exactly as a mobile listed
 * in its owner's name does; the carrier's records can tell.
 */
export interface LineTypeLookup {
  /**
   * The kinds of the numbers (E.164) the carrier data classifies; numbers it does not classify,
   * or whose lookup failed, are left out (the engine then treats them as possibly shared).
   */
  lineKinds(numbers: readonly string[]): Promise<Map<string, LineKind>>;
}

/** Where Twilio Lookup v2 is served. */
export const TWILIO_LOOKUP_BASE_URL = 'https://lookups.twilio.com';

/** Twilio Lookup v2 (Line Type Intelligence) credentials and tunables. */
export interface TwilioLineTypeOptions {
  /** {@link TWILIO_LOOKUP_BASE_URL}, or a stand-in (the emulator serves `<url>/twilio-lookups`). */
  baseUrl: string;
  accountSid: string;
  authToken: string;
  clock: Clock;
  logger?: Logger;
  /** Per request; a lookup slower than this counts as failed (default 2 s: candidates wait for it). */
  timeoutMs?: number;
  /** How long an answer is kept (default 30 days: numbers rarely change kind). */
  cacheTtlMs?: number;
  /** Most answers kept (default 50,000; the oldest go first). */
  maxCacheEntries?: number;
  /** Lookups in flight at once per call of `lineKinds` (default 8; a request rarely has more than two numbers to ask). */
  concurrency?: number;
  /** How each number's lookup ended (metrics); never given the number. */
  observer?: (outcome: 'mobile' | 'fixed' | 'unclassified' | 'failed' | 'cached') => void;
  fetch?: typeof fetch;
}

const DAY_MS = 86_400_000;

/**
 * Twilio's line types (`line_type_intelligence.type`) as kinds: landlines, fixed VoIP and
 * toll-free numbers are places' lines; mobiles and non-fixed VoIP (an app number) are a person's.
 * The others (pager, voicemail, personal, premium, shared cost, UAN, unknown) say nothing.
 */
const KIND_OF_TYPE: Readonly<Record<string, LineKind>> = {
  landline: 'fixed', fixedVoip: 'fixed', tollFree: 'fixed', mobile: 'mobile', nonFixedVoip: 'mobile',
};

interface Cached {
  kind: LineKind | null;
  expiresAt: number;
}

/**
 * The Twilio Lookup v2 client: `GET {baseUrl}/v2/PhoneNumbers/{E.164}?Fields=line_type_intelligence`
 * with HTTP Basic auth. Answers are cached (a number the carrier data does not classify for a day,
 * so it is not asked on every candidates request); concurrent asks for one number share one
 * request. A failure (timeout, 429, 5xx, a network error) is not retried and not cached: the
 * number is left out this time, which only costs recall. Phone numbers are never logged.
 */
export function createTwilioLineTypeLookup(options: TwilioLineTypeOptions): LineTypeLookup {
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 2000;
  const ttlMs = options.cacheTtlMs ?? 30 * DAY_MS;
  const maxEntries = options.maxCacheEntries ?? 50_000;
  const concurrency = options.concurrency ?? 8;
  const base = options.baseUrl.replace(/\/+$/, '');
  const authorization = `Basic ${Buffer.from(`${options.accountSid}:${options.authToken}`).toString('base64')}`;
  const cache = new Map<string, Cached>();
  const inFlight = new Map<string, Promise<LineKind | null | undefined>>();

  const remember = (number: string, kind: LineKind | null) => {
    cache.delete(number);
    cache.set(number, { kind, expiresAt: options.clock.now() + (kind ? ttlMs : Math.min(ttlMs, DAY_MS)) });
    if (cache.size > maxEntries) cache.delete(cache.keys().next().value!);
  };

  /** The kind, null when the carrier data does not classify it, undefined when the lookup failed. */
  const ask = async (number: string): Promise<LineKind | null | undefined> => {
    const kind = await request(number);
    options.observer?.(kind === undefined ? 'failed' : kind ?? 'unclassified');
    return kind;
  };
  const request = async (number: string): Promise<LineKind | null | undefined> => {
    try {
      const response = await doFetch(`${base}/v2/PhoneNumbers/${encodeURIComponent(number)}?Fields=line_type_intelligence`, {
        headers: { authorization, accept: 'application/json' },
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (!response.ok) {
        await response.body?.cancel();
        options.logger?.warn({ status: response.status }, 'line type lookup failed');
        return undefined;
      }
      const body = (await response.json()) as { valid?: boolean; line_type_intelligence?: { type?: string | null } | null };
      const type = body.valid === false ? null : body.line_type_intelligence?.type ?? null;
      const kind = (type !== null && Object.hasOwn(KIND_OF_TYPE, type) ? KIND_OF_TYPE[type] : null) ?? null;
      remember(number, kind);
      return kind;
    } catch (error) {
      options.logger?.warn({ error: error instanceof Error ? error.name : 'unknown' }, 'line type lookup failed');
      return undefined;
    }
  };

  const kindOf = (number: string): Promise<LineKind | null | undefined> => {
    const cached = cache.get(number);
    if (cached && cached.expiresAt > options.clock.now()) {
      options.observer?.('cached');
      return Promise.resolve(cached.kind);
    }
    let pending = inFlight.get(number);
    if (!pending) {
      pending = ask(number).finally(() => inFlight.delete(number));
      inFlight.set(number, pending);
    }
    return pending;
  };

  return {
    async lineKinds(numbers) {
      const unique = [...new Set(numbers)];
      const kinds = new Map<string, LineKind>();
      let next = 0;
      const worker = async () => {
        while (next < unique.length) {
          const number = unique[next++]!;
          const kind = await kindOf(number);
          if (kind) kinds.set(number, kind);
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, unique.length) }, worker));
      return kinds;
    },
  };
}
