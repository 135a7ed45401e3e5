import type { DesiredState } from '../manifest/index.js';
import { IFRAME_PROPERTIES } from '../manifest/index.js';
import type { ObjectState } from './compare.js';
import type { Observed } from './observe.js';

/** A prerequisite or warning; a failed blocking check stops `install`. */
export interface Check {
  name: string;
  ok: boolean;
  blocking: boolean;
  message: string;
}

/** What must hold before installing (or, with `forUninstall`, before removing). */
export function prerequisiteChecks(desired: DesiredState, observed: Observed, states: readonly ObjectState[], forUninstall = false): Check[] {
  const checks: Check[] = [];
  const add = (name: string, ok: boolean, blocking: boolean, message: string) => checks.push({ name, ok, blocking, message });
  const typeId = desired.premium.integrationTypeId;

  if (!forUninstall) {
    add(
      'premium-type',
      observed.premiumType !== null,
      true,
      observed.premiumType
        ? `The premium integration type ${typeId} exists (Genesys Cloud created it when the org bought the app; it is never created here).`
        : `The org has no integration type ${typeId}: the org has not bought Interaction Merger. Genesys Cloud creates that type with the purchase; the installer never creates it.`,
    );
    if (observed.premiumType) {
      const granted = new Set(observed.premiumType.userPermissions ?? []);
      const absent = desired.premium.permissions.filter((p) => !granted.has(p));
      add('premium-permissions', absent.length === 0, false, absent.length === 0
        ? `The premium type grants the app's permissions (${desired.premium.permissions.join(', ')}).`
        : `The premium type does not list ${absent.join(', ')}; agents' roles cannot carry ${absent.length === 1 ? 'it' : 'them'} until Genesys Cloud adds ${absent.length === 1 ? 'it' : 'them'}.`);
    }
    for (const product of desired.requiredProducts) {
      const ok = observed.products.includes(product.id);
      add(`product:${product.id}`, ok, true, ok ? `Product ${product.id} is enabled.` : `Product ${product.id} is not enabled in the org: ${product.reason}`);
    }
    add(
      'widget-type',
      observed.widgetTypeProperties !== null,
      true,
      observed.widgetTypeProperties !== null
        ? `The org offers the ${desired.widget.integrationTypeId} integration type.`
        : `The org offers no ${desired.widget.integrationTypeId} integration type.`,
    );
    if (observed.widgetTypeProperties) {
      const refused = IFRAME_PROPERTIES.filter((p) => !observed.widgetTypeProperties!.includes(p));
      add('iframe-settings', refused.length === 0, false, refused.length === 0
        ? 'The widget type accepts the iframe sandbox and permissions policy: both are set.'
        : `The widget type does not accept ${refused.join(', ')}: left out of the configuration (Genesys Cloud applies its defaults).`);
    }
    const roleMissing = states.find((s) => s.object === 'role')?.state === 'missing';
    const taken = observed.strangers.find((s) => s.kind === 'role' && s.name.toLowerCase() === desired.role.name.toLowerCase());
    if (roleMissing && taken) {
      add('role-name', false, true, `A role named ${desired.role.name} (${taken.id}) exists but is not the one this install recorded; rename or remove it first.`);
    }
    const tenant = states.find((s) => s.object === 'tenant');
    if (tenant?.state === 'drift') {
      add('tenant', false, true, `The backend has this org registered with other OAuth clients (${tenant.diffs.map((d) => `${d.field} ${String(d.actual)}`).join(', ')}); run uninstall first, then install.`);
    }
  }
  add(
    'backend',
    observed.backendReachable,
    true,
    observed.backendReachable ? `The backend at ${desired.backendUrl} answers.` : `The backend at ${desired.backendUrl} does not answer (GET /healthz): start it, or check --backend.`,
  );
  for (const stranger of observed.strangers) {
    add(`stranger:${stranger.id}`, true, false, `Left alone: ${stranger.kind} ${stranger.name} (${stranger.id}) has the app's name but is not the one this install recorded.`);
  }
  return checks;
}
