import { readdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { templates as de } from './locales/de.js';
import { templates as es } from './locales/es.js';
import { templates as fr } from './locales/fr.js';

const WIDGET = resolve(import.meta.dirname, '..');

async function sources(dir: string): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'locales') files.push(...(await sources(path)));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) files.push(path);
  }
  return files;
}

/** Every message id the widget's code passes to `msg(…, { id })`. */
async function messageIds(): Promise<Set<string>> {
  const ids = new Set<string>();
  for (const file of await sources(WIDGET)) {
    for (const match of (await readFile(file, 'utf8')).matchAll(/\{\s*id: '([a-z]+\.[A-Za-z_]+)',?\s*\}/g)) ids.add(match[1]!);
  }
  return ids;
}

describe('translations', () => {
  it('when the code uses a message, then Spanish, French and German translate it (xliff and generated modules)', async () => {
    const ids = await messageIds();
    expect(ids.size).toBeGreaterThan(100);
    for (const [locale, module] of [['es', es], ['fr', fr], ['de', de]] as const) {
      const xliff = await readFile(join(import.meta.dirname, 'xliff', `${locale}.xlf`), 'utf8');
      const translated = new Set(
        [...xliff.matchAll(/<trans-unit id="([^"]+)">\s*<source>[\s\S]*?<\/source>\s*<target>[\s\S]+?<\/target>/g)].map((m) => m[1]!),
      );
      expect([...ids].filter((id) => !translated.has(id)), `${locale}.xlf lacks targets`).toEqual([]);
      expect([...ids].filter((id) => !(id in module)), `locales/${locale}.ts is stale: run npm run localize:build`).toEqual([]);
    }
  });
});
