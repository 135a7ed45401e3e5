import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { Clock } from '../clock/index.js';
import { AppError, forbidden } from '../errors/index.js';
import {
  createAgentClientFactory, GenesysApiError, regionHost,
  type AgentGenesysClient, type AgentIdentity, type GenesysCallObserver, type GenesysTarget,
} from '../genesys/index.js';
import type { Tenant } from '../tenants/index.js';
import { missingPermissions, type PermissionRule } from './permissions.js';
import { createTtlCache } from './ttl-cache.js';

/** Who is calling, as Genesys told us from their own token. Never holds the token. */
export interface AgentPrincipal {
  /** The Genesys org id (a registered tenant). */
  tenantId: string;
  userId: string;
  name: string | null;
  /** The OAuth client the token was issued to (the tenant's widget client). */
  clientId: string;
  /** Permission strings of the user's roles (`users/me?expand=authorization`). */
  permissions: readonly string[];
  /** First 16 hex digits of SHA-256 of the token: correlates log lines, never the token itself. */
  tokenId: string;
}

/** An authenticated request's view of the agent, with checks made on the agent's own token. */
export interface AgentSession {
  readonly principal: AgentPrincipal;
  /**
   * The ids among `conversationIds` the agent may not see, in their first order; empty when every
   * one is visible. Visibility follows analytics, as in Genesys: a conversation is visible when
   * the batch details GET with the agent's own token returns it (divisions, and for a holder of
   * only `analytics:agentConversationDetail:view` the conversations they took part in). One
   * batch call per `maxBatchIds` ids not already known; answers are cached per token and id for
   * the authentication TTL, and concurrent asks for one id share one call. 401 when the token
   * has expired meanwhile; 503 `genesys_rate_limited` or `genesys_unavailable` (with
   * `details.retryAfterSeconds` when Genesys named a wait) when Genesys cannot answer.
   */
  hiddenConversations(conversationIds: readonly string[]): Promise<string[]>;
}

/** Checks agent tokens against Genesys (reference genesys-client-app.md §4). */
export interface AgentAuthenticator {
  /**
   * Authenticates an `Authorization` header value. AppError 401 `unauthorized` (details.reason
   * `missing_token` or `invalid_token`) when there is no usable bearer token, it is rejected by
   * Genesys, or it was not issued to the tenant's widget client; 403 `tenant_not_registered`
   * when its org is no tenant of ours; 503 `genesys_rate_limited` when Genesys kept answering 429
   * (`details.retryAfterSeconds`: its `Retry-After`, else `inin-ratelimit-reset`, when it named
   * one), 503 `genesys_unavailable` when it cannot answer otherwise.
   * A verdict is cached (by a hash of the token) for at most the TTL.
   */
  authenticate(authorization: string | undefined): Promise<AgentSession>;
  /**
   * Checks a token against an explicit target without requiring a registered tenant (tenant
   * self-registration): the identity, for the caller to compare with what is being registered.
   * Errors as `authenticate`.
   */
  identifyAt(target: GenesysTarget, authorization: string | undefined): Promise<AgentIdentity>;
  /** Drops cached verdicts (e.g. after a tenant was removed). */
  forget(): void;
}

/** Dependencies of the authenticator. */
export interface AgentAuthenticatorDeps {
  tenants: { get(tenantId: string): Promise<Tenant | null>; list(): Promise<Tenant[]> };
  clock: Clock;
  /** How long a verdict is cached; capped at 60 s (DESIGN.md). */
  ttlMs: number;
  logger?: Pick<Logger, 'debug' | 'warn'>;
  /** Every Genesys call made with an agent token (metrics). */
  observer?: GenesysCallObserver;
  /** Agent clients per target (default `createAgentClientFactory`); tests may substitute. */
  agentClients?: (target: GenesysTarget) => (token: string) => AgentGenesysClient;
  /** Cache bound (default 10 000 tokens). */
  maxEntries?: number;
  /** Ids per batch details GET of the visibility check (default the analytics default, 100). */
  maxBatchIds?: number;
}

const MAX_TTL_MS = 60_000;
const REALM_TOKEN = /^Bearer +([\x21-\x7e]{1,8192})$/i;

const invalidToken = (message: string) =>
  new AppError('unauthorized', 401, message, { details: { reason: 'invalid_token' } });

