/**
 * `manifest/app.json` against `manifest/schema.json` and against the product it installs: the
 * backend role DESIGN.md names, the widget URL the widget reads, the permissions the provisioning
 * calls need.
 */
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { DEMO_IDS, loadDataset, demoDatasetPath } from '../../emulator/src/index.js';
import { CONTEXT_PARAMS } from '../../client/widget/context/url-context.js';
import {
  defaultManifestPath, loadManifest, ManifestError, manifestSchemaPath, renderDesired, validateManifest, type Manifest,
} from '../../manifest/src/index.js';

const manifestJson = () => JSON.parse(readFileSync(defaultManifestPath, 'utf8')) as Manifest;

function refusal(mutate: (m: Manifest & Record<string, unknown>) => void): ManifestError {
  const json = manifestJson() as Manifest & Record<string, unknown>;
  mutate(json);
  try {
    validateManifest(json);
  } catch (error) {
    if (error instanceof ManifestError) return error;
    throw error;
  }
  throw new Error('expected the manifest to be refused');
}

describe('the shipped manifest', () => {
  it('when app.json is checked against schema.json with a plain JSON Schema validator, then it is valid', () => {
    const ajv = new Ajv({ allErrors: true, strict: true });
    const validate = ajv.compile(JSON.parse(readFileSync(manifestSchemaPath, 'utf8')) as object);
    expect(validate(manifestJson()), JSON.stringify(validate.errors)).toBe(true);
  });

  it('when it is loaded, then its description fits the 75 characters of a premium app and its icons are SVG', async () => {
    const loaded = await loadManifest();
    expect(loaded.manifest.app.description.length).toBeLessThanOrEqual(75);
    expect(Buffer.from(loaded.widgetIcons.vector.split(',')[1]!, 'base64').toString('utf8')).toMatch(/^<svg[\s>]/);
    expect(loaded.widgetIcons.monochrome).toMatch(/^data:image\/svg\+xml;base64,/);
  });

  it('when the backend role is compared with the demo org, then it grants exactly what DESIGN.md gives the backend', async () => {
    const dataset = await loadDataset(demoDatasetPath);
    const backendRole = dataset.roles.find((r) => r.id === DEMO_IDS.roles.backend)!;
    expect(manifestJson().role.permissions.map((p) => p.permission).sort()).toEqual([...backendRole.permissions].sort());
  });

  it('when the premium app is described, then it names the two app permissions and a premium-app type the demo org has', async () => {
    const manifest = manifestJson();
    expect(manifest.premiumApp.permissions.map((p) => p.permission)).toEqual([DEMO_IDS.permissions.view, DEMO_IDS.permissions.admin]);
    expect(manifest.premiumApp.integrationTypeId).toBe(DEMO_IDS.integrationTypes.premium);
    expect(manifest.requiredProducts.map((p) => p.id)).toEqual([DEMO_IDS.products.premium]);
    expect(manifest.installer.clientId).toBe(DEMO_IDS.clients.installer.id);
  });

  it('when the widget URL is rendered for a backend, then it is the widget page with every context parameter the widget reads', async () => {
    const desired = renderDesired(await loadManifest(), 'https://merger.example.com');
    const properties = desired.widget.properties('client-123', new Set(['url', 'sandbox', 'permissions', 'communicationTypeFilter', 'groups', 'queueIdFilterList']));
    const url = new URL(String(properties.url));
    expect(url.origin + url.pathname).toBe('https://merger.example.com/widget');
    for (const param of CONTEXT_PARAMS.filter((p) => p !== 'theme' && p !== 'clientId')) expect(url.searchParams.get(param)).toBe(`{{${param}}}`);
    expect(url.searchParams.get('clientId')).toBe('client-123');
    // The widget's own page, and the installer's loopback URI (the backend takes only widget-client tokens).
    expect(desired.widgetClient.registeredRedirectUri).toEqual(['https://merger.example.com/widget', 'http://127.0.0.1:17863/callback']);
    expect(properties.sandbox).toBe('allow-forms,allow-modals,allow-popups,allow-same-origin,allow-scripts');
    expect(properties).toMatchObject({ permissions: '', communicationTypeFilter: '', groups: [], queueIdFilterList: [] });
    expect(desired.widget.advanced.lifecycle).toEqual({ ephemeral: false, hooks: { bootstrap: true, focus: true, blur: false, stop: true } });
  });

  it('when the widget type does not accept iframe settings, then sandbox and permissions are left out', async () => {
    const desired = renderDesired(await loadManifest(), 'https://merger.example.com');
    expect(Object.keys(desired.widget.properties('c', new Set(['url', 'groups'])))).toEqual(['url', 'groups']);
  });

  it('when every permission and scope is listed, then each carries its reason', () => {
    const manifest = manifestJson();
    const reasoned = [...manifest.role.permissions, ...manifest.premiumApp.permissions, ...manifest.installer.permissions, ...manifest.oauthClients.widget.scopes];
    for (const entry of reasoned) expect(entry.reason.length).toBeGreaterThan(20);
  });
});

describe('a manifest that breaks the schema', () => {
  it('when the description is longer than 75 characters, then it is refused naming /app/description', () => {
    expect(refusal((m) => { m.app.description = 'x'.repeat(76); }).path).toBe('/app/description');
  });

  it('when the widget URL lacks a context token, then it is refused naming /widget/url', () => {
    expect(refusal((m) => { m.widget.url = m.widget.url.replace('&gcLangTag={{gcLangTag}}', ''); }).path).toBe('/widget/url');
  });

  it('when a field is not a manifest field, then it is refused naming it', () => {
    expect(refusal((m) => { (m.widget as unknown as Record<string, unknown>).colour = 'blue'; }).path).toBe('/widget/colour');
  });

  it('when a required field is missing, then it is refused naming it', () => {
    expect(refusal((m) => { delete (m.role as Partial<Manifest['role']>).description; }).path).toBe('/role/description');
  });

  it('when a premium permission is not an integration permission, then it is refused naming it', () => {
    expect(refusal((m) => { m.premiumApp.permissions[0]!.permission = 'analytics:conversationDetail:view'; }).path).toBe('/premiumApp/permissions/0/permission');
  });

  it('when the role lists a permission twice, then it is refused naming the duplicate', () => {
    expect(refusal((m) => { m.role.permissions.push({ ...m.role.permissions[0]! }); }).path).toBe(`/role/permissions/${manifestJson().role.permissions.length}/permission`);
  });

  it('when the widget asks for an unknown sandbox keyword, then it is refused naming its index', () => {
    expect(refusal((m) => { m.widget.sandbox.push('allow-everything'); }).path).toBe(`/widget/sandbox/${manifestJson().widget.sandbox.length}`);
  });
});
