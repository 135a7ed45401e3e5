import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { AppError } from '../errors/index.js';

/** One address a hostname resolved to. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a hostname to every address it has (default: `dns.lookup` with `all: true`). */
export type Resolve = (hostname: string) => Promise<ResolvedAddress[]>;

/** What kind of destination an address is. Only `public` is allowed without configuration. */
export type AddressCategory =
  | 'public'
  | 'loopback'
  | 'private'
  | 'link_local'
  | 'cgnat'
  | 'unique_local'
  | 'metadata'
  | 'unspecified'
  | 'multicast'
  | 'broadcast'
  | 'documentation'
  | 'benchmarking'
  | 'reserved'
  | 'ipv4_mapped'
  | 'ipv4_translated';

/** What the SSRF guard allows beyond public destinations, and how it resolves names. */
export interface WebhookUrlPolicy {
  /** Allow private (RFC 1918, site-local), link-local, CGNAT and unique-local destinations. */
  allowPrivate?: boolean;
  /** Allow loopback destinations (demo mode: the built-in CRM receiver). */
  allowLoopback?: boolean;
  /** Injectable resolver (tests; a DNS-over-HTTPS resolver). */
  resolve?: Resolve;
}

/** A URL that passed the guard, and the addresses that were checked: connect to one of these. */
export interface AllowedWebhookUrl {
  url: URL;
  addresses: ResolvedAddress[];
}

/** Why a webhook URL was refused (`details.reason` of the AppError). */
export type WebhookUrlRefusal =
  | 'invalid_url'
  | 'scheme'
  | 'credentials'
  | 'insecure_http'
  | 'metadata_host'
  | 'address'
  | 'unresolvable';

/**
 * Address ranges that are not plain public unicast, most specific first. Sources: IANA IPv4 and
 * IPv6 special-purpose address registries (RFC 6890 and updates); cloud metadata endpoints of
 * AWS (169.254.169.254, fd00:ec2::254, ECS 169.254.170.2), GCP, Azure, Alibaba (100.100.100.200)
 * and Oracle (192.0.0.192).
 */
const RANGES: ReadonlyArray<readonly [string, AddressCategory]> = [
  ['169.254.169.254/32', 'metadata'],
  ['169.254.170.2/32', 'metadata'],
  ['100.100.100.200/32', 'metadata'],
  ['192.0.0.192/32', 'metadata'],
  ['fd00:ec2::254/128', 'metadata'],
  ['0.0.0.0/8', 'unspecified'],
  ['10.0.0.0/8', 'private'],
  ['100.64.0.0/10', 'cgnat'],
  ['127.0.0.0/8', 'loopback'],
  ['169.254.0.0/16', 'link_local'],
  ['172.16.0.0/12', 'private'],
  ['192.0.0.0/24', 'reserved'],
  ['192.0.2.0/24', 'documentation'],
  ['192.88.99.0/24', 'reserved'],
  ['192.168.0.0/16', 'private'],
  ['198.18.0.0/15', 'benchmarking'],
  ['198.51.100.0/24', 'documentation'],
  ['203.0.113.0/24', 'documentation'],
  ['224.0.0.0/4', 'multicast'],
  ['255.255.255.255/32', 'broadcast'],
  ['240.0.0.0/4', 'reserved'],
  ['::/128', 'unspecified'],
  ['::1/128', 'loopback'],
  ['64:ff9b::/96', 'ipv4_translated'],
  ['64:ff9b:1::/48', 'ipv4_translated'],
  ['100::/64', 'reserved'],
  ['2001::/32', 'ipv4_translated'],
  ['2001:2::/48', 'benchmarking'],
  ['2001:10::/28', 'reserved'],
  ['2001:20::/28', 'reserved'],
  ['2001:db8::/32', 'documentation'],
  ['2002::/16', 'ipv4_translated'],
  ['3fff::/20', 'documentation'],
  ['fc00::/7', 'unique_local'],
  ['fe80::/10', 'link_local'],
  ['fec0::/10', 'private'],
  ['ff00::/8', 'multicast'],
];

