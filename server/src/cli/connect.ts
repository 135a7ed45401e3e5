import { systemClock, type Clock } from '../clock/index.js';
import { createInteractionMerger } from '../engine/index.js';
import { createGenesysClient, regionHost, type GenesysTarget } from '../genesys/index.js';
import { createTwilioLineTypeLookup } from '../lookup/index.js';
import type { TenantSettings } from '../merge/index.js';
import { DEFAULT_TENANT_SETTINGS } from '../tenants/index.js';
import { CliUsageError } from './args.js';
import type { OpenedEngine } from './run.js';

/**
 * An engine on a Genesys org (a region or an explicit base URL) with a client-credentials client,
 * the default tenant settings and these overrides, and a carrier line-type lookup when given.
 * Throws `CliUsageError` for an unknown region.
 */
export function openEngineOn(input: {
  target: GenesysTarget;
  credentials: { clientId: string; clientSecret: string };
  lineTypeLookup?: { baseUrl: string; accountSid: string; authToken: string } | null;
  settings: Partial<TenantSettings>;
  clock?: Clock;
  close?: () => Promise<void>;
}): OpenedEngine {
  if ('region' in input.target) {
    try {
      regionHost(input.target.region);
    } catch (error) {
      throw new CliUsageError(`GENESYS_REGION: ${(error as Error).message}`);
    }
  }
  const clock = input.clock ?? systemClock;
  const genesys = createGenesysClient({ target: input.target, credentials: input.credentials, clock });
  const lineTypes = input.lineTypeLookup ? createTwilioLineTypeLookup({ ...input.lineTypeLookup, clock }) : null;
  const merger = createInteractionMerger({ genesys, settings: { ...DEFAULT_TENANT_SETTINGS, ...input.settings }, clock, ...(lineTypes ? { lineTypes } : {}) });
  return { merger, close: input.close ?? (async () => {}) };
}
