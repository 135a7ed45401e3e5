import type { LoadedManifest, ProvisionCommand } from './types.js';

/** An OAuth client as the installer wants it (`OAuthClientRequest` without the role ids, known only once the role exists). */
export interface DesiredClient {
  name: string;
  description: string;
  authorizedGrantType: 'CLIENT-CREDENTIALS' | 'CODE';
  registeredRedirectUri: string[];
  scope: string[];
  accessTokenValiditySeconds: number;
}

/** What the org should hold once the app is installed for `backendUrl`, with every name prefixed. */
export interface DesiredState {
  backendUrl: string;
  premium: { integrationTypeId: string; permissions: string[] };
  requiredProducts: Array<{ id: string; reason: string }>;
  role: { name: string; description: string; permissions: string[] };
  backendClient: DesiredClient;
  widgetClient: DesiredClient;
  /** Signs the admin in through the widget client (for the backend), when its installer redirect is registered. */
  backendSignIn: { enabled: boolean; redirectUri: string };
  widget: {
    name: string;
    integrationTypeId: string;
    /**
     * The configuration `properties` for a widget client id. `acceptedKeys` are the properties the
     * org's type takes (its config schema): iframe settings are sent only where accepted.
     */
    properties(widgetClientId: string, acceptedKeys: ReadonlySet<string>): Record<string, unknown>;
    advanced: Record<string, unknown>;
  };
  /** Installer permissions per command, with reasons. */
  installerPermissions(command: ProvisionCommand): Array<{ permission: string; reason: string }>;
}

/** The widget properties that are iframe settings (production premium types refuse them, reference §3.1). */
export const IFRAME_PROPERTIES: readonly string[] = ['sandbox', 'permissions'];

/**
 * Normalises a backend base URL: http(s), no credentials, query or fragment, no trailing slash.
 * Throws naming `--backend` otherwise. https is required except on loopback hosts.
 */
export function normaliseBackendUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`--backend: "${value}" is not an absolute URL`);
  }
  const loopback = url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new Error('--backend: must be an https URL (http only on localhost or 127.0.0.1)');
  }
  if (url.username || url.password || url.search || url.hash) throw new Error('--backend: must not carry credentials, a query or a fragment');
  return url.href.replace(/\/+$/, '');
}

/** Renders the desired state of `loaded` for the backend at `backendUrl` (already normalised). */
export function renderDesired(loaded: LoadedManifest, backendUrl: string): DesiredState {
  const { manifest, widgetIcons } = loaded;
  const name = (base: string) => `${manifest.prefix}${base}`;
  const { backend, widget: widgetClient } = manifest.oauthClients;
  const widget = manifest.widget;
  return {
    backendUrl,
    premium: { integrationTypeId: manifest.premiumApp.integrationTypeId, permissions: manifest.premiumApp.permissions.map((p) => p.permission) },
    requiredProducts: manifest.requiredProducts,
    role: { name: name(manifest.role.name), description: manifest.role.description, permissions: manifest.role.permissions.map((p) => p.permission).sort() },
    backendClient: {
      name: name(backend.name),
      description: backend.description,
      authorizedGrantType: backend.grantType,
      registeredRedirectUri: [],
      scope: [],
      accessTokenValiditySeconds: backend.accessTokenValiditySeconds,
    },
    widgetClient: {
      name: name(widgetClient.name),
      description: widgetClient.description,
      authorizedGrantType: widgetClient.grantType,
      registeredRedirectUri: [`${backendUrl}${widgetClient.redirectPath}`, ...(widgetClient.installerRedirect.enabled ? [manifest.installer.redirectUri] : [])],
      scope: widgetClient.scopes.map((s) => s.scope).sort(),
      accessTokenValiditySeconds: widgetClient.accessTokenValiditySeconds,
    },
    backendSignIn: { enabled: widgetClient.installerRedirect.enabled, redirectUri: manifest.installer.redirectUri },
    widget: {
      name: name(widget.name),
      integrationTypeId: widget.integrationTypeId,
      properties: (widgetClientId, acceptedKeys) => {
        const all: Record<string, unknown> = {
          url: widget.url.replace('{{backend}}', backendUrl).replace('{{widgetClientId}}', encodeURIComponent(widgetClientId)),
          sandbox: widget.sandbox.join(','),
          permissions: widget.permissionsPolicy.join(','),
          groups: [...widget.groups],
          queueIdFilterList: [...widget.queues],
          communicationTypeFilter: widget.communicationTypeFilter.join(', '),
        };
        return Object.fromEntries(Object.entries(all).filter(([key]) => acceptedKeys.has(key)));
      },
      advanced: {
        lifecycle: { ephemeral: widget.lifecycle.ephemeral, hooks: { ...widget.lifecycle.hooks } },
        icon: { vector: widgetIcons.vector },
        monochromicIcon: { vector: widgetIcons.monochrome },
      },
    },
    installerPermissions: (command) =>
      manifest.installer.permissions.filter((p) => p.commands.includes(command)).map(({ permission, reason }) => ({ permission, reason })),
  };
}