/** Host names of metadata services, refused whatever they resolve to. */
const METADATA_HOSTS: ReadonlySet<string> = new Set([
  'metadata.google.internal', 'metadata.goog', 'metadata', 'instance-data', 'instance-data.ec2.internal',
  'metadata.azure.internal', 'metadata.tencentyun.com',
]);

/** The bytes of an IP address (4 or 16), or null when `text` is not one. Accepts IPv6 zone ids. */
export function ipBytes(text: string): Uint8Array | null {
  const address = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  const bare = address.split('%', 1)[0] ?? '';
  const family = isIP(bare);
  if (family === 4) return Uint8Array.from(bare.split('.').map(Number));
  if (family !== 6) return null;
  let hex = bare;
  const lastColon = hex.lastIndexOf(':');
  const tail = hex.slice(lastColon + 1);
  if (tail.includes('.')) {
    const [a, b, c, d] = tail.split('.').map(Number) as [number, number, number, number];
    hex = `${hex.slice(0, lastColon + 1)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', rest] = hex.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const restGroups = rest === undefined || rest === '' ? [] : rest.split(':');
  const groups = rest === undefined
    ? headGroups
    : [...headGroups, ...new Array<string>(8 - headGroups.length - restGroups.length).fill('0'), ...restGroups];
  const bytes = new Uint8Array(16);
  groups.forEach((group, i) => {
    const value = Number.parseInt(group, 16);
    bytes[2 * i] = value >> 8;
    bytes[2 * i + 1] = value & 0xff;
  });
  return bytes;
}

interface ParsedRange {
  prefix: Uint8Array;
  bits: number;
  category: AddressCategory;
}

/** `RANGES` parsed once (read-only after module load). */
const PARSED_RANGES: readonly ParsedRange[] = Object.freeze(
  RANGES.map(([cidr, category]) => {
    const [base = '', bits = ''] = cidr.split('/');
    return Object.freeze({ prefix: ipBytes(base)!, bits: Number(bits), category });
  }),
);

function inRange(bytes: Uint8Array, { prefix, bits }: ParsedRange): boolean {
  if (prefix.length !== bytes.length) return false;
  for (let i = 0; i < bits; i += 8) {
    const take = Math.min(8, bits - i);
    const mask = (0xff << (8 - take)) & 0xff;
    if ((bytes[i / 8]! & mask) !== (prefix[i / 8]! & mask)) return false;
  }
  return true;
}

/**
 * The category of an IP address. An IPv4-mapped (`::ffff:a.b.c.d`) or IPv4-compatible
 * (`::a.b.c.d`) address takes its IPv4 address's category, or `ipv4_mapped` when that is public
 * (no legitimate receiver needs one); IPv6 outside global unicast `2000::/3` is `reserved`.
 * Throws on text that is not an IP address.
 */
export function classifyAddress(address: string): AddressCategory {
  const bytes = ipBytes(address);
  if (!bytes) throw new TypeError(`not an IP address: ${address}`);
  const zeros = (from: number, to: number) => bytes.subarray(from, to).every((b) => b === 0);
  const mapped = bytes.length === 16 && zeros(0, 10) && bytes[10] === 0xff && bytes[11] === 0xff;
  const compatible = bytes.length === 16 && zeros(0, 12) && !(zeros(12, 15) && (bytes[15] ?? 0) <= 1);
  if (mapped || compatible) {
    const inner = classifyAddress(Array.from(bytes.subarray(12)).join('.'));
    return inner === 'public' ? 'ipv4_mapped' : inner;
  }
  for (const range of PARSED_RANGES) if (inRange(bytes, range)) return range.category;
  if (bytes.length === 16 && (bytes[0]! & 0xe0) !== 0x20) return 'reserved';
  return 'public';
}

/** Whether configuration allows a destination of this category. */
export function isCategoryAllowed(category: AddressCategory, policy: WebhookUrlPolicy): boolean {
  switch (category) {
    case 'public':
      return true;
    case 'loopback':
      return policy.allowLoopback === true;
    case 'private':
    case 'link_local':
    case 'cgnat':
    case 'unique_local':
      return policy.allowPrivate === true;
    default:
      return false;
  }
}

/** The system resolver: every A and AAAA answer, in the resolver's order. */
export const systemResolve: Resolve = async (hostname) =>
  (await lookup(hostname, { all: true, verbatim: true })).map(({ address, family }) => ({
    address,
    family: family === 6 ? 6 : 4,
  }));

function refuse(reason: WebhookUrlRefusal, message: string, extra: Record<string, unknown> = {}, cause?: unknown): AppError {
  return new AppError(
    reason === 'unresolvable' ? 'webhook_url_unresolvable' : 'webhook_url_refused',
    400,
    `url: ${message}`,
    { details: { field: 'url', reason, ...extra }, ...(cause !== undefined ? { cause } : {}) },
  );
}

/**
 * The SSRF guard for CRM webhook URLs, used when an endpoint is registered and again before every
 * send (a name may resolve elsewhere by then: DNS rebinding). Refuses, with an `AppError` 400
 * whose `details` are `{field: 'url', reason, …}`:
 * - anything but `http:` / `https:`, URLs with credentials, and metadata host names;
 * - a name that does not resolve (`webhook_url_unresolvable`), or any of whose addresses is not
 *   allowed: private, loopback, link-local, CGNAT, unique-local, metadata, multicast,
 *   unspecified, broadcast, documentation, benchmarking, reserved, IPv4-mapped or NAT64 / 6to4 /
 *   Teredo addresses; `allowLoopback` and `allowPrivate` lift the matching categories, never
 *   metadata or the rest;
 * - plain `http:` unless every address is a non-public destination that configuration allows
 *   (a demo receiver on loopback, a private network): customer identifiers never cross the
 *   internet unencrypted.
 * Returns the parsed URL and the checked addresses, which the sender must connect to.
 */
export async function assertWebhookUrlAllowed(url: string, policy: WebhookUrlPolicy = {}): Promise<AllowedWebhookUrl> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw refuse('invalid_url', 'not a valid absolute URL');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw refuse('scheme', `scheme ${parsed.protocol} is not allowed; use https`);
  }
  if (parsed.username !== '' || parsed.password !== '') {
    throw refuse('credentials', 'credentials in the URL are not allowed; the payload is signed instead');
  }
  const hostname = parsed.hostname.replace(/\.$/, '').toLowerCase();
  if (hostname === '') throw refuse('invalid_url', 'the URL has no host');
  if (METADATA_HOSTS.has(hostname)) throw refuse('metadata_host', `${hostname} is a metadata service`);

  const literal = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
  let addresses: ResolvedAddress[];
  if (isIP(literal) !== 0) {
    addresses = [{ address: literal, family: isIP(literal) === 6 ? 6 : 4 }];
  } else {
    try {
      addresses = await (policy.resolve ?? systemResolve)(hostname);
    } catch (error) {
      throw refuse('unresolvable', `${hostname} does not resolve`, {}, error);
    }
    if (addresses.length === 0) throw refuse('unresolvable', `${hostname} has no address`);
  }

  const categories = addresses.map((entry) => {
    const category = ipBytes(entry.address) ? classifyAddress(entry.address) : 'reserved';
    return { ...entry, category };
  });
  const refused = categories.find((entry) => !isCategoryAllowed(entry.category, policy));
  if (refused) {
    throw refuse('address', `${hostname} resolves to a ${refused.category.replace(/_/g, '-')} address, which is not allowed`, {
      category: refused.category,
      address: refused.address,
    });
  }
  if (parsed.protocol === 'http:' && categories.some((entry) => entry.category === 'public')) {
    throw refuse('insecure_http', 'https is required for a public receiver');
  }
  return { url: parsed, addresses: addresses.map(({ address, family }) => ({ address, family })) };
}
