import type { Dataset } from '../dataset/types.js';

/** Top-level keys in the order DESIGN.md lists them; any other key follows, sorted. */
const TOP_LEVEL_ORDER = [
  'referenceTime', 'org', 'divisions', 'roles', 'users', 'oauthClients', 'externalContacts',
  'conversations', 'purged', 'truth', 'evidence',
];

/** Compact JSON with object keys sorted at every depth; `undefined` members are left out. */
function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? 'null' : canonical(item))).join(',')}]`;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).filter((key) => record[key] !== undefined).sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonical(record[key])}`).join(',')}}`;
}

function block(value: unknown): string {
  if (Array.isArray(value)) {
    return value.length === 0 ? '[]' : `[\n${value.map((item) => `    ${canonical(item)}`).join(',\n')}\n  ]`;
  }
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record).filter((key) => record[key] !== undefined).sort();
    return keys.length === 0
      ? '{}'
      : `{\n${keys.map((key) => `    ${JSON.stringify(key)}: ${canonical(record[key])}`).join(',\n')}\n  }`;
  }
  return canonical(value);
}

/**
 * Serialises a dataset canonically: top-level keys in a fixed order, each array element and each
 * map entry (`truth`, `evidence`, `lineTypes`) on its own line, keys sorted at every depth. Equal datasets give
 * the same bytes whatever order their objects were built in, and files diff line by line.
 * Ends with a newline.
 */
export function serializeDataset(dataset: Dataset): string {
  const record = dataset as unknown as Record<string, unknown>;
  const keys = Object.keys(record).filter((key) => record[key] !== undefined);
  const ordered = [
    ...TOP_LEVEL_ORDER.filter((key) => keys.includes(key)),
    ...keys.filter((key) => !TOP_LEVEL_ORDER.includes(key)).sort(),
  ];
  const members = ordered.map((key) => {
    const value = record[key];
    const rendered = key === 'org' ? canonical(value) : block(value);
    return `  ${JSON.stringify(key)}: ${rendered}`;
  });
  return `{\n${members.join(',\n')}\n}\n`;
}
