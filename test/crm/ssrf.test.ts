import { describe, expect, it } from 'vitest';
import { assertWebhookUrlAllowed, classifyAddress } from '../../server/src/crm/index.js';
import type { AddressCategory, Resolve, WebhookUrlPolicy } from '../../server/src/crm/index.js';

const resolvesTo = (...addresses: string[]): Resolve => async () =>
  addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

async function refusal(url: string, policy: WebhookUrlPolicy): Promise<Record<string, unknown> | null> {
  try {
    await assertWebhookUrlAllowed(url, policy);
    return null;
  } catch (error) {
    return { code: (error as { code: string }).code, status: (error as { status: number }).status, ...(error as { details: Record<string, unknown> }).details };
  }
}

const REFUSED: Array<[string, AddressCategory]> = [
  ['127.0.0.1', 'loopback'],
  ['127.255.0.9', 'loopback'],
  ['::1', 'loopback'],
  ['10.1.2.3', 'private'],
  ['172.16.0.1', 'private'],
  ['172.31.255.255', 'private'],
  ['192.168.1.10', 'private'],
  ['fec0::1', 'private'],
  ['169.254.10.20', 'link_local'],
  ['fe80::1', 'link_local'],
  ['fe80::1%eth0', 'link_local'],
  ['100.64.0.1', 'cgnat'],
  ['100.127.255.254', 'cgnat'],
  ['fc00::1', 'unique_local'],
  ['fd12:3456:789a::1', 'unique_local'],
  ['169.254.169.254', 'metadata'],
  ['169.254.170.2', 'metadata'],
  ['100.100.100.200', 'metadata'],
  ['192.0.0.192', 'metadata'],
  ['fd00:ec2::254', 'metadata'],
  ['0.0.0.0', 'unspecified'],
  ['0.1.2.3', 'unspecified'],
  ['::', 'unspecified'],
  ['224.0.0.1', 'multicast'],
  ['239.255.255.250', 'multicast'],
  ['ff02::1', 'multicast'],
  ['255.255.255.255', 'broadcast'],
  ['240.0.0.1', 'reserved'],
  ['192.0.2.1', 'documentation'],
  ['198.51.100.7', 'documentation'],
  ['203.0.113.9', 'documentation'],
  ['2001:db8::1', 'documentation'],
  ['198.18.0.1', 'benchmarking'],
  ['::ffff:127.0.0.1', 'loopback'],
  ['::ffff:7f00:1', 'loopback'],
  ['::ffff:169.254.169.254', 'metadata'],
  ['::ffff:10.0.0.1', 'private'],
  ['::ffff:8.8.8.8', 'ipv4_mapped'],
  ['::127.0.0.1', 'loopback'],
  ['64:ff9b::a00:1', 'ipv4_translated'],
  ['2002:c0a8:101::1', 'ipv4_translated'],
  ['2001:0:4136:e378::1', 'ipv4_translated'],
  ['100::1', 'reserved'],
  ['4000::1', 'reserved'],
];

describe('classifyAddress', () => {
  it('when addresses are special-purpose, then each gets its category; public unicast is public', () => {
    for (const [address, category] of REFUSED) expect([address, classifyAddress(address)]).toEqual([address, category]);
    for (const address of ['8.8.8.8', '1.1.1.1', '172.32.0.1', '100.128.0.1', '2606:4700:4700::1111', '2a00:1450:4001::200e']) {
      expect([address, classifyAddress(address)]).toEqual([address, 'public']);
    }
  });
});

