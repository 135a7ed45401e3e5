import type { BenchTable } from './types.js';

/** Renders a table as aligned plain text (GitHub-flavoured markdown compatible). */
export function renderTable(table: BenchTable): string {
  const cells = [table.columns, ...table.rows.map((row) => row.map(String))];
  const widths = table.columns.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? '').length)));
  const line = (row: string[]) => `| ${row.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
  const out = [`### ${table.title}`, '', line(table.columns), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`];
  for (const row of cells.slice(1)) out.push(line(row));
  for (const note of table.notes ?? []) out.push('', `> ${note}`);
  return out.join('\n');
}
