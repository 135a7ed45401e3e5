/**
 * The install manifest (`manifest/app.json`), as `manifest/schema.json` describes it. Keep the two
 * in step; the schema is what validates a file.
 */

/** The provisioning commands. */
export type ProvisionCommand = 'plan' | 'status' | 'install' | 'uninstall';

/** A permission and why the app needs it. */
export interface ReasonedPermission {
  permission: string;
  reason: string;
}

/** An installer permission: which commands need it, and why. */
export interface InstallerPermission extends ReasonedPermission {
  commands: ProvisionCommand[];
}

/** Paths relative to the manifest file. */
export interface IconPaths {
  vector: string;
  monochrome: string;
}

/** The manifest file. */
export interface Manifest {
  schemaVersion: 1;
  app: {
    name: string;
    vendor: { name: string; website: string; supportEmail: string };
    /** At most 75 characters (reference genesys-client-app.md §3.1). */
    description: string;
    icons: IconPaths;
  };
  /** Put in front of every created object's name, e.g. `InteractionMerger_`. */
  prefix: string;
  premiumApp: {
    /** Created by Genesys when the org buys the app; checked, never created. */
    integrationTypeId: string;
    permissions: ReasonedPermission[];
    /** For Genesys when it creates the type; never sent (production premium types refuse it). */
    defaultSandbox: string[];
  };
  requiredProducts: Array<{ id: string; reason: string }>;
  installer: {
    /** The vendor's public PKCE client for browser sign-in. */
    clientId: string;
    /** Its loopback redirect URI. */
    redirectUri: string;
    permissions: InstallerPermission[];
  };
  role: { name: string; description: string; permissions: ReasonedPermission[] };
  oauthClients: {
    backend: { name: string; description: string; grantType: 'CLIENT-CREDENTIALS'; accessTokenValiditySeconds: number };
    widget: {
      name: string;
      description: string;
      grantType: 'CODE';
      pkce: true;
      /** The redirect URI is the backend URL plus this path (the widget's own page). */
      redirectPath: string;
      /** Also registers `installer.redirectUri`, so the installer can sign the admin in through this client for the backend. */
      installerRedirect: { enabled: boolean; reason: string };
      accessTokenValiditySeconds: number;
      scopes: Array<{ scope: string; reason: string }>;
    };
  };
  widget: {
    name: string;
    integrationTypeId: 'embedded-client-app-interaction-widget';
    /** With `{{backend}}`, `{{widgetClientId}}` and the `{{gc…}}` tokens. */
    url: string;
    sandbox: string[];
    permissionsPolicy: string[];
    communicationTypeFilter: string[];
    groups: string[];
    queues: string[];
    lifecycle: { ephemeral: boolean; hooks: { bootstrap: boolean; focus: boolean; blur: boolean; stop: boolean } };
    icons: IconPaths;
    reasons: { sandbox: string; permissionsPolicy: string; communicationTypeFilter: string; lifecycle: string };
  };
}

/** A validated manifest with its icons read. */
export interface LoadedManifest {
  manifest: Manifest;
  /** Absolute path of the file. */
  path: string;
  /** The widget's icons as `data:image/svg+xml;base64,…` URIs. */
  widgetIcons: { vector: string; monochrome: string };
}
