import { DEMO_IDS } from '../../../emulator/src/index.js';
import type { TenantRegistration } from '../tenants/index.js';

/** The demo org's id (the emulator's demo dataset). */
export const DEMO_ORG_ID = DEMO_IDS.orgId;
/** The demo widget's OAuth client (CODE grant, PKCE). */
export const DEMO_WIDGET_CLIENT_ID = DEMO_IDS.clients.widget.id;

/**
 * The demo tenant: the demo org served by the emulator at `genesysUrl`, with the dataset's backend
 * client, its widget client, and the CRM webhook pointing at `webhook` (the built-in receiver).
 */
export function demoTenantRegistration(input: {
  genesysUrl: string;
  webhook: { url: string; secret: string } | null;
  name?: string;
}): TenantRegistration {
  return {
    orgId: DEMO_IDS.orgId,
    name: input.name ?? DEMO_IDS.orgName,
    apiBaseUrl: input.genesysUrl,
    loginBaseUrl: input.genesysUrl,
    backendClientId: DEMO_IDS.clients.backend.id,
    backendClientSecret: DEMO_IDS.clients.backend.secret,
    widgetClientId: DEMO_IDS.clients.widget.id,
    ...(input.webhook ? { crmWebhook: input.webhook } : {}),
  };
}

/**
 * The demo org's carrier line-type lookup: the emulator stands in for Twilio Lookup v2 at
 * `<genesysUrl>/twilio-lookups`, answering from the dataset, with its demo credentials.
 */
export function demoLineTypeLookup(genesysUrl: string): { baseUrl: string; accountSid: string; authToken: string } {
  return { baseUrl: `${genesysUrl.replace(/\/+$/, '')}/twilio-lookups`, ...DEMO_IDS.lineTypeLookup };
}
