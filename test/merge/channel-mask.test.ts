import { describe, expect, it } from 'vitest';
import {
  channelOf, fromAssociationMediaType, maskEmail, maskIdentifier, maskMessagingId, maskName, maskPhone, toAssociationMediaType,
} from '../../server/src/merge/index.js';

describe('channels', () => {
  it.each([
    ['voice', undefined, 'voice'],
    ['callback', undefined, 'voice'],
    ['chat', undefined, 'chat'],
    ['email', undefined, 'email'],
    ['message', 'webmessaging', 'webmessaging'],
    ['message', 'sms', 'sms'],
    ['message', 'whatsapp', 'whatsapp'],
    ['message', 'facebook', 'messaging'],
    ['message', undefined, 'messaging'],
    ['MESSAGE', 'SMS', 'sms'],
    ['video', undefined, 'messaging'],
  ] as const)('when the media type is %s and the message type %s, then the channel is %s', (media, message, channel) => {
    expect(channelOf(media, message)).toBe(channel);
  });

  it('when an analytics media type is associated, then it takes the association endpoint\'s upper-case name and back', () => {
    expect(toAssociationMediaType('voice')).toBe('CALL');
    expect(toAssociationMediaType('message')).toBe('MESSAGE');
    expect(toAssociationMediaType('email')).toBe('EMAIL');
    expect(toAssociationMediaType('unknown')).toBeNull();
    expect(fromAssociationMediaType('CALL')).toBe('voice');
    expect(fromAssociationMediaType('SOCIAL_EXPRESSION')).toBeNull();
  });
});

describe('display masks', () => {
  it('when identifiers are shown in an agent list, then only a hint of each is visible', () => {
    expect(maskPhone('+15551234567')).toBe('•••• 4567');
    expect(maskEmail('jane.doe@example.com')).toBe('j•••@example.com');
    expect(maskMessagingId('facebook:1234567890')).toBe('facebook ••••7890');
    expect(maskMessagingId('line:abc')).toBe('line ••••');
    expect(maskName('jane doe')).toBe('J. D.');
    expect(maskIdentifier('phone', '+447700900123')).toBe('•••• 0123');
    expect(maskIdentifier('externalContactId', 'c-1')).toBe('c-1');
  });

  it('when a mask is made, then it never contains the full identifier', () => {
    for (const [mask, value] of [[maskPhone('+15551234567'), '5551234567'], [maskEmail('jane@example.com'), 'jane'], [maskMessagingId('cookie:abcdef123'), 'abcdef']]) {
      expect(mask).not.toContain(value);
    }
  });
});
