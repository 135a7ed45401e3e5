import type { IncomingMessage, ServerResponse } from 'node:http';
import cors from 'cors';
import type { RequestHandler } from 'express';
import helmet from 'helmet';
import { knownRegions } from '../config/index.js';

/** `https://apps.<host>` for every region the SDK knows: where the Genesys agent desktop runs. */
export function genesysAppOrigins(): string[] {
  return knownRegions().map((region) => `https://apps.${region.host}`);
}

/** `https://login.<host>` for every region: where agents sign in. */
export function genesysLoginOrigins(): string[] {
  return knownRegions().map((region) => `https://login.${region.host}`);
}

/** Origins that may frame the widget: Genesys app origins, plus loopback hosts in demo mode. */
export function frameAncestorsFor(mode: 'demo' | 'genesys'): string[] {
  const origins = genesysAppOrigins();
  if (mode === 'demo') origins.push('http://localhost:*', 'http://127.0.0.1:*');
  return origins;
}

/** What the security headers need. */
export interface SecurityOptions {
  frameAncestors: readonly string[];
  loginOrigins(): readonly string[];
  frameOrigins: readonly string[];
}

const join = (values: Iterable<string>) => [...new Set(values)].join(' ');

/**
 * helmet with a strict Content-Security-Policy: scripts and styles only from this origin (the
 * client build emits no inline code), `connect-src` to this origin and the login hosts (PKCE
 * token exchange), `frame-src` for the harness (the widget's origin and the login hosts it may
 * navigate to), and `frame-ancestors` limited to the Genesys app origins (plus loopback in demo
 * mode). `X-Frame-Options` is left out (it cannot express several origins; `frame-ancestors`
 * supersedes it) and so is `Cross-Origin-Opener-Policy` (the sign-in popup must keep its opener,
 * a cross-origin iframe, to hand the code back).
 */
export function securityHeaders(options: SecurityOptions): RequestHandler {
  const logins = (_req: IncomingMessage, _res: ServerResponse) => join(options.loginOrigins());
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'", logins],
        frameSrc: ["'self'", ...options.frameOrigins, logins],
        frameAncestors: options.frameAncestors.length > 0 ? [...options.frameAncestors] : ["'none'"],
        formAction: ["'self'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
      },
    },
    xFrameOptions: false,
    crossOriginOpenerPolicy: false,
    // Pages load only their own assets; other origins may not embed our responses.
    crossOriginResourcePolicy: { policy: 'same-origin' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: { maxAge: 15_552_000, includeSubDomains: true },
  });
}

/**
 * CORS for an allowlist of origins: exact origins, or `scheme://host:*` for any port of a host
 * (demo mode's loopback pages). A listed origin gets `Access-Control-Allow-Origin` for it (never
 * `*`, never credentials: the token travels in `Authorization`); any other origin gets no CORS
 * headers, so the browser withholds the answer.
 */
export function corsAllowlist(origins: readonly string[]): RequestHandler {
  const exact = new Set(origins.filter((origin) => !origin.endsWith(':*')));
  const anyPort = origins.filter((origin) => origin.endsWith(':*')).map((origin) => origin.slice(0, -1));
  const allowed = (origin: string) =>
    exact.has(origin) || anyPort.some((prefix) => origin.startsWith(prefix) && /^\d{1,5}$/.test(origin.slice(prefix.length)));
  return cors({
    origin: (origin, callback) => callback(null, origin !== undefined && allowed(origin)),
    methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'X-Request-Id', 'Accept'],
    exposedHeaders: ['Retry-After', 'X-Request-Id', 'X-Correlation-Id', 'RateLimit', 'RateLimit-Policy', 'Location'],
    maxAge: 600,
  });
}
