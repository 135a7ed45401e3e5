/**
 * The budget summary of the report: one row per budget of DESIGN.md ("Budgets (measured by
 * `npm run bench`)"), gathered from the budget checks and figures every section returned.
 * A budget no section measured in this run says so (not met, never silently passed).
 */
import type { BenchOutput, BenchTable } from './types.js';

/** What the sections returned, by section name (a failed section as `{error}`). */
export type SectionResults = Readonly<Record<string, BenchOutput | { error: string }>>;

type Check = NonNullable<BenchOutput['budgets']>[number];

/** One row of the summary. `met` is null when nothing in this run measured it. */
export interface BudgetSummaryRow {
  budget: string;
  limit: string;
  measured: string;
  met: boolean | null;
  /** Where the figure comes from: `section (checks)`. */
  source: string;
}

/** A budget of DESIGN.md and how to find its figures among the sections' results. */
interface DesignBudget {
  budget: string;
  limit: string;
  /** The sections expected to measure it (named when none ran). */
  sections: string[];
  /** The checks of `section` that belong to this budget. */
  match(section: string, check: Check): boolean;
  /** Custom summary from the figures (overrides the generic one when it returns a row). */
  summarize?(results: SectionResults, checks: Array<Check & { section: string }>): Omit<BudgetSummaryRow, 'budget' | 'limit'> | null;
}

const ok = (result: BenchOutput | { error: string } | undefined): result is BenchOutput => result !== undefined && !('error' in result);

/** Four decimals, so a figure just under a limit never prints as the limit itself. */
const f4 = (value: unknown) => (typeof value === 'number' ? value.toFixed(4) : '–');

interface Scores { precision: number | null; recall: number | null; f1?: number | null }
interface AccuracyFigures { engine?: { pairwise?: Scores; bcubed?: Scores; byChannelPair?: Record<string, unknown> } }

/** The accuracy section's overall engine scores per dataset variant. */
function accuracyVariants(results: SectionResults): Array<{ name: string; pairwise: Scores; bcubed: Scores | null }> {
  const accuracy = results.accuracy;
  if (!ok(accuracy)) return [];
  const out: Array<{ name: string; pairwise: Scores; bcubed: Scores | null }> = [];
  for (const [name, value] of Object.entries(accuracy.figures)) {
    const engine = (value as AccuracyFigures | null)?.engine;
    if (engine?.pairwise) out.push({ name, pairwise: engine.pairwise, bcubed: engine.bcubed ?? null });
  }
  return out;
}

const PRECISION = 0.995;
const RECALL = 0.97;


/** The dedup budget on one pairwise measure: the worst value over every accuracy dataset variant (B³ beside it). */
function worstOverVariants(measure: 'precision' | 'recall', limit: number): DesignBudget {
  return {
    budget: `Dedup pairwise ${measure}, every generated dataset variant (overall)`,
    limit: `≥ ${limit}`,
    sections: ['accuracy'],
    match: () => false,
    summarize(results) {
      const variants = accuracyVariants(results);
      if (variants.length === 0) return null;
      const values = variants.map((v) => v.pairwise[measure]).filter((v): v is number => v !== null);
      const worst = Math.min(...values);
      const bcubed = variants.map((v) => v.bcubed?.[measure]).filter((v): v is number => typeof v === 'number');
      return {
        measured: `min ${f4(worst)} over ${variants.length} datasets (B³ min ${bcubed.length ? f4(Math.min(...bcubed)) : '–'})`,
        met: values.length === variants.length && worst >= limit,
        source: `accuracy (${variants.map((v) => v.name).join('; ')})`,
      };
    },
  };
}