/** The API target a tenant's calls go to. */
export function tenantTarget(tenant: Pick<Tenant, 'region' | 'apiBaseUrl'>): GenesysTarget {
  if (tenant.region) {
    try {
      if (tenant.apiBaseUrl === `https://api.${regionHost(tenant.region)}`) return { region: tenant.region };
    } catch {
      // an unknown stored region falls back to the explicit URL
    }
  }
  return { baseUrl: tenant.apiBaseUrl };
}

function targetKey(target: GenesysTarget): string {
  return 'region' in target ? `region:${target.region}` : `url:${target.baseUrl}`;
}

/**
 * A Genesys failure on the auth path (the agent's own token), as the agent can act on it: 429
 * after the attempts ran out → 503 `genesys_rate_limited`, anything else → 503
 * `genesys_unavailable`; `details.retryAfterSeconds` carries the wait Genesys named, if any (the
 * error middleware sends it as `Retry-After`).
 */
function upstreamFailure(error: GenesysApiError): AppError {
  const details: { upstreamStatus: number | null; retryAfterSeconds?: number } = { upstreamStatus: error.status };
  if (error.retryAfterMs !== null) details.retryAfterSeconds = Math.max(1, Math.ceil(error.retryAfterMs / 1000));
  if (error.status === 429) {
    return new AppError('genesys_rate_limited', 503, 'Genesys Cloud asked us to slow down; try again shortly', { cause: error, details });
  }
  return new AppError('genesys_unavailable', 503, 'Genesys Cloud could not check the token; try again shortly', { cause: error, details });
}

