/**
 * Keeps the operator documentation true to the code: the configuration variables, metric names,
 * error codes and preview problem codes the docs name are exactly those the code has; every
 * relative link in README.md and docs/*.md resolves; every `npm run X` exists; and the CRM
 * webhook page's example payload, retry schedule and verification code (Node and Python) work
 * against what the backend really sends.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES } from '../../server/src/config/index.js';
import { interactionMergedSchema, signWebhook, WEBHOOK_RETRY_SCHEDULE_MS } from '../../server/src/crm/index.js';
import { createMetrics } from '../../server/src/metrics/index.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const DOCS = join(ROOT, 'docs');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

const operations = read('docs/operations.md');
const troubleshooting = read('docs/troubleshooting.md');
const webhooks = read('docs/crm-webhooks.md');
const pages = ['README.md', ...readdirSync(DOCS).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`)];

/** The text of the `## title` section (up to the next `## ` heading). */
function section(doc: string, title: string): string {
  const start = doc.indexOf(`\n## ${title}\n`);
  if (start < 0) throw new Error(`no section "## ${title}"`);
  const end = doc.indexOf('\n## ', start + 1);
  return doc.slice(start, end < 0 ? undefined : end);
}

/** The body rows of the Markdown tables in `text`, as trimmed cells (header and rule rows left out). */
function tableRows(text: string): string[][] {
  const lines = text.split('\n').filter((line) => line.startsWith('|'));
  const rows = lines.map((line) => line.slice(1, line.endsWith('|') ? -1 : undefined).split('|').map((cell) => cell.trim()));
  return rows.filter((cells, i) => !cells.every((cell) => /^:?-+:?$/.test(cell)) && !/^\s*\|?\s*:?-+/.test(lines[i + 1] ?? ''));
}

/** `` `x` `` → `x`. */
const unquote = (cell: string) => cell.replaceAll('`', '');

/** The fenced code blocks of one language. */
function codeBlocks(doc: string, language: string): string[] {
  return [...doc.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))].map((match) => match[1] ?? '');
}

const withoutCode = (doc: string) => doc.replace(/```[\s\S]*?```/g, '');

/** Every `.ts` file under a folder of the repository. */
function sourceFiles(folder: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts')) out.push(path);
    }
  };
  walk(join(ROOT, folder));
  return out;
}

const sorted = (values: Iterable<string>) => [...new Set(values)].sort();

describe('docs/operations.md', () => {
  const rows = tableRows(section(operations, 'Configuration')).filter((cells) => /^`[A-Z][A-Z0-9_]*`$/.test(cells[0] ?? ''));

  it('when the configuration table is read, then it lists every variable the config loader reads, and nothing else', () => {
    expect(sorted(rows.map((cells) => unquote(cells[0]!)))).toEqual(sorted(Object.keys(CONFIG_VARIABLES)));
  });

  it('when an environment variable is named anywhere on the page, then the config loader reads it', () => {
    const named = sorted([...operations.matchAll(/\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/g)].map((match) => match[0]));
    expect(named.length).toBeGreaterThan(20);
    expect(named.filter((name) => !(name in CONFIG_VARIABLES))).toEqual([]);
  });

  it("when the table gives a variable's default, then it is the loader's default", () => {
    const wrong: string[] = [];
    for (const [name, variable] of Object.entries(CONFIG_VARIABLES)) {
      const cell = unquote(rows.find((cells) => unquote(cells[0]!) === name)?.[1] ?? '');
      const ok = variable.default === null ? cell.startsWith('unset') : cell.includes(variable.default);
      if (!ok) wrong.push(`${name}: documented "${cell}", loader "${variable.default ?? 'unset'}"`);
    }
    expect(wrong).toEqual([]);
  });

  it('when the metrics table is read, then it lists every metric of the registry, and nothing else', async () => {
    const product = (await createMetrics({ defaultMetrics: false }).registry.getMetricsAsJSON()).map((metric) => metric.name);
    const documented = tableRows(section(operations, 'Metrics'))
      .map((cells) => unquote(cells[0] ?? ''))
      .filter((name) => name.startsWith('interaction_merger_'));
    expect(product.length).toBeGreaterThan(10);
    expect(sorted(documented)).toEqual(sorted(product));
  });

  it('when a metric name appears anywhere on the page (alerts, examples), then the registry has it', async () => {
    const metrics = await createMetrics().registry.getMetricsAsJSON();
    const known = new Set(metrics.map((metric) => metric.name));
    for (const metric of metrics) {
      if (String(metric.type) === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) known.add(`${metric.name}${suffix}`);
    }
    const named = sorted([...operations.matchAll(/\binteraction_merger_[a-z0-9_]+/g)].map((match) => match[0]));
    expect(named.filter((name) => !known.has(name))).toEqual([]);
  });
});

/**
 * The error codes the service can answer or fail a job with, read from the source: the first
 * argument of every `new AppError(…)` (both branches of a conditional), `conflict('code', …)`,
 * `code: '…'` properties (rate limits, job failures) and `const code = …` choices. Left out:
 * `server/src/merge` (its `code:` values are preview problem and reason codes, checked below),
 * `server/src/cli` (the CLI's own output codes) and zod's `code: 'custom'` issue kind.
 */
