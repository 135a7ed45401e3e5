/** What every benchmark section exports as `section` from `bench/sections/<name>.ts`. */
export interface BenchSection {
  /** Stable key in `bench/results.json`. */
  name: string;
  title: string;
  /** Sections run in ascending order. */
  order: number;
  run(ctx: BenchContext): Promise<BenchOutput>;
}

export interface BenchContext {
  /** `npm run bench -- --quick`: a small version of everything, minutes not hours. */
  quick: boolean;
  /** Progress lines (stderr), not part of the report. */
  progress(message: string): void;
  /**
   * What the sections that ran before this one returned, by section name (a failed one as
   * `{error}`); a section that builds on another's figures reads them here (sections run in
   * ascending `order`).
   */
  results?: Readonly<Record<string, BenchOutput | { error: string }>>;
}

export interface BenchTable {
  title: string;
  columns: string[];
  rows: Array<Array<string | number>>;
  notes?: string[];
}

export interface BenchOutput {
  tables: BenchTable[];
  /** Machine-readable figures for `bench/results.json`. */
  figures: Record<string, unknown>;
  /** Budget checks: name, measured, budget, whether it holds. */
  budgets?: Array<{ name: string; measured: string; budget: string; ok: boolean }>;
}