describe('assertWebhookUrlAllowed', () => {
  it('when a name resolves to any special-purpose address, then the URL is refused with the category and the url field', async () => {
    for (const [address, category] of REFUSED) {
      const result = await refusal('https://crm.example.com/hooks', { resolve: resolvesTo(address) });
      expect([address, result]).toEqual([address, expect.objectContaining({ code: 'webhook_url_refused', status: 400, field: 'url', reason: 'address', category })]);
    }
  });

  it('when one of several answers is private, then the URL is refused (no round-robin rebinding)', async () => {
    expect(await refusal('https://crm.example.com/', { resolve: resolvesTo('8.8.8.8', '10.0.0.5') })).toMatchObject({ category: 'private' });
  });

  it('when the URL names an IP literal in any spelling, then it is checked without resolving', async () => {
    const noDns: Resolve = async () => {
      throw new Error('must not resolve');
    };
    for (const url of ['https://127.0.0.1/', 'https://2130706433/', 'https://0x7f.1/', 'https://017700000001/', 'https://[::1]/', 'https://[::ffff:127.0.0.1]/', 'https://169.254.169.254/latest/meta-data']) {
      expect([url, await refusal(url, { resolve: noDns })]).toEqual([url, expect.objectContaining({ reason: 'address' })]);
    }
    await expect(assertWebhookUrlAllowed('https://8.8.8.8/hook', { resolve: noDns })).resolves.toMatchObject({ addresses: [{ address: '8.8.8.8', family: 4 }] });
  });

  it('when configuration allows loopback or private destinations, then only those categories are lifted, never metadata', async () => {
    const loopback = { allowLoopback: true, resolve: resolvesTo('127.0.0.1') };
    await expect(assertWebhookUrlAllowed('http://receiver.local:8080/crm', loopback)).resolves.toMatchObject({
      url: new URL('http://receiver.local:8080/crm'),
      addresses: [{ address: '127.0.0.1', family: 4 }],
    });
    expect(await refusal('https://crm.example.com/', { allowLoopback: true, resolve: resolvesTo('10.0.0.1') })).toMatchObject({ category: 'private' });
    await expect(assertWebhookUrlAllowed('https://crm.internal/', { allowPrivate: true, resolve: resolvesTo('10.0.0.1', 'fd00::5') })).resolves.toBeTruthy();
    expect(await refusal('https://crm.internal/', { allowPrivate: true, resolve: resolvesTo('127.0.0.1') })).toMatchObject({ category: 'loopback' });
    const everything = { allowPrivate: true, allowLoopback: true };
    for (const address of ['169.254.169.254', 'fd00:ec2::254', '224.0.0.1', '0.0.0.0']) {
      expect(await refusal('https://crm.example.com/', { ...everything, resolve: resolvesTo(address) })).toMatchObject({ reason: 'address' });
    }
  });

  it('when the URL is not https to a public host, has credentials, another scheme or a metadata name, then it is refused with the reason', async () => {
    const publicDns = { resolve: resolvesTo('93.184.216.34') };
    const table: Array<[string, WebhookUrlPolicy, string]> = [
      ['http://crm.example.com/hooks', publicDns, 'insecure_http'],
      ['http://crm.example.com/hooks', { ...publicDns, allowLoopback: true, allowPrivate: true }, 'insecure_http'],
      ['https://user:pass@crm.example.com/', publicDns, 'credentials'],
      ['ftp://crm.example.com/', publicDns, 'scheme'],
      ['file:///etc/passwd', publicDns, 'scheme'],
      ['gopher://crm.example.com/', publicDns, 'scheme'],
      ['not a url', publicDns, 'invalid_url'],
      ['https://metadata.google.internal/computeMetadata/v1/', publicDns, 'metadata_host'],
      ['https://METADATA.google.internal./', publicDns, 'metadata_host'],
    ];
    for (const [url, policy, reason] of table) {
      expect([url, await refusal(url, policy)]).toEqual([url, expect.objectContaining({ reason, field: 'url', status: 400 })]);
    }
    await expect(assertWebhookUrlAllowed('https://crm.example.com/hooks?x=1', publicDns)).resolves.toBeTruthy();
  });

  it('when the name does not resolve, then it is refused as unresolvable', async () => {
    const failing: Resolve = async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND crm.example.com'), { code: 'ENOTFOUND' });
    };
    expect(await refusal('https://crm.example.com/', { resolve: failing })).toMatchObject({ code: 'webhook_url_unresolvable', reason: 'unresolvable' });
    expect(await refusal('https://crm.example.com/', { resolve: resolvesTo() })).toMatchObject({ reason: 'unresolvable' });
  });
});