function codesInSource(): { codes: Set<string>; statuses: Map<string, Set<number>> } {
  const codes = new Set<string>();
  const statuses = new Map<string, Set<number>>();
  // The string literals an expression can evaluate to: the whole expression, or the branches of
  // a conditional (a literal right after a ternary `?` or `:`; `?.` and `??` are not ternaries).
  const literals = (expression: string) =>
    [...expression.trim().matchAll(/(?:^|(?<![?.])\?(?![.?])|:)\s*'([a-z][a-z0-9_]*)'/g)].map((match) => match[1]!);
  for (const file of sourceFiles('server/src')) {
    const source = readFileSync(file, 'utf8');
    const path = relative(ROOT, file).replaceAll('\\', '/');
    for (const match of source.matchAll(/new AppError\(\s*([^,]+),\s*(\d{3})?/g)) {
      for (const code of literals(match[1]!)) {
        codes.add(code);
        if (match[2]) statuses.set(code, new Set([...(statuses.get(code) ?? []), Number(match[2])]));
      }
    }
    for (const match of source.matchAll(/\bconflict\(\s*'([a-z][a-z0-9_]*)'/g)) {
      codes.add(match[1]!);
      statuses.set(match[1]!, new Set([...(statuses.get(match[1]!) ?? []), 409]));
    }
    for (const match of source.matchAll(/\bconst code = ([^;]+);/g)) for (const code of literals(match[1]!)) codes.add(code);
    if (path.startsWith('server/src/merge/') || path.startsWith('server/src/cli/')) continue;
    for (const match of source.matchAll(/\bcode:\s*'([a-z][a-z0-9_]*)'/g)) if (match[1] !== 'custom') codes.add(match[1]!);
  }
  return { codes, statuses };
}

describe('docs/troubleshooting.md', () => {
  const headings = [...troubleshooting.matchAll(/^### (`.*)$/gm)].map((match) => match[1]!);
  const documented = sorted(headings.flatMap((heading) => [...heading.matchAll(/`([a-z][a-z0-9_]*)`/g)].map((match) => match[1]!)));
  const { codes, statuses } = codesInSource();

  it('when the source is scanned, then it finds the error codes (the scan itself works)', () => {
    for (const code of ['bad_request', 'plan_changed', 'rate_limited', 'attempts_exhausted', 'genesys_forbidden', 'webhook_url_unresolvable']) {
      expect(codes).toContain(code);
    }
  });

  it('when the code can answer an error code, then the page explains it, and it explains no other', () => {
    expect(documented).toEqual(sorted(codes));
  });

  it("when a heading gives a code's HTTP status, then the code answers with that status", () => {
    const wrong: string[] = [];
    for (const heading of headings) {
      const status = /\((\d{3})\)/.exec(heading)?.[1];
      const code = /`([a-z][a-z0-9_]*)`/.exec(heading)?.[1];
      const known = code ? statuses.get(code) : undefined;
      if (status && known && !known.has(Number(status))) wrong.push(`${heading}: the code answers ${[...known].join(', ')}`);
    }
    expect(wrong).toEqual([]);
  });

  it('when the preview can show a problem code, then the problems table explains it, and no other', () => {
    const union = /export type ValidationCode =([^;]+);/.exec(read('server/src/merge/types.ts'))?.[1] ?? '';
    const problemCodes = [...union.matchAll(/'([a-z_]+)'/g)].map((match) => match[1]!);
    expect(problemCodes.length).toBeGreaterThan(5);
    const table = tableRows(section(troubleshooting, 'Problems the preview shows')).map((cells) => unquote(cells[0] ?? ''));
    expect(sorted(table)).toEqual(sorted(problemCodes));
  });
});

describe('README.md and docs/*.md', () => {
  it('when a page links to a relative path, then the file exists', () => {
    const broken: string[] = [];
    let links = 0;
    for (const page of pages) {
      for (const match of withoutCode(read(page)).matchAll(/\[[^\]]*\]\(([^)\s]+)\)/g)) {
        const target = match[1]!;
        if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('#')) continue;
        links += 1;
        const path = resolve(dirname(join(ROOT, page)), decodeURIComponent(target.split('#', 1)[0]!));
        if (!existsSync(path)) broken.push(`${page}: ${target}`);
      }
    }
    expect(links).toBeGreaterThan(10);
    expect(broken).toEqual([]);
  });

  it('when a page names `npm run X` (or npm start, npm test), then package.json has that script', () => {
    const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
    const missing: string[] = [];
    for (const page of pages) {
      const text = read(page);
      const named = [
        ...[...text.matchAll(/\bnpm run ([a-z][\w:.-]*[\w])/g)].map((match) => match[1]!),
        ...[...text.matchAll(/\bnpm (start|test)\b/g)].map((match) => match[1]!),
      ];
      for (const script of named) if (!(script in scripts)) missing.push(`${page}: ${script}`);
    }
    expect(missing).toEqual([]);
  });

  it('when docs/ has a page, then the README links to it', () => {
    const readme = read('README.md');
    const unlinked = readdirSync(DOCS)
      .filter((name) => name.endsWith('.md'))
      .filter((name) => !readme.includes(`(docs/${name})`));
    expect(unlinked).toEqual([]);
  });
});

describe('docs/crm-webhooks.md', () => {
  const example = codeBlocks(webhooks, 'json').find((block) => block.includes('"type": "interaction.merged"')) ?? '';
  const event = JSON.parse(example) as { id: string };
  const secret = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
  const signedAt = Date.parse('2026-03-12T14:20:00Z');
  const payload = JSON.stringify(event);
  const headers = signWebhook({ id: event.id, payload, secret, at: signedAt });
  const scratch = mkdtempSync(join(tmpdir(), 'im-docs-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('when the example payload is checked against the JSON Schema, then it is valid and its id is the webhook-id shown', () => {
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    addFormats.default(ajv);
    const validate = ajv.compile(interactionMergedSchema);
    expect(validate(event), JSON.stringify(validate.errors)).toBe(true);
    expect(codeBlocks(webhooks, 'http')[0]).toContain(`webhook-id: ${event.id}`);
  });

  it('when the retry table is read, then it is the relay schedule, and the total span is the one stated', () => {
    const units: Record<string, number> = { second: 1000, seconds: 1000, minute: 60_000, minutes: 60_000, hour: 3_600_000, hours: 3_600_000 };
    const delays = tableRows(section(webhooks, 'Answering, retries and dead letters'))
      .filter((cells) => /^\d+$/.test(cells[0] ?? ''))
      .map((cells) => {
        if (cells[1] === 'at once') return 0;
        const [amount, unit] = (cells[1] ?? '').split(' ');
        return Number(amount) * (units[unit ?? ''] ?? Number.NaN);
      });
    expect(delays).toEqual([...WEBHOOK_RETRY_SCHEDULE_MS]);
    const total = WEBHOOK_RETRY_SCHEDULE_MS.reduce((sum, ms) => sum + ms, 0);
    expect(webhooks).toContain(`Ten attempts over ${Math.floor(total / 3_600_000)} h ${Math.floor((total % 3_600_000) / 60_000)} min`);
  });

  it('when the Node example verifies a webhook the backend signed, then it accepts it and refuses a changed body, another secret and an old timestamp', async () => {
    const code = codeBlocks(webhooks, 'js').find((block) => block.includes('export function verifyWebhook')) ?? '';
    const file = join(scratch, 'verify.mjs');
    writeFileSync(file, code);
    const { verifyWebhook } = (await import(pathToFileURL(file).href)) as {
      verifyWebhook(secret: string, headers: Record<string, string>, rawBody: Buffer | string, nowMs?: number): unknown;
    };
    expect(verifyWebhook(secret, headers, Buffer.from(payload), signedAt + 1000)).toEqual(event);
    expect(() => verifyWebhook(secret, headers, payload.replace('"voice"', '"sms"'), signedAt)).toThrow('bad signature');
    expect(() => verifyWebhook(`whsec_${Buffer.alloc(32, 8).toString('base64')}`, headers, payload, signedAt)).toThrow('bad signature');
    expect(() => verifyWebhook(secret, headers, payload, signedAt + 6 * 60_000)).toThrow('timestamp');
  });

  const python = spawnSync('python3', ['--version'], { encoding: 'utf8' });
  it.skipIf(python.error !== undefined || python.status !== 0)(
    'when the Python example verifies a webhook the backend signed, then it accepts it and refuses a changed body, another secret and an old timestamp',
    () => {
      const code = codeBlocks(webhooks, 'python').find((block) => block.includes('def verify_webhook')) ?? '';
      writeFileSync(join(scratch, 'verify_webhook.py'), code);
      const driver = [
        'import json, sys',
        `sys.path.insert(0, ${JSON.stringify(scratch)})`,
        'from verify_webhook import verify_webhook',
        'out = []',
        'for case in json.load(sys.stdin):',
        '    try:',
        "        event = verify_webhook(case['secret'], case['headers'], case['body'].encode(), case['now'])",
        "        out.append(event['id'])",
        '    except ValueError:',
        "        out.append('refused')",
        'print(json.dumps(out))',
      ].join('\n');
      const seconds = signedAt / 1000;
      const cases = [
        { secret, headers, body: payload, now: seconds + 1 },
        { secret, headers, body: payload.replace('"voice"', '"sms"'), now: seconds },
        { secret: `whsec_${Buffer.alloc(32, 8).toString('base64')}`, headers, body: payload, now: seconds },
        { secret, headers, body: payload, now: seconds + 6 * 60 },
      ];
      const run = spawnSync('python3', ['-c', driver], { input: JSON.stringify(cases), encoding: 'utf8' });
      expect(run.stderr).toBe('');
      expect(JSON.parse(run.stdout)).toEqual([event.id, 'refused', 'refused', 'refused']);
    },
  );
});
