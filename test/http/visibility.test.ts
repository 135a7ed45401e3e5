/**
 * What an agent is offered follows what Genesys lets them see: candidates and search leave out
 * the conversations their own token cannot read in analytics, over HTTP against the emulator.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_IDS, type Dataset } from '../../emulator/src/index.js';
import { loadDemoDataset, startTestEmulator } from '../support/emulator.js';
import { startTestServer, type TestServer } from '../support/server.js';

const C = DEMO_IDS.conversations;

interface Listed {
  candidates: Array<{ conversationId: string; selected: boolean; score: number }>;
}

/**
 * The demo org, but Val Viewer (not Alex) handled Jane's first call: she sees it, not Jane's other
 * ones; and Pat Plain's role may use the app, still without any analytics permission.
 */
function valHandledJaneCall(dataset: Dataset): Dataset {
  return {
    ...dataset,
    roles: dataset.roles.map((role) =>
      role.name === 'Agent' ? { ...role, permissions: [...role.permissions, DEMO_IDS.permissions.view] } : role,
    ),
    conversations: dataset.conversations.map((conversation) =>
      conversation.conversationId !== C.janeCall
        ? conversation
        : {
            ...conversation,
            participants: conversation.participants.map((participant) =>
              participant.userId === DEMO_IDS.users.mergeAgent
                ? { ...participant, userId: DEMO_IDS.users.viewAgent, participantName: 'Val Viewer' }
                : participant,
            ),
          },
    ),
  };
}

let server: TestServer;

beforeAll(async () => {
  const emulator = await startTestEmulator({ dataset: valHandledJaneCall(await loadDemoDataset()) });
  server = await startTestServer({ emulator, webhook: null });
});

afterAll(async () => {
  await server.close();
  await server.emulator.close();
});

async function listed(path: string, user: 'mergeAgent' | 'viewAgent'): Promise<Listed['candidates']> {
  const response = await server.request(path, { token: server.token(user) });
  expect(response.status).toBe(200);
  return ((await response.json()) as Listed).candidates;
}

const ids = (candidates: Listed['candidates']) => candidates.map((c) => c.conversationId);

describe('what an agent is offered follows what they may see', () => {
  it('when an agent who sees only her own conversations asks for candidates, then the ones she cannot see are left out and the rest are as for everyone', async () => {
    const path = `/api/v1/candidates?conversationId=${C.janeEmail}`;
    const everyone = await listed(path, 'mergeAgent');
    // The suggestions themselves hold Jane's other conversations, visible or not to Val.
    expect(ids(everyone)).toEqual(expect.arrayContaining([C.janeCall, C.janeWebMessage, C.janeActiveCall]));
    const val = await listed(path, 'viewAgent');
    expect(val).toEqual(everyone.filter((c) => c.conversationId === C.janeCall));
  });

  it('when her candidates are listed, then the auto-selection remembered for the dedup feedback is the one she was shown', async () => {
    await listed(`/api/v1/candidates?conversationId=${C.janeEmail}`, 'viewAgent');
    const shown = await server.service.store.feedback.shown({
      tenantId: DEMO_IDS.orgId,
      userId: DEMO_IDS.users.viewAgent,
      anchorConversationId: C.janeEmail,
      now: server.service.clock.now(),
    });
    expect(shown?.conversationIds).toEqual([C.janeCall]);
  });

  it('when she searches, then a conversation she cannot see is not found, and one she can is', async () => {
    const search = (q: string, user: 'mergeAgent' | 'viewAgent') =>
      listed(`/api/v1/candidates/search?conversationId=${C.janeEmail}&q=${encodeURIComponent(q)}`, user);
    expect(ids(await search(C.janeWebMessage, 'mergeAgent'))).toEqual([C.janeWebMessage]);
    expect(await search(C.janeWebMessage, 'viewAgent')).toEqual([]);
    expect(ids(await search(C.janeCall, 'viewAgent'))).toEqual([C.janeCall]);
    // By the phone number: both of Jane's calls match; only the one she handled is offered.
    expect(ids(await search('+1 617 555 0142', 'mergeAgent'))).toEqual(expect.arrayContaining([C.janeCall, C.janeActiveCall]));
    expect(ids(await search('+1 617 555 0142', 'viewAgent'))).toEqual([C.janeCall]);
  });

  it('when she names a conversation she cannot see, then it is still 403 conversation_not_visible', async () => {
    const response = await server.request('/api/v1/merges/preview', {
      token: server.token('viewAgent'),
      body: { conversationIds: [C.janeEmail, C.janeWebMessage] },
    });
    expect(response.status).toBe(403);
    const { error } = (await response.json()) as { error: { code: string; details: unknown } };
    expect(error).toMatchObject({ code: 'conversation_not_visible', details: { conversationIds: [C.janeWebMessage], missing: [] } });
  });

  it('when an agent whose role holds no analytics permission opens an interaction, then 403 names the permission and Genesys is not asked', async () => {
    server.emulator.emulator.clearRequestCounts();
    const response = await server.request(`/api/v1/context?conversationId=${C.janeActiveCall}`, { token: server.token('plainAgent') });
    expect(response.status).toBe(403);
    const { error } = (await response.json()) as { error: { code: string; details: unknown } };
    expect(error).toMatchObject({
      code: 'forbidden',
      details: { missing: ['analytics:conversationDetail:view or analytics:agentConversationDetail:view'] },
    });
    expect(server.emulator.emulator.requestCounts().byEndpoint['GET /api/v2/analytics/conversations/details'] ?? 0).toBe(0);
  });
});
