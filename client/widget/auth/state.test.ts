import { describe, expect, it } from 'vitest';
import { decodeState, encodeState } from './state.js';

describe('OAuth state', () => {
  it('when the context holds any characters, then it survives the round trip in URL-safe form', () => {
    const state = { nonce: 'n'.repeat(43), query: 'gcConversationId=abc&gcLangTag=fr-ca&x=été ✓ {{}}', popup: true };
    const encoded = encodeState(state);
    expect(encoded).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeState(encoded)).toEqual(state);
  });

  it('when the value was not written by the widget, then it decodes to null', () => {
    expect(decodeState(null)).toBeNull();
    expect(decodeState('not base64!')).toBeNull();
    expect(decodeState(encodeState({ nonce: 'short', query: '', popup: false }))).toBeNull();
    expect(decodeState(Buffer.from('{"n":1}').toString('base64url'))).toBeNull();
  });
});
