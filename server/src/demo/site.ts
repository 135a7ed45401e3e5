import type { Router } from 'express';
import type { Clock } from '../clock/index.js';
import { createCrmReceiver, type CrmReceiver } from './crm-receiver.js';
import { desktopRoutes } from './desktop.js';
import type { DesktopInteraction } from './emulator.js';
import { DEMO_WIDGET_CLIENT_ID } from './tenant.js';

/** The demo-only parts of the site: the built-in CRM receiver and the desktop harness's endpoints. */
export interface DemoSite {
  /** Mount these before the API (`ServiceOptions.extraRouters`). */
  routers: Router[];
  receiver: CrmReceiver;
  /** Origins the harness frames: the widget's loopback origin, any port (`ServiceOptions.frameOrigins`). */
  frameOrigins: string[];
  /** Tells the harness the port the server listens on, once known (PORT=0). */
  listeningOn(port: number): void;
  /** The demo tenant's webhook URL on this server: `http://127.0.0.1:<port>/crm/hooks`. */
  webhookUrl(): string;
}

/**
 * Builds the demo site. The harness runs on `http://localhost:<port>` and frames the widget on
 * `http://127.0.0.1:<port>` (two origins, as in Genesys); the receiver verifies with the tenant's
 * current webhook secret (`webhookSecret()`).
 */
export function createDemoSite(input: {
  clock: Clock;
  webhookSecret: () => Promise<string | null>;
  interactions: () => DesktopInteraction[] | Promise<DesktopInteraction[]>;
  widgetClientId?: string;
  langTag?: string;
}): DemoSite {
  let port = 0;
  const receiver = createCrmReceiver({ clock: input.clock, secret: input.webhookSecret });
  const desktop = desktopRoutes({
    config: () => ({
      widgetOrigin: `http://127.0.0.1:${port}`,
      widgetClientId: input.widgetClientId ?? DEMO_WIDGET_CLIENT_ID,
      hostOrigin: `http://localhost:${port}`,
      langTag: input.langTag ?? 'en-us',
    }),
    interactions: input.interactions,
  });
  return {
    routers: [receiver.router, desktop],
    receiver,
    frameOrigins: ['http://127.0.0.1:*'],
    listeningOn(value) {
      port = value;
    },
    webhookUrl: () => `http://127.0.0.1:${port}/crm/hooks`,
  };
}
