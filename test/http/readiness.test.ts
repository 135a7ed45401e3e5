/**
 * Readiness of a freshly deployed backend: no org registered yet, which must not keep a load
 * balancer (that routes only to ready backends) from letting the installer register the first one.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createService, listen, type Listening, type Service } from '../../server/src/app/index.js';
import { parseConfig } from '../../server/src/config/index.js';
import { createLogger } from '../../server/src/logging/index.js';
import { startTestEmulator, type TestEmulator } from '../support/emulator.js';
import { testEnvironment } from '../support/server.js';

let emulator: TestEmulator;
let service: Service;
let listening: Listening;
let dataDir: string;

beforeAll(async () => {
  emulator = await startTestEmulator();
  dataDir = mkdtempSync(join(tmpdir(), 'im-ready-'));
  service = await createService({ config: parseConfig(testEnvironment(dataDir)), logger: createLogger({ level: 'silent' }), demoGenesysUrl: emulator.url });
  listening = await listen(service.app, { host: '127.0.0.1', port: 0 });
});

afterAll(async () => {
  await listening?.close();
  await service?.close({ graceMs: 0 });
  await emulator?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const readyz = async () => {
  const response = await fetch(`http://127.0.0.1:${listening.port}/readyz`);
  return { status: response.status, body: (await response.json()) as { ready: boolean; checks: Record<string, { ok: boolean; detail?: string }> } };
};

describe('readiness', () => {
  it('when the job runner has not started, then 503 names that check', async () => {
    const { status, body } = await readyz();
    expect(status).toBe(503);
    expect(body.checks['jobs']).toEqual({ ok: false, detail: 'job runner not started' });
  });

  it('when no org is registered yet but the store answers and jobs run, then the backend is ready and says no tenant is registered yet', async () => {
    service.start();
    const { status, body } = await readyz();
    expect([status, body.ready]).toEqual([200, true]);
    expect(body.checks['tenants']).toEqual({ ok: true, detail: 'no tenant registered yet' });
    expect(body.checks['store']).toEqual({ ok: true });
  });
});
