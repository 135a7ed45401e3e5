import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_IDS, type Dataset } from '../../emulator/src/index.js';
import { AUTH_REALM } from '../../server/src/http/index.js';
import { loadDemoDataset, startTestEmulator, type TestEmulator } from '../support/emulator.js';
import { idempotencyKey, startTestServer, type TestServer } from '../support/server.js';

/** A second public (PKCE) client of the same org: not the tenant's widget client. */
const OTHER_CLIENT = 'b0a1c2d3-0000-4000-8000-00000000c0de';
/** The org served by the second emulator: valid tokens, but no tenant of ours. */
const UNREGISTERED_ORG = 'b0a1c2d3-0000-4000-8000-0000000000aa';

const { conversations: C } = DEMO_IDS;
let server: TestServer;
let otherOrg: TestEmulator;

function withOtherClient(dataset: Dataset): Dataset {
  return {
    ...dataset,
    oauthClients: [
      ...dataset.oauthClients,
      { id: OTHER_CLIENT, name: 'Some other app', authorizedGrantType: 'CODE', roleIds: [], registeredRedirectUri: ['http://localhost:9/cb'] },
    ],
  };
}

beforeAll(async () => {
  const demo = await loadDemoDataset();
  const emulator = await startTestEmulator({ dataset: withOtherClient(demo), manualClock: true });
  server = await startTestServer({ emulator, webhook: null });
  otherOrg = await startTestEmulator({ dataset: { ...demo, org: { ...demo.org, id: UNREGISTERED_ORG } } });
  // A tenant whose Genesys API is the second emulator, so its tokens are checked there.
  await server.service.tenants.register({
    orgId: 'b0a1c2d3-0000-4000-8000-0000000000bb',
    name: 'Registered elsewhere',
    apiBaseUrl: otherOrg.url,
    backendClientId: DEMO_IDS.clients.backend.id,
    backendClientSecret: DEMO_IDS.clients.backend.secret,
    widgetClientId: DEMO_IDS.clients.widget.id,
  });
});

afterAll(async () => {
  await server.close();
  await server.emulator.close();
  await otherOrg.close();
});

const candidates = (token?: string, conversationId: string = C.janeCall) =>
  server.request(`/api/v1/candidates?conversationId=${conversationId}`, token === undefined ? {} : { token });

async function errorOf(response: Response) {
  return ((await response.json()) as { error: { code: string; message: string; details?: Record<string, unknown> } }).error;
}

describe('who may call the API', () => {
  it('when no token is sent, then 401 with a bare Bearer challenge', async () => {
    const response = await candidates();
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe(`Bearer realm="${AUTH_REALM}"`);
    expect((await errorOf(response)).details).toEqual({ reason: 'missing_token' });
  });

  it('when the token has expired, then 401 invalid_token', async () => {
    const token = server.token('mergeAgent');
    server.emulator.manualClock!.advance(86_401_000);
    const response = await candidates(token);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer realm="interaction-merger", error="invalid_token"/);
  });

  it('when the token belongs to an org that is not a tenant, then 403 tenant_not_registered', async () => {
    const token = otherOrg.userToken('mergeAgent', DEMO_IDS.clients.widget.id);
    const response = await candidates(token);
    expect(response.status).toBe(403);
    expect((await errorOf(response)).code).toBe('tenant_not_registered');
  });

  it("when the token was issued to another OAuth client of the org, then 401 invalid_token", async () => {
    const response = await candidates(server.token('mergeAgent', OTHER_CLIENT));
    expect(response.status).toBe(401);
    expect((await errorOf(response)).message).toMatch(/widget client/);
  });

  it('when the agent lacks the app permission, then 403 names it (and what the route needs besides)', async () => {
    const token = server.token('plainAgent');
    const context = await server.request(`/api/v1/context?conversationId=${C.janeCall}`, { token });
    expect(context.status).toBe(403);
    expect((await errorOf(context)).details).toMatchObject({ missing: [DEMO_IDS.permissions.view] });
    const list = await candidates(token);
    expect((await errorOf(list)).details).toMatchObject({
      missing: [DEMO_IDS.permissions.view, 'analytics:conversationDetail:view or analytics:agentConversationDetail:view'],
    });
  });

  it('when the agent may see candidates but not merge, then candidates work and the merge is 403 naming what is missing', async () => {
    const token = server.token('viewAgent');
    // Val's analytics permission shows her only the conversations she handled, janeEmail among them.
    expect((await candidates(token, C.janeEmail)).status).toBe(200);
    const merge = await server.request('/api/v1/merges', {
      token,
      headers: { 'idempotency-key': idempotencyKey() },
      body: { conversationIds: [C.janeActiveCall, C.janeWebMessage], planHash: 'a'.repeat(64) },
    });
    expect(merge.status).toBe(403);
    expect((await errorOf(merge)).details).toMatchObject({
      missing: ['externalContacts:identity:merge', 'externalContacts:conversation:associate or relate:conversation:associate'],
    });
  });

  it('when a conversation is outside what the agent may see, then 403 names it', async () => {
    const response = await candidates(server.token('viewAgent'), C.emmaCall);
    expect(response.status).toBe(403);
    const error = await errorOf(response);
    expect(error.code).toBe('conversation_not_visible');
    expect(error.details).toMatchObject({ conversationIds: [C.emmaCall] });
  });

  it('when a preview names a conversation the agent cannot see, then 403 and the visible ones do not matter', async () => {
    const response = await server.request('/api/v1/merges/preview', {
      token: server.token('viewAgent'),
      body: { conversationIds: [C.emmaWhatsApp, C.janeEmail] },
    });
    expect(response.status).toBe(403);
    expect((await errorOf(response)).details).toMatchObject({ conversationIds: [C.emmaWhatsApp] });
  });

  it('when an agent without the admin permission calls an admin route, then 403 names it', async () => {
    const response = await server.request('/api/v1/admin/tenant/settings', { token: server.token('mergeAgent') });
    expect(response.status).toBe(403);
    expect((await errorOf(response)).details).toMatchObject({ missing: [DEMO_IDS.permissions.admin] });
  });

  it('when the agent holds every permission, then the context says they can merge', async () => {
    const response = await server.request(`/api/v1/context?conversationId=${C.janeActiveCall}`, { token: server.token('mergeAgent') });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { permissions: unknown }).permissions).toEqual({ canMerge: true, missing: [] });
  });
});
