/**
 * The exact-identifier baseline's accuracy (pairwise, B-cubed, per channel pair) on generated
 * orgs: the default one and two others (another seed with more ambiguity, another country), with
 * generation time and size; then the emulator's resident memory holding 2,000- and
 * 5,000-customer datasets, measured in a child process.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { generateDataset, resolveGeneratorParams, serializeDataset, type GeneratorParams } from '../../emulator/src/generator/index.js';
import type { BenchContext, BenchOutput, BenchSection, BenchTable } from '../lib/types.js';
import {
  createEligibility, createExactIdentifierBaseline, measure, sampleAnchors, selectAll, type AccuracyReport,
} from '../yardstick/index.js';

const run = promisify(execFile);
const LOOK_BACK_DAYS = 30;
const MEMORY_BUDGET_MB = 500;

interface Variant {
  name: string;
  params: Partial<GeneratorParams>;
}

const VARIANTS: Variant[] = [
  { name: 'default (seed 1, US)', params: {} },
  {
    name: 'seed 2, US, high ambiguity',
    params: { seed: 2, householdRate: 0.2, switchboardRate: 0.12, sharedLineUseRate: 0.5, sameNameRate: 0.1, typoRate: 0.08 },
  },
  { name: 'seed 3, GB, low ambiguity', params: { seed: 3, country: 'GB', householdRate: 0.04, switchboardRate: 0.02, typoRate: 0.01 } },
];

const f3 = (value: number | null) => (value === null ? '–' : value.toFixed(3));
const mb = (bytes: number) => (bytes / 1_048_576).toFixed(1);

function pairRows(report: AccuracyReport): Array<Array<string | number>> {
  return Object.entries(report.byChannelPair).map(([pair, { pairwise, bcubed }]) => [
    pair, pairwise.tp, pairwise.fp, pairwise.fn, f3(pairwise.precision), f3(pairwise.recall), f3(pairwise.f1),
    f3(bcubed.precision), f3(bcubed.recall), f3(bcubed.f1),
  ]);
}

async function emulatorMemory(ctx: BenchContext, customers: number): Promise<{ rssBytes: number; maxRssBytes: number; heapUsedBytes: number; loadMs: number; sizeBytes: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'im-bench-memory-'));
  try {
    const file = join(dir, 'dataset.json');
    ctx.progress(`generating ${customers} customers for the memory check`);
    const text = serializeDataset(generateDataset(resolveGeneratorParams({ customers, seed: `memory-${customers}` })));
    await writeFile(file, text);
    ctx.progress(`loading ${customers} customers into an emulator child process`);
    const script = resolve(import.meta.dirname, '../yardstick/emulator-memory.ts');
    const { stdout } = await run(process.execPath, ['--expose-gc', '--import', 'tsx', script, file], { maxBuffer: 1 << 20 });
    return { ...(JSON.parse(stdout.trim().split('\n').pop()!) as { rssBytes: number; maxRssBytes: number; heapUsedBytes: number; loadMs: number }), sizeBytes: text.length };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export const section: BenchSection = {
  name: 'accuracy-baseline',
  title: 'Accuracy yardstick: exact-identifier baseline on generated orgs',
  order: 80,
  async run(ctx) {
    const customers = ctx.quick ? 300 : 2000;
    const anchorCount = ctx.quick ? 300 : 2000;
    const datasetRows: Array<Array<string | number>> = [];
    const overallRows: Array<Array<string | number>> = [];
    const tables: BenchTable[] = [];
    const figures: Record<string, unknown> = { lookBackDays: LOOK_BACK_DAYS, customers, anchors: anchorCount };
    const perDataset: Record<string, unknown> = {};

    for (const variant of VARIANTS) {
      ctx.progress(`generating ${variant.name}`);
      const params = resolveGeneratorParams({ customers, ...variant.params });
      const started = performance.now();
      const cpuBefore = process.cpuUsage();
      const dataset = generateDataset(params);
      const cpu = process.cpuUsage(cpuBefore);
      const generationMs = performance.now() - started;
      const generationCpuMs = (cpu.user + cpu.system) / 1000;
      const text = serializeDataset(dataset);
      const nullEvidence = Object.values(dataset.evidence ?? {}).filter((e) => e === null).length;

      const eligible = createEligibility(dataset, { lookBackDays: LOOK_BACK_DAYS });
      const anchors = sampleAnchors(dataset, { count: anchorCount, seed: `anchors-${String(params.seed)}` });
      const matchStarted = performance.now();
      const selections = selectAll(createExactIdentifierBaseline(dataset, eligible), anchors);
      const report = measure({ dataset, selections, eligible });
      const measureMs = performance.now() - matchStarted;

      datasetRows.push([
        variant.name, params.customers, dataset.conversations.length, dataset.externalContacts.length,
        `${((100 * nullEvidence) / dataset.conversations.length).toFixed(1)} %`, dataset.purged.length,
        generationMs.toFixed(0), generationCpuMs.toFixed(0), mb(text.length),
      ]);
      overallRows.push([
        variant.name, report.anchors, report.pairwise.tp, report.pairwise.fp, report.pairwise.fn,
        f3(report.pairwise.precision), f3(report.pairwise.recall), f3(report.pairwise.f1),
        f3(report.bcubed.precision), f3(report.bcubed.recall), f3(report.bcubed.f1),
      ]);
      tables.push({
        title: `Baseline by channel pair: ${variant.name}`,
        columns: ['pair', 'TP', 'FP', 'FN', 'P', 'R', 'F1', 'B³ P', 'B³ R', 'B³ F1'],
        rows: pairRows(report),
      });
      perDataset[variant.name] = {
        params: variant.params, conversations: dataset.conversations.length, contacts: dataset.externalContacts.length,
        nullEvidence, generationMs, generationCpuMs, sizeBytes: text.length, baselineMs: measureMs, report,
      };
    }
    figures.datasets = perDataset;

    const memoryRows: Array<Array<string | number>> = [];
    const budgets: NonNullable<BenchOutput['budgets']> = [];
    const memory: Record<string, unknown> = {};
    for (const size of [2000, 5000]) {
      const result = await emulatorMemory(ctx, size);
      memory[String(size)] = result;
      memoryRows.push([size, mb(result.sizeBytes), result.loadMs.toFixed(0), mb(result.heapUsedBytes), mb(result.rssBytes), mb(result.maxRssBytes)]);
      if (size === 5000) {
        budgets.push({
          name: 'emulator resident memory holding 5,000 customers (after load and GC)',
          measured: `${mb(result.rssBytes)} MB (peak ${mb(result.maxRssBytes)} MB)`,
          budget: `${MEMORY_BUDGET_MB} MB`,
          ok: result.rssBytes / 1_048_576 < MEMORY_BUDGET_MB,
        });
      }
    }
    figures.emulatorMemory = memory;

    return {
      tables: [
        {
          title: 'Generated datasets',
          columns: ['dataset', 'customers', 'conversations', 'contacts', 'no evidence', 'purged', 'generate ms', 'CPU ms', 'JSON MB'],
          rows: datasetRows,
          notes: [
            '"no evidence": conversations whose only identifier is shared or anonymous (evidence null; never counted as a miss).',
            '"generate ms" is wall time, "CPU ms" the process CPU time spent generating (the machine may be shared).',
          ],
        },
        {
          title: 'Exact-identifier baseline, overall',
          columns: ['dataset', 'anchors', 'TP', 'FP', 'FN', 'P', 'R', 'F1', 'B³ P', 'B³ R', 'B³ F1'],
          rows: overallRows,
          notes: [
            `Universe: others within ±${LOOK_BACK_DAYS} days of the anchor, not purged, inside analytics retention.`,
            'Baseline: selects conversations sharing a raw ani / addressFrom / externalContactId string (dnis / addressTo when outbound).',
            'Product budget for its matcher (not the baseline): pairwise P ≥ 0.995 and R ≥ 0.97.',
          ],
        },
        ...tables,
        {
          title: 'Emulator memory holding generated datasets (child process)',
          columns: ['customers', 'JSON MB', 'load ms', 'heap used MB', 'RSS MB', 'peak RSS MB'],
          rows: memoryRows,
        },
      ],
      figures,
      budgets,
    };
  },
};