const DESIGN_BUDGETS: DesignBudget[] = [
  {
    budget: 'Genesys API calls per merge of N conversations over k contacts',
    limit: '≤ N + k + 4',
    sections: ['merge-engine', 'load'],
    match: (section, check) =>
      (section === 'merge-engine' && check.name.startsWith('API calls, merge of')) || (section === 'load' && check.name.includes('N + k + 4')),
  },
  {
    budget: 'Merge of 5 conversations, 100 ms added per Genesys call, wall time',
    limit: '< 1 s',
    sections: ['merge-engine'],
    match: (section, check) => section === 'merge-engine' && check.name.startsWith('wall time, merge of 5'),
  },
  {
    budget: 'Timeline reconciliation of 100,000 segments',
    limit: '< 200 ms',
    sections: ['merge-pure'],
    match: (section, check) => section === 'merge-pure' && check.name.startsWith('timeline reconciliation of 100,000'),
  },
  {
    budget: 'Scoring 100,000 candidate conversations',
    limit: '< 1 s',
    sections: ['merge-pure'],
    match: (section, check) => section === 'merge-pure' && check.name.startsWith('scoring 100,000'),
  },
  {
    budget: 'Widget JavaScript, gzipped',
    limit: '< 60 KB',
    sections: ['widget'],
    match: (section, check) => section === 'widget' && check.name.startsWith('widget JavaScript'),
  },
  {
    budget: 'Candidates visible after the iframe loads (local emulator, token stored)',
    limit: '< 500 ms',
    sections: ['widget'],
    match: (section, check) => section === 'widget' && check.name.startsWith('time to candidates'),
  },
  worstOverVariants('precision', PRECISION),
  worstOverVariants('recall', RECALL),
  {
    budget: 'Dedup precision and recall per channel pair, every dataset variant',
    limit: `P ≥ ${PRECISION}, R ≥ ${RECALL}`,
    sections: ['accuracy'],
    match: (section, check) => section === 'accuracy' && (check.name.includes(': precision ') || check.name.includes(': recall ')),
  },
  {
    budget: 'Service resident memory under sustained load (SQLite)',
    limit: '< 300 MB',
    sections: ['load'],
    match: (section, check) => section === 'load' && check.name.startsWith('service peak resident memory'),
  },
  {
    budget: 'Emulator resident memory holding 5,000 customers',
    limit: '< 500 MB',
    sections: ['load', 'accuracy-baseline'],
    match: (section, check) =>
      (section === 'load' || section === 'accuracy-baseline') && check.name.startsWith('emulator') && check.name.includes('5,000 customers'),
  },
];

/** The last parenthesised part of a check's name (`… (SQLite)` → `, SQLite`), or nothing. */
const label = (name: string) => {
  const match = /\(([^()]*)\)\s*$/.exec(name);
  return match ? `, ${match[1]}` : '';
};

/** Generic summary of a budget's checks: all listed when few, else the count met and the failures. */
function generic(checks: Array<Check & { section: string }>): Omit<BudgetSummaryRow, 'budget' | 'limit'> {
  const failed = checks.filter((c) => !c.ok);
  const sections = [...new Set(checks.map((c) => c.section))];
  let measured: string;
  if (checks.length === 1) measured = checks[0]!.measured;
  else if (checks.length <= 3) measured = checks.map((c) => `${c.measured} (${c.section}${label(c.name)})`).join('; ');
  else {
    measured = `${checks.length - failed.length}/${checks.length} checks met`;
    if (failed.length > 0) {
      measured += `; not met: ${failed.slice(0, 3).map((c) => `${c.name} = ${c.measured}`).join('; ')}${failed.length > 3 ? `; +${failed.length - 3} more` : ''}`;
    }
  }
  return {
    measured,
    met: failed.length === 0,
    source: sections.map((s) => `${s} (${checks.filter((c) => c.section === s).length})`).join(', '),
  };
}

/**
 * One row per DESIGN.md budget from the sections' results. `met` is true only when every check
 * of the budget held; null when no section of this run measured it.
 */
export function summarizeBudgets(results: SectionResults): BudgetSummaryRow[] {
  const checks: Array<Check & { section: string }> = [];
  for (const [section, result] of Object.entries(results)) {
    if (ok(result)) for (const check of result.budgets ?? []) checks.push({ ...check, section });
  }
  return DESIGN_BUDGETS.map((design) => {
    const mine = checks.filter((c) => design.match(c.section, c));
    const custom = design.summarize?.(results, mine) ?? null;
    if (custom) return { budget: design.budget, limit: design.limit, ...custom };
    if (mine.length > 0) return { budget: design.budget, limit: design.limit, ...generic(mine) };
    const why = design.sections
      .map((s) => (results[s] === undefined ? `${s} not run` : ok(results[s]) ? `${s} measured nothing` : `${s} failed`))
      .join(', ');
    return { budget: design.budget, limit: design.limit, measured: `not measured (${why})`, met: null, source: '–' };
  });
}

/** The summary as a report table. */
export function budgetTable(rows: readonly BudgetSummaryRow[]): BenchTable {
  const met = rows.filter((r) => r.met === true).length;
  const notMet = rows.filter((r) => r.met === false).length;
  const missing = rows.filter((r) => r.met === null).length;
  return {
    title: 'Budget summary (DESIGN.md budgets)',
    columns: ['budget', 'limit', 'measured', 'met', 'from (checks)'],
    rows: rows.map((r) => [r.budget, r.limit, r.measured, r.met === null ? 'not measured' : r.met ? 'met' : 'NOT MET', r.source]),
    notes: [
      `${met} met, ${notMet} not met, ${missing} not measured in this run. A budget is met only when every check of it in the sections above held; the sections' own lines list each check.`,
    ],
  };
}
