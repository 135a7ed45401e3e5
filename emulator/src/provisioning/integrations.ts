import { z } from 'zod';
import { badRequest, conflict, notFound, type ApiRoute } from '../http/index.js';
import type { ProvisioningDeps } from './deps.js';
import { checkProperties, missingToEnable, renderConfigSchema, renderType, type CatalogType } from './integration-types.js';
import type { StoredIntegration } from './state.js';
import { listParam, listing, paging, parseBody } from './support.js';

const createSchema = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  integrationType: z.object({ id: z.string().min(1, 'is required') }),
});

const patchSchema = z
  .object({
    intendedState: z.enum(['ENABLED', 'DISABLED']).optional(),
    name: z.string().trim().min(1).max(200).optional(),
    notes: z.string().max(4000).optional(),
    attributes: z.record(z.string(), z.string()).optional(),
  })
  .refine((v) => Object.keys(v).length > 0, 'must change intendedState, name, notes or attributes');

const jsonObject = z.record(z.string(), z.unknown());
const configSchema = z.object({
  name: z.string().trim().min(1, 'is required').max(200),
  version: z.number().int().min(1),
  properties: jsonObject.optional(),
  advanced: jsonObject.optional(),
  notes: z.string().max(4000).optional(),
  credentials: jsonObject.optional(),
});

/**
 * Integrations and integration types (`IntegrationsApi`, reference genesys-client-app.md §2.2):
 * create (disabled, configuration version 1), list (paging, `integrationType`, `expand=config.current`),
 * get, PATCH (`intendedState`, name, notes), delete; the current configuration, versioned (a PUT
 * must carry the current version, a stale one answers 409, and each write adds one); the types and
 * their config schemas. Config `properties` are checked against the type (unknown keys, bad URLs,
 * sandbox and permission tokens, communication types; a premium type takes no `sandbox` or
 * `permissions`, reference §3.1); enabling needs the type's required properties. Permissions
 * `integrations:integration:view|add|edit|delete`.
 */
