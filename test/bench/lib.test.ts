import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { budgetTable, summarizeBudgets, type SectionResults } from '../../bench/lib/budgets.js';
import { SERVICE_NODE_FLAGS, parseServerTimings } from '../../bench/lib/children.js';
import { selectedSet } from '../../bench/lib/load-driver.js';
import { parseHeapMetrics, parseProcStatus } from '../../bench/lib/memory.js';
import type { CandidatesResponse } from '../../server/src/http/index.js';

describe('bench memory readings', () => {
  it('when /proc status carries VmRSS and VmHWM, then both are read in bytes', () => {
    const text = 'Name:\tnode\nVmPeak:\t 900000 kB\nVmHWM:\t  300000 kB\nVmRSS:\t  250000 kB\n';
    expect(parseProcStatus(text)).toEqual({ rssBytes: 250_000 * 1024, peakBytes: 300_000 * 1024 });
  });

  it('when /proc status has no VmHWM line, then reading it throws', () => {
    expect(() => parseProcStatus('VmRSS:\t 1 kB\n')).toThrow(/VmHWM/);
  });

  it('when the service exposes prefixed prom-client heap metrics, then used, total and external are read', () => {
    const text = [
      '# HELP interaction_merger_nodejs_heap_size_total_bytes Process heap size from Node.js in bytes.',
      'interaction_merger_nodejs_heap_size_total_bytes 120000000',
      'interaction_merger_nodejs_heap_size_used_bytes 60000000',
      'interaction_merger_nodejs_heap_space_size_used_bytes{space="old"} 1',
      'interaction_merger_nodejs_external_memory_bytes 3000000',
    ].join('\n');
    expect(parseHeapMetrics(text)).toEqual({ heapUsedBytes: 60_000_000, heapTotalBytes: 120_000_000, externalBytes: 3_000_000 });
  });

  it('when a heap metric is missing, then there is no reading', () => {
    expect(parseHeapMetrics('interaction_merger_nodejs_heap_size_used_bytes 1\n')).toBeNull();
  });
});

describe('bench service timings', () => {
  it('when the service child prints STEP and DONE lines among others, then they are grouped by job', () => {
    const timings = parseServerTimings([
      'Interaction Merger listening on http://127.0.0.1:1',
      'STEP j1 merge_contacts 12.5',
      'STEP j1 associate 30.0',
      'DONE j1 succeeded 80.2',
      'STEP j2 confirm 5',
      'STEP broken',
    ]);
    expect(timings.steps.get('j1')).toEqual([{ step: 'merge_contacts', ms: 12.5 }, { step: 'associate', ms: 30 }]);
    expect(timings.steps.get('j2')).toEqual([{ step: 'confirm', ms: 5 }]);
    expect(timings.done.get('j1')).toEqual({ status: 'succeeded', ms: 80.2 });
    expect(timings.done.has('j2')).toBe(false);
  });
});

describe('bench load driver', () => {
  it('when candidates come back, then the merge set is the anchor and the selected ones not already merged', () => {
    const candidate = (conversationId: string, selected: boolean, alreadyMerged = false) => ({ conversationId, selected, alreadyMerged });
    const response = { candidates: [candidate('b', true), candidate('c', false), candidate('d', true, true), candidate('e', true)] } as unknown as CandidatesResponse;
    expect(selectedSet('a', response)).toEqual(['a', 'b', 'e']);
  });
});

describe('bench budget summary', () => {
  const check = (name: string, ok: boolean, measured = 'x') => ({ name, measured, budget: 'y', ok });

  it('when every check of a budget holds, then it is met; when one fails, then it is not met', () => {
    const results: SectionResults = {
      'merge-engine': { tables: [], figures: {}, budgets: [check('API calls, merge of 2 conversations over 2 contacts', true)] },
      load: {
        tables: [], figures: {},
        budgets: [check('sustained load (SQLite): Genesys calls of every merge within N + k + 4', false, '9/10'), check('service peak resident memory, 10 merges under load (SQLite)', true, '250.0 MB')],
      },
    };
    const rows = summarizeBudgets(results);
    const calls = rows.find((r) => r.budget.startsWith('Genesys API calls'))!;
    expect(calls.met).toBe(false);
    expect(calls.source).toBe('merge-engine (1), load (1)');
    const memory = rows.find((r) => r.budget.startsWith('Service resident memory'))!;
    expect(memory).toMatchObject({ met: true, measured: '250.0 MB' });
  });

  it('when a section did not run or failed, then its budgets are reported as not measured, never as met', () => {
    const rows = summarizeBudgets({ widget: { error: 'boom' } });
    const widget = rows.find((r) => r.budget.startsWith('Widget JavaScript'))!;
    expect(widget).toMatchObject({ met: null, measured: 'not measured (widget failed)' });
    const timeline = rows.find((r) => r.budget.startsWith('Timeline reconciliation'))!;
    expect(timeline.measured).toBe('not measured (merge-pure not run)');
    expect(budgetTable(rows).rows.every((row) => row[3] === 'not measured')).toBe(true);
  });

  it('when the accuracy figures are just under a limit, then the summary is not met and prints enough decimals to show it', () => {
    const variant = (precision: number, recall: number) => ({ engine: { pairwise: { precision, recall }, bcubed: { precision: 1, recall: 1 } } });
    const rows = summarizeBudgets({ accuracy: { tables: [], figures: { a: variant(0.9949, 0.99), b: variant(1, 0.98), customers: 2000 }, budgets: [] } });
    const precision = rows.find((r) => r.budget.startsWith('Dedup pairwise precision'))!;
    expect(precision).toMatchObject({ met: false });
    expect(precision.measured).toContain('0.9949 over 2 datasets');
    const recall = rows.find((r) => r.budget.startsWith('Dedup pairwise recall'))!;
    expect(recall).toMatchObject({ met: true });
  });
});

describe('the service as the load benchmark runs it', () => {
  it('when npm start runs the service, then it gives Node the same flags as the benchmark child', async () => {
    const pkg = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts['start']).toContain(`node ${SERVICE_NODE_FLAGS} --import tsx server/src/main.ts`);
  });
});
