import { describe, expect, it } from 'vitest';
import { lifecycleMessage, parseSdkMessage, SDK_PROTOCOL, widgetUrl } from './host-protocol.js';

const envelope = { protocol: SDK_PROTOCOL, protocolAgentName: 'purecloud-client-app-sdk', protocolAgentVersion: '2.6.10' };

describe('desktop host protocol', () => {
  it('when the harness opens an interaction, then the widget URL carries the interaction-widget tokens', () => {
    const url = new URL(widgetUrl({ widgetOrigin: 'http://127.0.0.1:3000', widgetClientId: 'cid' }, 'http://localhost:3000', 'conv-1', {
      langTag: 'de-de', usePopupAuth: false, theme: null,
    }));
    expect(url.origin + url.pathname).toBe('http://127.0.0.1:3000/widget');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      gcConversationId: 'conv-1', gcHostOrigin: 'http://localhost:3000', gcTargetEnv: 'prod', gcLangTag: 'de-de',
      gcUsePopupAuth: 'false', clientId: 'cid',
    });
  });

  it('when a lifecycle hook is sent, then it has the shape the SDK listens for', () => {
    expect(lifecycleMessage('focus')).toEqual({ purecloudEventType: 'appLifecycleHook', hook: 'focus' });
  });

  it('when the SDK sends a toast, then its title, message, type and timeout are read (default 7 s)', () => {
    expect(parseSdkMessage({ ...envelope, action: 'showToast', title: 'T', message: 'M', type: 'success' })).toEqual({
      kind: 'toast', title: 'T', message: 'M', type: 'success', timeoutSeconds: 7, id: null,
    });
    expect(parseSdkMessage({ ...envelope, action: 'showToast', title: 'E', message: '', type: 'error', timeout: 0 })).toMatchObject({ timeoutSeconds: 0 });
  });

  it('when the SDK asks to navigate or answers a hook, then the request is classified with its details', () => {
    expect(parseSdkMessage({ ...envelope, action: 'showExternalContactProfile', contactId: 'c1' })).toEqual({
      kind: 'navigation', action: 'showExternalContactProfile', details: { contactId: 'c1' },
    });
    expect(parseSdkMessage({ ...envelope, action: 'bootstrapped' })).toEqual({ kind: 'lifecycle', action: 'bootstrapped' });
    expect(parseSdkMessage({ ...envelope, action: 'setAttentionCount', count: 2 })).toEqual({ kind: 'other', action: 'setAttentionCount', details: { count: 2 } });
  });

  it('when a message is not from the Client App SDK, then it is ignored', () => {
    expect(parseSdkMessage({ action: 'showToast' })).toBeNull();
    expect(parseSdkMessage([envelope])).toBeNull();
    expect(parseSdkMessage('showToast')).toBeNull();
    expect(parseSdkMessage({ purecloudEventType: 'appLifecycleHook', hook: 'focus' })).toBeNull();
  });
});
