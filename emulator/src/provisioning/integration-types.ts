import type { Dataset, IntegrationTypeSpec } from '../dataset/index.js';
import { badRequest } from '../http/index.js';

/** The interaction widget's type id (reference genesys-client-app.md §2.1). */
export const INTERACTION_WIDGET_TYPE = 'embedded-client-app-interaction-widget';

/** How one config property is checked. */
type PropertyKind =
  | { kind: 'url' }
  | { kind: 'tokens'; allowed: readonly string[] }
  | { kind: 'ids' }
  | { kind: 'enum'; allowed: readonly string[] }
  | { kind: 'text' };

interface PropertySpec {
  title: string;
  check: PropertyKind;
  /** Must be set before the integration can be enabled. */
  requiredToEnable?: boolean;
}

/** An installable (or Genesys-created) integration type with the config `properties` it accepts. */
export interface CatalogType {
  spec: Required<Pick<IntegrationTypeSpec, 'id' | 'name'>> & IntegrationTypeSpec;
  properties: Readonly<Record<string, PropertySpec>>;
}

// HTML iframe sandbox keywords; the admin UI offers a subset (reference §2.2).
const SANDBOX = [
  'allow-downloads', 'allow-forms', 'allow-modals', 'allow-orientation-lock', 'allow-pointer-lock', 'allow-popups',
  'allow-popups-to-escape-sandbox', 'allow-presentation', 'allow-same-origin', 'allow-scripts',
  'allow-storage-access-by-user-activation', 'allow-top-navigation', 'allow-top-navigation-by-user-activation',
];
// Reference §2.2: the feature policy values Genesys lets an admin opt into.
const IFRAME_PERMISSIONS = ['camera', 'microphone', 'geolocation', 'clipboard-write', 'display-capture', 'fullscreen'];
// Reference §2.2: seen values; `message` is rejected (third-party report, UNCONFIRMED), `open` is Open Messaging.
const COMMUNICATION_TYPES = ['call', 'callback', 'chat', 'email', 'webmessaging', 'open'];

const iframe: Record<string, PropertySpec> = {
  sandbox: { title: 'Iframe Sandbox Options', check: { kind: 'tokens', allowed: SANDBOX } },
  permissions: { title: 'Iframe Feature/Permissions Policy', check: { kind: 'tokens', allowed: IFRAME_PERMISSIONS } },
};

const BUILT_IN: readonly CatalogType[] = [
  {
    spec: {
      id: INTERACTION_WIDGET_TYPE,
      name: 'Interaction Widget',
      description: 'An application shown beside each interaction, with that interaction as its context.',
      provider: 'clientapps',
      category: 'Client Apps',
      iframeSettings: true,
    },
    properties: {
      url: { title: 'Application URL', check: { kind: 'url' }, requiredToEnable: true },
      ...iframe,
      groups: { title: 'Group Filtering', check: { kind: 'ids' } },
      queueIdFilterList: { title: 'Queue Filtering', check: { kind: 'ids' } },
      communicationTypeFilter: { title: 'Communication Type Filtering', check: { kind: 'tokens', allowed: COMMUNICATION_TYPES } },
    },
  },
  {
    spec: {
      id: 'embedded-client-app',
      name: 'Client Application',
      description: 'A standalone application or sidebar widget in the Genesys Cloud UI.',
      provider: 'clientapps',
      category: 'Client Apps',
      iframeSettings: true,
    },
    properties: {
      url: { title: 'Application URL', check: { kind: 'url' }, requiredToEnable: true },
      displayType: { title: 'Application Type', check: { kind: 'enum', allowed: ['standalone', 'widget'] } },
      featureCategory: { title: 'Application Category', check: { kind: 'text' } },
      ...iframe,
      groupFilter: { title: 'Group Filtering', check: { kind: 'ids' } },
    },
  },
];

/** The types an org can see: the built-in client-app types plus the dataset's (e.g. a premium app's). */
export interface IntegrationTypeCatalog {
  get(typeId: string): CatalogType | undefined;
  all(): readonly CatalogType[];
}

/** Builds the catalog of `dataset`; dataset types accept `sandbox`/`permissions` only with `iframeSettings: true`. */
export function createTypeCatalog(dataset: Dataset): IntegrationTypeCatalog {
  const types = new Map<string, CatalogType>(BUILT_IN.map((t) => [t.spec.id, t]));
  for (const spec of dataset.integrationTypes ?? []) {
    types.set(spec.id, {
      spec: { provider: 'premium', category: 'Premium Applications', ...spec },
      properties: {
        url: { title: 'Application URL', check: { kind: 'url' }, requiredToEnable: true },
        displayType: { title: 'Application Type', check: { kind: 'enum', allowed: ['standalone', 'widget'] } },
        groupFilter: { title: 'Group Filtering', check: { kind: 'ids' } },
        ...(spec.iframeSettings ? iframe : {}),
      },
    });
  }
  return { get: (id) => types.get(id), all: () => [...types.values()] };
}