export function integrationRoutes(deps: ProvisioningDeps): ApiRoute[] {
  const { store, types } = deps;
  const typeOf = (integration: StoredIntegration): CatalogType => types.get(integration.typeId)!;
  const find = (id: string): StoredIntegration => {
    const integration = store.integrations.get(id);
    if (!integration) throw notFound('integration', id);
    return integration;
  };
  const findType = (id: string): CatalogType => {
    const type = types.get(id);
    if (!type) throw notFound('integration type', id);
    return type;
  };
  const renderConfig = (integration: StoredIntegration) => ({
    id: integration.id,
    name: integration.config.name,
    version: integration.config.version,
    properties: integration.config.properties,
    advanced: integration.config.advanced,
    notes: integration.config.notes,
    credentials: integration.config.credentials,
    selfUri: `/api/v2/integrations/${integration.id}/config/current`,
  });
  const render = (integration: StoredIntegration, withConfig: boolean) => ({
    id: integration.id,
    name: integration.name,
    integrationType: renderType(typeOf(integration)),
    notes: integration.notes,
    intendedState: integration.intendedState,
    ...(withConfig ? { config: { current: renderConfig(integration) } } : {}),
    reportedState: {
      code: integration.intendedState === 'ENABLED' ? 'ACTIVE' : 'INACTIVE',
      effective: integration.intendedState === 'ENABLED' ? 'Active' : 'Inactive',
      lastUpdated: integration.dateModified,
    },
    attributes: integration.attributes,
    selfUri: `/api/v2/integrations/${integration.id}`,
  });
  const expandsConfig = (query: Record<string, unknown>) => listParam(query.expand).includes('config.current');

  // Types first: Express would otherwise read `types` as an {integrationId}.
  return [
    {
      method: 'GET',
      template: '/api/v2/integrations/types',
      permissions: ['integrations:integration:view'],
      handle: ({ query }) => {
        const all = types.all().map((t) => renderType(t)).sort((a, b) => String(a.id).localeCompare(String(b.id)));
        return { status: 200, body: listing(all, paging(query, 25, 100), '/api/v2/integrations/types') };
      },
    },
    {
      method: 'GET',
      template: '/api/v2/integrations/types/{typeId}',
      permissions: ['integrations:integration:view'],
      handle: ({ params }) => ({ status: 200, body: renderType(findType(params.typeId!)) }),
    },
    {
      method: 'GET',
      template: '/api/v2/integrations/types/{typeId}/configschemas/{configType}',
      permissions: ['integrations:integration:view'],
      handle: ({ params }) => {
        const type = findType(params.typeId!);
        const configType = params.configType;
        if (configType !== 'properties' && configType !== 'advanced') throw badRequest('configType: must be properties or advanced', 'configType');
        return { status: 200, body: renderConfigSchema(type, configType) };
      },
    },
    {
      method: 'GET',
      template: '/api/v2/integrations',
      permissions: ['integrations:integration:view'],
      handle: ({ query }) => {
        const page = paging(query, 25, 100);
        const typeId = typeof query.integrationType === 'string' ? query.integrationType : undefined;
        const withConfig = expandsConfig(query);
        const all = [...store.integrations.values()]
          .filter((i) => typeId === undefined || i.typeId === typeId)
          .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id))
          .map((i) => render(i, withConfig));
        return { status: 200, body: listing(all, page, '/api/v2/integrations') };
      },
    },
    {
      method: 'POST',
      template: '/api/v2/integrations',
      permissions: ['integrations:integration:add'],
      handle: ({ body }) => {
        const input = parseBody(createSchema, body);
        const type = types.get(input.integrationType.id);
        if (!type) throw badRequest(`integrationType.id: no integration type ${input.integrationType.id} in this organization`, 'integrationType.id');
        if (type.spec.nonInstallable) throw badRequest(`integrationType.id: ${type.spec.id} is created by Genesys Cloud, not through the API`, 'integrationType.id');
        const count = [...store.integrations.values()].filter((i) => i.typeId === type.spec.id).length;
        if (type.spec.maxInstances !== undefined && count >= type.spec.maxInstances) {
          throw conflict(`The organization already has the maximum number of ${type.spec.name} integrations (${type.spec.maxInstances}).`);
        }
        const name = input.name ?? type.spec.name;
        const integration: StoredIntegration = {
          id: deps.newId(),
          name,
          typeId: type.spec.id,
          intendedState: 'DISABLED',
          notes: '',
          attributes: {},
          config: { name, version: 1, properties: {}, advanced: {}, notes: '', credentials: {} },
          dateModified: store.now(),
        };
        store.integrations.set(integration.id, integration);
        return { status: 200, body: render(integration, true) };
      },
    },
    {
      method: 'GET',
      template: '/api/v2/integrations/{integrationId}',
      permissions: ['integrations:integration:view'],
      handle: ({ params, query }) => ({ status: 200, body: render(find(params.integrationId!), expandsConfig(query)) }),
    },
    {
      method: 'PATCH',
      template: '/api/v2/integrations/{integrationId}',
      permissions: ['integrations:integration:edit'],
      handle: ({ params, body }) => {
        const integration = find(params.integrationId!);
        const input = parseBody(patchSchema, body);
        if (input.intendedState === 'ENABLED') {
          const missing = missingToEnable(typeOf(integration), integration.config.properties);
          if (missing) throw badRequest(`intendedState: configure properties.${missing} before enabling the integration`, 'intendedState');
        }
        const updated: StoredIntegration = {
          ...integration,
          ...(input.intendedState ? { intendedState: input.intendedState } : {}),
          ...(input.name ? { name: input.name, config: { ...integration.config, name: input.name } } : {}),
          ...(input.notes !== undefined ? { notes: input.notes } : {}),
          ...(input.attributes ? { attributes: input.attributes } : {}),
          dateModified: store.now(),
        };
        store.integrations.set(updated.id, updated);
        return { status: 200, body: render(updated, false) };
      },
    },
    {
      method: 'DELETE',
      template: '/api/v2/integrations/{integrationId}',
      permissions: ['integrations:integration:delete'],
      handle: ({ params }) => {
        const integration = find(params.integrationId!);
        store.integrations.delete(integration.id);
        return { status: 200, body: render(integration, false) };
      },
    },
    {
      method: 'GET',
      template: '/api/v2/integrations/{integrationId}/config/current',
      permissions: ['integrations:integration:view'],
      handle: ({ params }) => ({ status: 200, body: renderConfig(find(params.integrationId!)) }),
    },
    {
      method: 'PUT',
      template: '/api/v2/integrations/{integrationId}/config/current',
      permissions: ['integrations:integration:edit'],
      handle: ({ params, body }) => {
        const integration = find(params.integrationId!);
        const input = parseBody(configSchema, body);
        if (input.version !== integration.config.version) {
          throw conflict(
            `The configuration has changed: version ${input.version} was sent, the current version is ${integration.config.version}. Read it again and retry.`,
            integration.id,
          );
        }
        const properties = input.properties ?? {};
        checkProperties(typeOf(integration), properties);
        const updated: StoredIntegration = {
          ...integration,
          name: input.name,
          config: {
            name: input.name,
            version: integration.config.version + 1,
            properties,
            advanced: input.advanced ?? {},
            notes: input.notes ?? '',
            credentials: input.credentials ?? {},
          },
          dateModified: store.now(),
        };
        store.integrations.set(updated.id, updated);
        return { status: 200, body: renderConfig(updated) };
      },
    },
  ];
}
