import { describe, expect, it } from 'vitest';
import { parseWidgetContext, suggestedQuery } from './url-context.js';

const valid = {
  gcConversationId: 'c0000000-0000-4000-8000-000000000001',
  gcHostOrigin: 'https://apps.mypurecloud.ie',
  gcTargetEnv: 'prod-euw1',
  gcLangTag: 'fr-CA',
  gcUsePopupAuth: 'true',
  clientId: 'client-1',
};
const query = (params: Record<string, string>) => new URLSearchParams(params).toString();

describe('parseWidgetContext', () => {
  it('when every token is filled in inside a frame, then the context is ready with normalised values', () => {
    const result = parseWidgetContext(`?${query({ ...valid, theme: 'dark' })}`, true);
    expect(result).toEqual({
      kind: 'ready',
      query: query({ ...valid, theme: 'dark' }),
      context: {
        conversationId: valid.gcConversationId,
        hostOrigin: 'https://apps.mypurecloud.ie',
        targetEnv: 'prod-euw1',
        langTag: 'fr-ca',
        usePopupAuth: true,
        clientId: 'client-1',
        theme: 'dark',
      },
    });
  });

  it('when the page is the top window, then it is misconfigured as outside Genesys even with valid tokens', () => {
    const result = parseWidgetContext(query(valid), false);
    expect(result).toMatchObject({ kind: 'misconfigured', outsideGenesys: true, problems: [] });
  });

  it('when tokens are missing or left as {{…}}, then each is named with its issue', () => {
    const { gcHostOrigin: _omit, ...rest } = valid;
    const result = parseWidgetContext(query({ ...rest, gcConversationId: '{{pcConversationID}}' }), true);
    expect(result).toMatchObject({
      kind: 'misconfigured',
      outsideGenesys: false,
      problems: [
        { param: 'gcConversationId', issue: 'uninterpolated' },
        { param: 'gcHostOrigin', issue: 'missing' },
      ],
    });
  });

  it('when gcHostOrigin is plain http on a non-loopback host, then it is invalid; on localhost it is accepted', () => {
    expect(parseWidgetContext(query({ ...valid, gcHostOrigin: 'http://apps.mypurecloud.ie' }), true)).toMatchObject({
      problems: [{ param: 'gcHostOrigin', issue: 'invalid' }],
    });
    expect(parseWidgetContext(query({ ...valid, gcHostOrigin: 'http://localhost:3000' }), true)).toMatchObject({
      kind: 'ready',
      context: { hostOrigin: 'http://localhost:3000' },
    });
  });

  it('when optional tokens are uninterpolated, then they fall back to English, redirect sign-in and the system theme', () => {
    const result = parseWidgetContext(query({ ...valid, gcLangTag: '{{gcLangTag}}', gcUsePopupAuth: '{{gcUsePopupAuth}}', theme: 'sepia' }), true);
    expect(result).toMatchObject({ kind: 'ready', context: { langTag: 'en-us', usePopupAuth: false, theme: null } });
  });

  it('when the clientId is valid but other tokens are not, then the suggested query keeps the clientId', () => {
    const result = parseWidgetContext(query({ clientId: 'client-1' }), true);
    expect(result.kind === 'misconfigured' && result.suggestedQuery).toBe(suggestedQuery('client-1'));
    expect(suggestedQuery(null)).toContain('clientId=<widget OAuth client id>');
    expect(suggestedQuery('x')).toBe(
      'gcConversationId={{gcConversationId}}&gcHostOrigin={{gcHostOrigin}}&gcTargetEnv={{gcTargetEnv}}&gcLangTag={{gcLangTag}}&gcUsePopupAuth={{gcUsePopupAuth}}&clientId=x',
    );
  });
});
