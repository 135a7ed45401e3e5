import { describe, expect, it } from 'vitest';
import { callerIdOwnership, callerIdSubscriber } from '../../server/src/engine/caller-id.js';
import { createNormalizer } from '../../server/src/merge/index.js';

const normalizer = createNormalizer({ defaultCountry: 'US', emailRules: { stripPlusTags: true, ignoreDotsDomains: [] } });

describe('caller-ID names as ownership facts', () => {
  it('when the caller ID is a placeholder or a rate centre, then it names no subscriber', () => {
    for (const name of ['WIRELESS CALLER', 'UNKNOWN', 'CHICAGO IL', 'SAN ANTONIO TX', undefined, '  ']) {
      expect(callerIdSubscriber(name, normalizer)).toBeNull();
    }
  });

  it('when the caller ID names a person or a company, then that is the subscriber; a full-length name loses its cut word', () => {
    expect(callerIdSubscriber('KING JOHN', normalizer)).toBe('KING JOHN');
    expect(callerIdSubscriber('SUMMIT HEALTH', normalizer)).toBe('SUMMIT HEALTH');
    expect(callerIdSubscriber('RODRIGUEZ CHRIS', normalizer)).toBe('RODRIGUEZ');
  });

  it('when inbound calls from a number show a subscriber, then the number\'s facts name them; outbound calls and messages add nothing', () => {
    const session = (mediaType: string, direction: string, ani?: string, addressFrom?: string) => ({ mediaType, direction, ani, addressFrom, dnis: 'tel:+18005550100', segments: [] });
    const facts = callerIdOwnership([
      { conversationId: 'a', participants: [{ purpose: 'customer', participantName: 'GREEN ROBERT', sessions: [session('voice', 'inbound', 'tel:+15415550199')] }] },
      { conversationId: 'b', participants: [{ purpose: 'customer', participantName: 'Robert', sessions: [session('message', 'inbound', undefined, '+15415550100')] }] },
      { conversationId: 'c', participants: [{ purpose: 'external', participantName: 'GREEN MARY', sessions: [session('voice', 'outbound', 'tel:+18005550100')] }] },
    ], normalizer);
    expect([...facts]).toEqual([['phone:+15415550199', { contactIds: [], names: ['GREEN ROBERT'] }]]);
  });
});
