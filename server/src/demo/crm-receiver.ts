import express, { Router } from 'express';
import type { Clock } from '../clock/index.js';
import { verifyWebhook } from '../crm/index.js';

/** `GET /crm/api/deliveries` item (client/crm/deliveries.component.ts). */
export interface CrmDelivery {
  webhookId: string;
  /** ISO 8601. */
  receivedAt: string;
  type: string;
  /** Whether the Standard Webhooks signature verified against the tenant's secret. */
  verified: boolean;
  payload: unknown;
}

/** The built-in CRM of demo mode. */
export interface CrmReceiver {
  /** `POST /crm/hooks` (the demo tenant's webhook URL) and `GET /crm/api/deliveries`. */
  router: Router;
  /** What was received, newest first. */
  deliveries(): CrmDelivery[];
}

/**
 * A CRM receiver as an integrator would write one: reads the raw body, verifies the Standard
 * Webhooks signature with the tenant's current secret (`secret()`), answers 204 when it verifies
 * (400 otherwise, so the sender sees the failure), and keeps one entry per `webhook-id`: a
 * repeated delivery of the same event is acknowledged again but not stored twice. Keeps the last
 * `maxKept` events in memory for the CRM page.
 */
export function createCrmReceiver(input: { clock: Clock; secret: () => Promise<string | null>; maxKept?: number }): CrmReceiver {
  const maxKept = input.maxKept ?? 200;
  const received: CrmDelivery[] = [];
  const router = Router();

  router.post('/crm/hooks', express.text({ type: () => true, limit: '256kb' }), async (req, res) => {
    const payload = typeof req.body === 'string' ? req.body : '';
    const secret = await input.secret();
    const verification = secret
      ? verifyWebhook({ payload, headers: req.headers, secret, now: input.clock.now() })
      : ({ ok: false, reason: 'missing_headers' } as const);
    const webhookId = String(req.get('webhook-id') ?? '');
    let parsed: unknown = payload;
    try {
      parsed = JSON.parse(payload) as unknown;
    } catch {
      // kept as text: the page shows what arrived
    }
    const duplicate = verification.ok && received.some((delivery) => delivery.webhookId === webhookId && delivery.verified);
    if (!duplicate) {
      received.unshift({
        webhookId,
        receivedAt: new Date(input.clock.now()).toISOString(),
        type: typeof (parsed as { type?: unknown })?.type === 'string' ? (parsed as { type: string }).type : 'unknown',
        verified: verification.ok,
        payload: parsed,
      });
      received.splice(maxKept);
    }
    res.status(verification.ok ? 204 : 400).end();
  });

  router.get('/crm/api/deliveries', (_req, res) => {
    res.set('cache-control', 'no-store').json(received);
  });

  return { router, deliveries: () => [...received] };
}
