import { describe, expect, it } from 'vitest';
import { drawMailbox, mailboxOf } from '../../emulator/src/generator/emails.js';
import { createRandom } from '../../emulator/src/generator/index.js';
import { customerSession, customerSide, generate, groupSets, kindOf, mailbox } from './helpers.js';

describe('generated mailboxes', () => {
  it('when an address is a Gmail dot, plus-tag or googlemail variant, then it is the same mailbox', () => {
    expect(mailboxOf('Jane.Doe+shop@GoogleMail.com')).toBe('janedoe@gmail.com');
    expect(mailboxOf('j.a.n.e.doe@gmail.com')).toBe('janedoe@gmail.com');
    expect(mailboxOf('jane.doe+x@example.com')).toBe('jane.doe@example.com');
  });

  it('when many namesakes draw Gmail addresses, then no two of them share a mailbox once dots are ignored', () => {
    const random = createRandom('mailboxes');
    const taken = new Set<string>();
    const drawn = Array.from({ length: 400 }, () => drawMailbox(random, 'Jane', 'Doe', 'gmail.com', taken));
    expect(new Set(drawn).size).toBe(drawn.length);
    expect(new Set(drawn.map(mailboxOf)).size).toBe(drawn.length);
  });

  it('when customers email the org, then each Gmail mailbox (dots ignored) belongs to one customer only', () => {
    const dataset = generate({ customers: 1500, sameNameRate: 0.3, typoRate: 0, seed: 'gmail-namesakes' });
    const emails = dataset.conversations.filter((c) => kindOf(c) === 'email');
    const owners = groupSets(emails.map((c) => {
      const session = customerSession(c)!;
      const address = (session.direction === 'outbound' ? session.addressTo : session.addressFrom)!;
      return [mailbox(address), dataset.truth[c.conversationId]!] as const;
    }));
    const gmail = [...owners.keys()].filter((key) => key.endsWith('@gmail.com'));
    expect(gmail.length).toBeGreaterThan(100);
    for (const key of gmail) expect([...owners.get(key)!], key).toHaveLength(1);
    expect(emails.every((c) => customerSide(c) !== undefined)).toBe(true);
  });
});