/** Builds the authenticator. Its caches live in this closure (one per process). */
export function createAgentAuthenticator(deps: AgentAuthenticatorDeps): AgentAuthenticator {
  const { clock, tenants } = deps;
  const ttlMs = Math.max(0, Math.min(MAX_TTL_MS, deps.ttlMs));
  const maxEntries = deps.maxEntries ?? 10_000;
  const makeFactory =
    deps.agentClients ??
    ((target: GenesysTarget) =>
      createAgentClientFactory({
        target,
        clock,
        ...(deps.observer ? { observer: deps.observer } : {}),
        ...(deps.maxBatchIds ? { maxBatchIds: deps.maxBatchIds } : {}),
      }));
  const factories = new Map<string, (token: string) => AgentGenesysClient>();
  const verdicts = createTtlCache<{ principal: AgentPrincipal; target: GenesysTarget }>({ clock, ttlMs, maxEntries });
  const visibility = createTtlCache<boolean>({ clock, ttlMs, maxEntries: maxEntries * 4 });
  const inFlight = new Map<string, Promise<{ principal: AgentPrincipal; target: GenesysTarget }>>();
  const visibilityInFlight = new Map<string, Promise<boolean>>();

  const clientFor = (target: GenesysTarget, token: string): AgentGenesysClient => {
    const key = targetKey(target);
    let factory = factories.get(key);
    if (!factory) {
      factory = makeFactory(target);
      factories.set(key, factory);
    }
    return factory(token);
  };

  const bearer = (authorization: string | undefined): string => {
    if (!authorization) {
      throw new AppError('unauthorized', 401, 'A Genesys Cloud bearer token is required', { details: { reason: 'missing_token' } });
    }
    const token = REALM_TOKEN.exec(authorization.trim())?.[1];
    if (!token) throw invalidToken('The Authorization header must be "Bearer <token>"');
    return token;
  };

  async function identify(target: GenesysTarget, token: string): Promise<AgentIdentity | null> {
    try {
      return await clientFor(target, token).identify();
    } catch (error) {
      if (!(error instanceof GenesysApiError)) throw error;
      if (error.status === 401) return null;
      if (error.endpoint.includes('/users/me') && error.status !== null && error.status < 500 && error.status !== 429) {
        // tokens/me accepted it, but it carries no user (a client-credentials token).
        throw invalidToken('A user token (the agent signed in through the widget) is required');
      }
      throw upstreamFailure(error);
    }
  }

  async function targets(): Promise<GenesysTarget[]> {
    const unique = new Map<string, GenesysTarget>();
    for (const tenant of await tenants.list()) {
      const target = tenantTarget(tenant);
      unique.set(targetKey(target), target);
    }
    return [...unique.values()];
  }

  async function verify(token: string, tokenId: string): Promise<{ principal: AgentPrincipal; target: GenesysTarget }> {
    const candidates = await targets();
    if (candidates.length === 0) throw new AppError('tenant_not_registered', 403, 'No Genesys Cloud organisation is registered yet');
    for (const target of candidates) {
      const identity = await identify(target, token);
      if (!identity) continue;
      const orgId = identity.token.organization?.id;
      const tenant = orgId ? await tenants.get(orgId) : null;
      if (!tenant) {
        throw new AppError('tenant_not_registered', 403, 'Your Genesys Cloud organisation has not installed this app', {
          details: { reason: 'tenant_not_registered' },
        });
      }
      const clientId = identity.token.OAuthClient?.id ?? '';
      if (clientId !== tenant.widgetClientId) {
        deps.logger?.debug({ tokenId, tenantId: tenant.id }, 'token of another OAuth client refused');
        throw invalidToken("The token was not issued to this app's widget client; sign in through the widget");
      }
      const userId = identity.user.id;
      if (!userId) throw invalidToken('A user token (the agent signed in through the widget) is required');
      const principal: AgentPrincipal = {
        tenantId: tenant.id,
        userId,
        name: identity.user.name ?? null,
        clientId,
        permissions: Object.freeze([...(identity.user.authorization?.permissions ?? [])]),
        tokenId,
      };
      return { principal: Object.freeze(principal), target };
    }
    throw invalidToken('The token is invalid or has expired; sign in again');
  }

  async function askVisibility(target: GenesysTarget, token: string, ids: string[]): Promise<Set<string>> {
    try {
      return await clientFor(target, token).visibleConversations(ids);
    } catch (error) {
      if (!(error instanceof GenesysApiError)) throw error;
      if (error.status === 401) throw invalidToken('The token has expired; sign in again');
      throw upstreamFailure(error);
    }
  }

  async function hiddenConversations(hash: string, target: GenesysTarget, token: string, conversationIds: readonly string[]): Promise<string[]> {
    const unique = [...new Set(conversationIds)];
    const answers = new Map<string, Promise<boolean>>();
    const unknown: string[] = [];
    for (const id of unique) {
      const key = `${hash}:${id}`;
      const known = visibility.get(key);
      const pending = known === undefined ? visibilityInFlight.get(key) : Promise.resolve(known);
      if (pending) answers.set(id, pending);
      else unknown.push(id);
    }
    if (unknown.length > 0) {
      const batch = askVisibility(target, token, unknown);
      for (const id of unknown) {
        const key = `${hash}:${id}`;
        const answer = batch
          .then((visible) => {
            visibility.set(key, visible.has(id));
            return visible.has(id);
          })
          .finally(() => visibilityInFlight.delete(key));
        visibilityInFlight.set(key, answer);
        answers.set(id, answer);
      }
    }
    const visible = await Promise.all(unique.map((id) => answers.get(id)!));
    return unique.filter((_, i) => !visible[i]);
  }

  const authenticator: AgentAuthenticator = {
    async authenticate(authorization) {
      const token = bearer(authorization);
      const hash = createHash('sha256').update(token).digest('hex');
      const tokenId = hash.slice(0, 16);
      let verdict = verdicts.get(hash);
      if (!verdict) {
        let pending = inFlight.get(hash);
        if (!pending) {
          pending = verify(token, tokenId).finally(() => inFlight.delete(hash));
          inFlight.set(hash, pending);
        }
        verdict = await pending;
        verdicts.set(hash, verdict);
      }
      const { principal, target } = verdict;
      return {
        principal,
        hiddenConversations: (conversationIds) => hiddenConversations(hash, target, token, conversationIds),
      };
    },

    async identifyAt(target, authorization) {
      const token = bearer(authorization);
      const identity = await identify(target, token);
      if (!identity) throw invalidToken('The token is invalid or has expired; sign in again');
      return identity;
    },

    forget() {
      inFlight.clear();
      verdicts.clear();
      visibility.clear();
      visibilityInFlight.clear();
    },
  };
  return authenticator;
}

/**
 * AppError 403 `forbidden` naming what `rule` needs and `principal` lacks (`details.missing`),
 * or nothing when the rule holds.
 */
export function assertPermitted(principal: Pick<AgentPrincipal, 'permissions'>, rule: PermissionRule): void {
  const missing = missingPermissions(principal.permissions, rule);
  if (missing.length > 0) {
    throw forbidden(`Your Genesys Cloud role lacks the permission${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`, {
      missing,
      rule: rule.name,
    });
  }
}
