import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { ResolvedAddress } from './ssrf.js';

/** The request the relay makes: fetch-shaped, plus the address the SSRF guard checked. */
export interface WebhookRequestInit {
  method: 'POST';
  headers: Record<string, string>;
  body: string;
  signal: AbortSignal;
  redirect: 'manual';
  /** Connect here instead of resolving the host again (DNS rebinding). */
  address?: ResolvedAddress;
}

/** What the relay reads of a response. */
export interface WebhookResponse {
  status: number;
  headers: { get(name: string): string | null };
}

/**
 * How a webhook is sent. `globalThis.fetch` fits (it ignores `address` and resolves the host
 * again, so use it only where the destination is trusted: tests, benches); the default,
 * `createPinnedFetch()`, connects to `init.address`.
 */
export type WebhookFetch = (url: string, init: WebhookRequestInit) => Promise<WebhookResponse>;

/** A `WebhookFetch` that owns keep-alive connection pools; `close()` ends them. */
export interface PinnedFetch extends WebhookFetch {
  close(): void;
}

/** Response bodies are read and discarded up to this size; a longer one closes the connection. */
const MAX_DRAIN_BYTES = 64 * 1024;

/**
 * Sends webhooks with `node:http(s)`, connecting to the address the SSRF guard checked (the
 * `lookup` answers with it), while TLS still verifies the certificate against the URL's host name
 * (SNI and `Host` stay the name). Redirects are not followed. Resolves when the response headers
 * arrive; the body is drained in the background. Pooled connections were each checked when they
 * were opened. `ca` replaces the trusted roots (a CRM behind a private CA; tests).
 */
export function createPinnedFetch(options: { maxSockets?: number; ca?: string | Buffer | Array<string | Buffer> } = {}): PinnedFetch {
  const agentOptions = { keepAlive: true, maxSockets: options.maxSockets ?? 32 };
  const agents = {
    http: new http.Agent(agentOptions),
    https: new https.Agent({ ...agentOptions, ...(options.ca ? { ca: options.ca } : {}) }),
  };

  const send: WebhookFetch = (url, init) =>
    new Promise<WebhookResponse>((resolve, reject) => {
      const target = new URL(url);
      const secure = target.protocol === 'https:';
      const body = Buffer.from(init.body);
      const request = (secure ? https : http).request(target, {
        method: init.method,
        headers: { ...init.headers, 'content-length': String(body.length) },
        agent: secure ? agents.https : agents.http,
        signal: init.signal,
        ...(init.address ? { lookup: pinnedLookup(init.address) } : {}),
      });
      request.once('response', (response) => {
        let drained = 0;
        response.on('data', (chunk: Buffer) => {
          drained += chunk.length;
          if (drained > MAX_DRAIN_BYTES) response.destroy();
        });
        response.on('error', () => undefined);
        const headers = new Headers();
        for (const [name, value] of Object.entries(response.headers)) {
          if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
        }
        resolve({ status: response.statusCode ?? 0, headers });
      });
      request.on('error', reject);
      request.end(body);
    });

  return Object.assign(send, {
    close() {
      agents.http.destroy();
      agents.https.destroy();
    },
  });
}

/** A `lookup` that answers with the checked address, in either of the shapes `net` asks for. */
function pinnedLookup(address: ResolvedAddress): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) callback(null, [{ address: address.address, family: address.family }]);
    else callback(null, address.address, address.family);
  };
}
