import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { Router } from 'express';
import { AppError } from '../../errors/index.js';

/** The pages of the client build (`vite build` → `dist/client/<page>/index.html`). */
export type PageName = 'widget' | 'desktop' | 'crm';

/**
 * Serves the built pages at `/widget` (always), `/desktop` and `/crm` (demo mode only), and
 * `dist/client/assets` at `/assets` (content-hashed: cached for a year). A missing build answers
 * 503 saying how to build it.
 */
export function pageRoutes(input: { clientDir: string | null; pages: readonly PageName[] }): Router {
  const router = Router();
  const { clientDir } = input;
  const built = clientDir !== null && existsSync(join(clientDir, 'widget', 'index.html'));
  for (const page of input.pages) {
    router.get(`/${page}`, (_req, res) => {
      if (!built) throw new AppError('client_not_built', 503, 'The client pages are not built: run `npm run build:client`');
      res.set('cache-control', 'no-cache');
      res.sendFile(join(clientDir, page, 'index.html'), { dotfiles: 'allow' });
    });
  }
  if (built) {
    router.use('/assets', express.static(join(clientDir, 'assets'), { immutable: true, maxAge: '1y', dotfiles: 'allow', index: false }));
  }
  return router;
}
