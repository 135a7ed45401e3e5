import type { Request, RequestHandler, Response } from 'express';
import { assertPermitted, RULES, type AgentAuthenticator, type AgentSession, type PermissionRule } from '../auth/index.js';
import { AppError } from '../errors/index.js';

/** The request's id (pino-http's `req.id`), used as the correlation id of what it does. */
export function correlationIdOf(req: Request): string {
  return String((req as Request & { id?: unknown }).id ?? '');
}

/** Authenticates the bearer token of every request it guards; the session goes to `res.locals`. */
export function authenticate(auth: AgentAuthenticator): RequestHandler {
  return async (req, res, next) => {
    const session = await auth.authenticate(req.get('authorization'));
    res.locals.session = session;
    // Log lines of this request name the agent (an opaque id), never the token.
    req.log = req.log?.child({ userId: session.principal.userId, tenantId: session.principal.tenantId });
    next();
  };
}

/** The session `authenticate` stored. */
export function sessionOf(res: Response): AgentSession {
  const session = res.locals.session as AgentSession | undefined;
  if (!session) throw new AppError('internal', 500, 'Route reached without authentication');
  return session;
}

/** 403 naming the missing permissions unless the agent's role satisfies `rule`. */
export function permit(rule: PermissionRule): RequestHandler {
  return (_req, res, next) => {
    assertPermitted(sessionOf(res).principal, rule);
    next();
  };
}

/**
 * 403 `conversation_not_visible` unless the agent can see every conversation (checked with their
 * own token: visibility follows analytics), naming the ones they cannot in
 * `details.conversationIds`. An agent whose role holds neither analytics detail permission sees
 * no conversation at all in Genesys: 403 `forbidden` naming that permission instead, without
 * asking Genesys.
 */
export async function assertVisible(session: AgentSession, conversationIds: readonly string[]): Promise<void> {
  assertPermitted(session.principal, RULES.candidates);
  const hidden = await session.hiddenConversations(conversationIds);
  if (hidden.length > 0) {
    throw new AppError('conversation_not_visible', 403, 'You cannot see every conversation this request names', {
      details: { conversationIds: hidden, missing: [] },
    });
  }
}
