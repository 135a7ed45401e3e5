/**
 * Builds the client (widget, desktop harness, CRM page) once per content: the output goes to a
 * folder named by a hash of the client sources and build config, so every test file of a run
 * (and the next run, when nothing changed) reuses it. Concurrent builders each write to their
 * own temporary folder; the first to rename it into place wins.
 */
import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The repository root. */
export const REPO_ROOT = resolve(import.meta.dirname, '../../..');
const CACHE_DIR = join(REPO_ROOT, 'node_modules/.cache/interaction-merger-client');

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await sourceFiles(path)));
    else if (!entry.name.endsWith('.test.ts')) files.push(path);
  }
  return files;
}

/** A hash of everything the client build reads. */
export async function clientBuildHash(): Promise<string> {
  const files = [
    ...(await sourceFiles(join(REPO_ROOT, 'client'))),
    join(REPO_ROOT, 'vite.config.ts'),
    join(REPO_ROOT, 'package-lock.json'),
    join(REPO_ROOT, 'server/src/http/contract.ts'),
  ].sort();
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(relative(REPO_ROOT, file));
    hash.update(await readFile(file));
  }
  return hash.digest('hex').slice(0, 16);
}

/**
 * The built client's folder (`widget/index.html`, `desktop/index.html`, `crm/index.html`,
 * `assets/`, `.vite/manifest.json`), building it first when this content was never built.
 */
export async function buildClient(): Promise<string> {
  const target = join(CACHE_DIR, await clientBuildHash());
  if (existsSync(join(target, '.vite/manifest.json'))) return target;
  await mkdir(CACHE_DIR, { recursive: true });
  const temporary = `${target}.tmp-${process.pid}-${Date.now()}`;
  await run(process.execPath, [join(REPO_ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--outDir', temporary, '--emptyOutDir', '--logLevel', 'warn'], {
    cwd: REPO_ROOT,
    // Vitest sets NODE_ENV=test, which would make Vite pick Lit's development build.
    env: { ...process.env, NODE_ENV: 'production' },
    maxBuffer: 16 * 1024 * 1024,
  });
  try {
    await rename(temporary, target);
  } catch (error) {
    // Another process finished the same build first: keep theirs.
    await rm(temporary, { recursive: true, force: true });
    if (!existsSync(join(target, '.vite/manifest.json'))) throw error;
  }
  return target;
}
