/**
 * `npm run bench [-- --quick] [-- --only name,name]`: runs every section in `bench/sections/`,
 * prints one report and writes `bench/results.json`.
 */
import { readdir, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import os from 'node:os';
import { renderTable } from './lib/report.js';
import type { BenchOutput, BenchSection } from './lib/types.js';

const { values } = parseArgs({
  options: { quick: { type: 'boolean', default: false }, only: { type: 'string' } },
});
const only = values.only ? new Set(values.only.split(',')) : null;
const sectionsDir = resolve(import.meta.dirname, 'sections');

const sections: BenchSection[] = [];
for (const file of (await readdir(sectionsDir)).filter((f) => f.endsWith('.ts')).sort()) {
  const mod = (await import(pathToFileURL(resolve(sectionsDir, file)).href)) as { section?: BenchSection };
  if (mod.section && (!only || only.has(mod.section.name))) sections.push(mod.section);
}
sections.sort((a, b) => a.order - b.order);

const startedAt = new Date();
const results: Record<string, BenchOutput | { error: string }> = {};
const out = (text: string) => process.stdout.write(`${text}\n`);
out(`# Interaction Merger benchmark report${values.quick ? ' (quick)' : ''}`);
out(`${startedAt.toISOString()} · Node ${process.version} · ${os.cpus().length} cores · ${os.cpus()[0]?.model ?? ''}`);
let failed = false;
for (const section of sections) {
  out(`\n## ${section.title}\n`);
  try {
    const result = await section.run({
      quick: values.quick,
      progress: (message) => process.stderr.write(`[${section.name}] ${message}\n`),
    });
    results[section.name] = result;
    for (const table of result.tables) out(`${renderTable(table)}\n`);
    for (const budget of result.budgets ?? []) {
      out(`- ${budget.ok ? 'OK  ' : 'OVER'} ${budget.name}: ${budget.measured} (budget ${budget.budget})`);
    }
  } catch (error) {
    failed = true;
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    results[section.name] = { error: message };
    out(`Section failed: ${message}`);
  }
}
await writeFile(
  resolve(import.meta.dirname, 'results.json'),
  `${JSON.stringify({ startedAt: startedAt.toISOString(), quick: values.quick, node: process.version, results }, null, 2)}\n`,
);
out(`\nWrote bench/results.json`);
if (failed) process.exitCode = 1;
