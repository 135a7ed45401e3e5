/**
 * `npm run bench [-- --quick] [-- --only name,name]`: runs every section in `bench/sections/`,
 * prints one report ending with the budget summary (every DESIGN.md budget: measured, limit,
 * met) and the sections' run times, and writes `bench/results.json`.
 */
import { readdir, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import os from 'node:os';
import { budgetTable, summarizeBudgets } from './lib/budgets.js';
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
const seconds: Record<string, number> = {};
for (const section of sections) {
  out(`\n## ${section.title}\n`);
  const sectionStarted = performance.now();
  try {
    const result = await section.run({
      quick: values.quick,
      progress: (message) => process.stderr.write(`[${section.name}] ${message}\n`),
      results,
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
  } finally {
    seconds[section.name] = (performance.now() - sectionStarted) / 1000;
  }
}

const budgetSummary = summarizeBudgets(results);
out('\n## Budget summary\n');
out(renderTable(budgetTable(budgetSummary)));
// Since the process started (time origin), section imports included.
const totalSeconds = performance.now() / 1000;
out(`\n${renderTable({
  title: 'Run time by section',
  columns: ['section', 's'],
  rows: [...sections.map((s) => [s.name, (seconds[s.name] ?? 0).toFixed(0)]), ['total (process, start-up included)', totalSeconds.toFixed(0)]],
})}`);
await writeFile(
  resolve(import.meta.dirname, 'results.json'),
  `${JSON.stringify({ startedAt: startedAt.toISOString(), quick: values.quick, node: process.version, budgetSummary, sectionSeconds: seconds, totalSeconds, results }, null, 2)}\n`,
);
out(`\nWrote bench/results.json`);
if (failed) process.exitCode = 1;
