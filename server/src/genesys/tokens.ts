import type { Clock } from '../clock/index.js';
import { GenesysApiError } from './errors.js';
import { classifyAttempt, retryDelayMs, type RetryPolicy } from './retry.js';
import type { TokenSource } from './caller.js';
import type { SdkClient } from './sdk.js';

/** Renew this long before the token expires, so no call goes out with a token about to lapse. */
export const TOKEN_RENEWAL_MARGIN_MS = 60_000;

/**
 * The org's client-credentials token (reference §1.2): requested through the SDK's
 * `loginClientCredentialsGrant` on the org's own client, cached until 60 s before it expires,
 * with at most one token request in flight however many calls ask at once.
 */
export function createClientCredentialsTokenSource(deps: {
  sdk: SdkClient;
  clientId: string;
  clientSecret: string;
  clock: Clock;
  policy: RetryPolicy;
  random: () => number;
  /** Called after each token request (for metrics); not counted as an API call. */
  onTokenRequest?: (ok: boolean) => void;
}): TokenSource {
  const { sdk, clientId, clientSecret, clock, policy, random } = deps;
  let cached: { token: string; renewAt: number } | null = null;
  let inFlight: Promise<string> | null = null;

  const request = async (): Promise<string> => {
    for (let attempt = 1; ; attempt++) {
      const wallBefore = Date.now();
      try {
        const auth = await sdk.loginClientCredentialsGrant(clientId, clientSecret);
        deps.onTokenRequest?.(true);
        // The SDK computes the expiry on the wall clock; carry the lifetime over to our clock.
        const lifetimeMs = Math.max(0, auth.tokenExpiryTime - wallBefore);
        cached = { token: auth.accessToken, renewAt: clock.now() + lifetimeMs - TOKEN_RENEWAL_MARGIN_MS };
        return auth.accessToken;
      } catch (error) {
        deps.onTokenRequest?.(false);
        const failure = error as { response?: { status?: number; headers?: unknown; data?: unknown }; code?: string };
        const status = typeof failure.response?.status === 'number' ? failure.response.status : null;
        const outcome = classifyAttempt({ status, headers: failure.response?.headers, networkCode: failure.code ?? null }, true);
        if (outcome.kind === 'retryable' && attempt < policy.maxAttempts) {
          await clock.sleep(retryDelayMs(outcome, attempt, policy, random));
          continue;
        }
        const data = failure.response?.data as { error?: string; error_description?: string } | undefined;
        throw new GenesysApiError({
          endpoint: 'POST /oauth/token',
          status,
          reason: data?.error_description ?? data?.error ?? (outcome.kind === 'ok' ? 'unexpected' : outcome.reason),
          body: null,
          correlationId: null,
          attempts: attempt,
          exhausted: outcome.kind === 'retryable',
        });
      }
    }
  };

  return {
    renewable: true,
    async token() {
      if (cached && clock.now() < cached.renewAt) return cached.token;
      inFlight ??= request().finally(() => {
        inFlight = null;
      });
      return inFlight;
    },
    invalidate() {
      cached = null;
    },
  };
}

/** An agent's own token, as the widget sent it: used as is, never renewed by us. */
export function createStaticTokenSource(token: string): TokenSource {
  return { renewable: false, token: async () => token, invalidate: () => undefined };
}
