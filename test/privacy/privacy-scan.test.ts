import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_IDS } from '../../emulator/src/index.js';
import { STORE_TABLES } from '../../server/src/store/index.js';
import { buildClient } from '../browser/support/client-build.js';
import { createScanner, datasetNeedles, secretNeedle, type Finding, type Needle } from './support/scanner.js';
import { runWorkload, type Workload } from './support/workload.js';

let run: Workload;
let personal: Needle[];
let secrets: Needle[];

beforeAll(async () => {
  run = await runWorkload();
  personal = datasetNeedles(run.emulator.dataset);
  const { masterKey } = run.service.config;
  const webhookSecret = run.receiver.secret;
  secrets = [
    ...run.emulator.dataset.oauthClients.filter((client) => client.secret).map((client) => secretNeedle(`OAuth client secret of ${client.name}`, client.secret!)),
    ...[masterKey.current, ...masterKey.previous].flatMap((key, i) => [
      secretNeedle(`master key ${i} (base64)`, key.toString('base64')),
      secretNeedle(`master key ${i} (hex)`, key.toString('hex')),
      secretNeedle(`master key ${i} (base64url)`, key.toString('base64url')),
    ]),
    secretNeedle('CRM webhook secret', webhookSecret),
    secretNeedle('CRM webhook secret key', webhookSecret.replace(/^whsec_/, '')),
    secretNeedle('the line-type lookup token', DEMO_IDS.lineTypeLookup.authToken),
    secretNeedle("the agent's token", run.tokens.agent),
    secretNeedle("the admin's token", run.tokens.admin),
  ];
}, 180_000);

afterAll(async () => {
  await run?.close();
});

const report = (findings: Finding[]) => findings.map((f) => `${f.source}: ${f.kind} (${f.label}) … ${f.context}`);

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await filesUnder(path)));
    else files.push(path);
  }
  return files;
}

describe('privacy after a realistic run', () => {
  it('when the run is over, then it really merged customers, delivered webhooks, logged, audited and counted', async () => {
    expect(run.succeeded.length).toBeGreaterThanOrEqual(2);
    expect((await run.receiver.waitFor(run.succeeded.length)).length).toBeGreaterThanOrEqual(run.succeeded.length);
    expect(run.logs.length).toBeGreaterThan(100);
    expect(run.logs.some((line) => line.includes('"level":10') || line.includes('"level":20'))).toBe(true);
    const audit = await run.service.store.db.selectFrom('audit_entries').selectAll().execute();
    expect(audit.length).toBeGreaterThan(10);
  });

  it("when the CRM's webhooks are scanned, then the customers' identifiers are there (the CRM is trusted: the needles match real data)", () => {
    const scanner = createScanner(personal);
    const findings = run.receiver.received.flatMap((hook) => scanner.scan(`webhook ${hook.webhookId}`, hook.body));
    expect(findings.map((f) => f.kind)).toEqual(expect.arrayContaining(['phone', 'email']));
  });

  it('when every log line is scanned, then no phone number, email or name of the dataset and no secret appears', () => {
    const scanner = createScanner([...personal, ...secrets]);
    const findings = run.logs.flatMap((line, i) => scanner.scan(`log line ${i + 1}`, line));
    expect(report(findings)).toEqual([]);
  });

  it('when every audit entry is scanned (the rows and what the admin API serves), then no personal data and no secret appears', async () => {
    const scanner = createScanner([...personal, ...secrets]);
    const rows = await run.service.store.db.selectFrom('audit_entries').selectAll().execute();
    const findings = rows.flatMap((row) => scanner.scan(`audit entry ${String(row.seq)}`, JSON.stringify(row)));
    const served = await fetch(`${run.url}/api/v1/admin/audit?limit=500`, { headers: { authorization: `Bearer ${run.tokens.admin}` } });
    expect(served.status).toBe(200);
    findings.push(...scanner.scan('GET /api/v1/admin/audit', await served.text()));
    expect(STORE_TABLES).toContain('audit_entries');
    expect(report(findings)).toEqual([]);
  });

  it('when the metrics are scanned, then no label carries personal data or a secret', async () => {
    const response = await fetch(`${run.url}/metrics`);
    const text = await response.text();
    expect(text).toContain('# TYPE');
    const labels = [...text.matchAll(/\{([^}]*)\}/g)].map((m) => m[1]!).join('\n');
    expect(labels.length).toBeGreaterThan(0);
    const scanner = createScanner([...personal, ...secrets]);
    expect(report([...scanner.scan('metric labels', labels), ...scanner.scan('/metrics', text)])).toEqual([]);
  });

  it('when the built client (widget, desktop harness, CRM page) is scanned, then no personal data and no secret is in it', async () => {
    const clientDir = await buildClient();
    const files = await filesUnder(clientDir);
    expect(files.some((file) => file.endsWith('.js'))).toBe(true);
    const scanner = createScanner([...personal, ...secrets, secretNeedle('the demo backend secret', DEMO_IDS.clients.backend.secret)]);
    const findings: Finding[] = [];
    for (const file of files) findings.push(...scanner.scan(relative(clientDir, file), await readFile(file, 'utf8')));
    expect(report(findings)).toEqual([]);
  });
});
