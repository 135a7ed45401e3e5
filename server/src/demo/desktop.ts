import { Router } from 'express';
import type { DesktopInteraction } from './emulator.js';

/** `GET /desktop/api/config` (client/desktop/host-protocol.ts). */
export interface DesktopConfig {
  /** Where the widget is served: `http://127.0.0.1:<port>` (another origin than the harness, as in Genesys). */
  widgetOrigin: string;
  widgetClientId: string;
  /** Where the harness is expected: `http://localhost:<port>`. */
  hostOrigin: string;
  langTag: string;
}

/**
 * The desktop harness's endpoints (demo mode): its configuration and the org's interactions.
 * `config` is read per request, so the port may be known only once the server listens.
 */
export function desktopRoutes(input: {
  config: () => DesktopConfig;
  interactions: () => Promise<DesktopInteraction[]> | DesktopInteraction[];
}): Router {
  const router = Router();
  router.get('/desktop/api/config', (_req, res) => {
    res.set('cache-control', 'no-store').json(input.config());
  });
  router.get('/desktop/api/interactions', async (_req, res) => {
    res.set('cache-control', 'no-store').json(await input.interactions());
  });
  return router;
}