/** `IntegrationType` as the API serves it. */
export function renderType(type: CatalogType): Record<string, unknown> {
  const { spec } = type;
  const base = `/api/v2/integrations/types/${spec.id}`;
  return {
    id: spec.id,
    name: spec.name,
    description: spec.description ?? '',
    provider: spec.provider ?? '',
    category: spec.category ?? '',
    images: [],
    configPropertiesSchemaUri: `${base}/configschemas/properties`,
    configAdvancedSchemaUri: `${base}/configschemas/advanced`,
    helpUri: spec.id === INTERACTION_WIDGET_TYPE ? 'https://help.mypurecloud.com/?p=229319' : 'https://help.mypurecloud.com/?p=170661',
    nonInstallable: spec.nonInstallable ?? false,
    ...(spec.maxInstances !== undefined ? { maxInstances: spec.maxInstances } : {}),
    userPermissions: spec.userPermissions ?? [],
    vendorOAuthClientIds: spec.vendorOAuthClientIds ?? [],
    credentials: {},
    selfUri: base,
  };
}

/** `JsonSchemaDocument` of a type's `properties` or `advanced` configuration. */
export function renderConfigSchema(type: CatalogType, configType: 'properties' | 'advanced'): Record<string, unknown> {
  if (configType === 'advanced') {
    return {
      id: `${type.spec.id}-advanced`,
      $schema: 'http://json-schema.org/draft-04/schema#',
      title: `${type.spec.name} advanced configuration`,
      type: 'object',
      properties: {
        lifecycle: { type: 'object', title: 'Lifecycle hooks' },
        icon: { type: 'object', title: 'Icon' },
        monochromicIcon: { type: 'object', title: 'Monochromic icon' },
        i10n: { type: 'object', title: 'Localised names' },
      },
      additionalProperties: {},
    };
  }
  const properties: Record<string, object> = {};
  for (const [key, spec] of Object.entries(type.properties)) {
    properties[key] = spec.check.kind === 'ids' ? { type: 'array', title: spec.title, items: { type: 'string' } } : { type: 'string', title: spec.title };
  }
  return {
    id: `${type.spec.id}-properties`,
    $schema: 'http://json-schema.org/draft-04/schema#',
    title: `${type.spec.name} properties`,
    type: 'object',
    required: Object.entries(type.properties).filter(([, s]) => s.requiredToEnable).map(([k]) => k),
    properties,
  };
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]';
}

/** Checks config `properties` against the type; 400 naming `properties.<key>` for an unknown key or a bad value. */
export function checkProperties(type: CatalogType, properties: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(properties)) {
    const spec = type.properties[key];
    const field = `properties.${key}`;
    if (!spec) throw badRequest(`${field}: the ${type.spec.name} type does not accept this property`, field);
    const check = spec.check;
    if (check.kind === 'ids') {
      if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' && v !== '')) throw badRequest(`${field}: must be an array of ids`, field);
      continue;
    }
    if (typeof value !== 'string') throw badRequest(`${field}: must be a string`, field);
    if (check.kind === 'url') {
      if (value === '') continue;
      let url: URL | undefined;
      try {
        url = new URL(value);
      } catch {
        url = undefined;
      }
      // Genesys frames apps over https; plain http is accepted for loopback hosts (local development).
      if (!url || !(url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url.hostname)))) {
        throw badRequest(`${field}: must be an https URL (http only on localhost)`, field);
      }
    } else if (check.kind === 'tokens') {
      const tokens = value.split(',').map((t) => t.trim()).filter((t) => t !== '');
      const bad = tokens.find((t) => !check.allowed.includes(t));
      if (bad !== undefined) throw badRequest(`${field}: "${bad}" is not one of ${check.allowed.join(', ')}`, field);
    } else if (check.kind === 'enum' && !check.allowed.includes(value)) {
      throw badRequest(`${field}: must be one of ${check.allowed.join(', ')}`, field);
    }
  }
}

/** The first property the type needs before it can be enabled and `properties` lacks, if any. */
export function missingToEnable(type: CatalogType, properties: Record<string, unknown>): string | undefined {
  return Object.entries(type.properties).find(([key, spec]) => spec.requiredToEnable && (typeof properties[key] !== 'string' || properties[key] === ''))?.[0];
}
