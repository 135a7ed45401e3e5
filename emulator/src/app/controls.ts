import express, { type Router } from 'express';
import { badRequest } from '../http/index.js';
import type { FaultSettings, RequestCounts } from '../http/index.js';

/** The programmatic controls the `/__emulator/` routes expose. */
export interface ControlTarget {
  reset(): void;
  faults(): FaultSettings;
  setFaults(faults: unknown): FaultSettings;
  requestCounts(): RequestCounts;
  clearRequestCounts(): void;
  mintUserToken(input: { userId: string; clientId?: string }): string;
  tokenLifetimeSeconds(clientId: string | undefined): number;
}

/**
 * Test controls (DESIGN.md): `POST reset`, `GET|PUT faults`, `GET|DELETE requests`,
 * `POST tokens {user, clientId?}` → `{access_token, token_type, expires_in}`. Not subject to
 * faults, rate limits or request counting.
 */
export function createControlsRouter(target: ControlTarget): Router {
  const router = express.Router();
  router.use('/__emulator', express.json());
  router.post('/__emulator/reset', (_req, res) => {
    target.reset();
    res.status(204).end();
  });
  router.get('/__emulator/faults', (_req, res) => {
    res.json(target.faults());
  });
  router.put('/__emulator/faults', (req, res) => {
    res.json(target.setFaults(req.body ?? {}));
  });
  router.get('/__emulator/requests', (_req, res) => {
    res.json(target.requestCounts());
  });
  router.delete('/__emulator/requests', (_req, res) => {
    target.clearRequestCounts();
    res.status(204).end();
  });
  router.post('/__emulator/tokens', (req, res) => {
    const body = (req.body ?? {}) as { user?: unknown; clientId?: unknown };
    if (typeof body.user !== 'string' || body.user === '') throw badRequest('user: a user id or email is required', 'user');
    if (body.clientId !== undefined && typeof body.clientId !== 'string') throw badRequest('clientId: must be a string', 'clientId');
    let token: string;
    try {
      token = target.mintUserToken({ userId: body.user, ...(body.clientId === undefined ? {} : { clientId: body.clientId }) });
    } catch (error) {
      throw badRequest((error as Error).message, 'user');
    }
    res.status(201).json({ access_token: token, token_type: 'bearer', expires_in: target.tokenLifetimeSeconds(body.clientId as string | undefined) });
  });
  return router;
}
