import type { DesiredState } from '../manifest/index.js';
import {
  describeAction, describeDiff, describeRemoval,
  type Check, type InstallOutcome, type InstallPlan, type ObjectState, type Principal, type UninstallOutcome, type UninstallPlan,
} from '../provision/index.js';

/** The context every report starts with. */
export interface ReportHeader {
  command: string;
  org: { id: string; name: string };
  principal: Principal;
  genesys: string;
  backendUrl: string;
}

const mark = (ok: boolean, blocking = true) => (ok ? '✓' : blocking ? '✗' : '!');

/** The header lines. */
export function renderHeader(header: ReportHeader): string {
  const who = header.principal.kind === 'user' ? `${header.principal.name} (user)` : `${header.principal.name} (client credentials)`;
  return [
    `Interaction Merger · ${header.command}`,
    `  Org:        ${header.org.name} (${header.org.id}) at ${header.genesys}`,
    `  Signed in:  ${who}`,
    `  Backend:    ${header.backendUrl}`,
    '',
  ].join('\n');
}

/** The checks, one line each. */
export function renderChecks(checks: readonly Check[]): string {
  if (checks.length === 0) return '';
  return ['Checks', ...checks.map((c) => `  ${mark(c.ok, c.blocking)} ${c.message}`), ''].join('\n');
}

/** The install plan: numbered actions with their details, or "nothing to change". */
export function renderInstallPlan(plan: InstallPlan, desired: DesiredState): string {
  const lines: string[] = [];
  if (plan.blocked) lines.push('Blocked: fix the failed checks above; nothing was changed.');
  else if (plan.actions.length === 0) lines.push('Nothing to change: the org matches the manifest.');
  else {
    lines.push(`Plan: ${plan.actions.length} change${plan.actions.length === 1 ? '' : 's'}`);
    plan.actions.forEach((action, i) => {
      const { summary, details } = describeAction(action, desired);
      lines.push(`  ${i + 1}. ${summary}`, ...details.map((d) => `       ${d}`));
    });
  }
  for (const note of plan.notes) lines.push(`Note: ${note}`);
  return `${lines.join('\n')}\n`;
}

/** Each object's state, with the fields that drifted. */
export function renderStatus(states: readonly ObjectState[]): string {
  const symbol: Record<ObjectState['state'], string> = { ok: '✓', missing: '✗', drift: '~', unknown: '?' };
  const word: Record<ObjectState['state'], string> = { ok: 'in line with the manifest', missing: 'missing', drift: 'differs', unknown: 'unknown' };
  const lines = ['Status'];
  for (const s of states) {
    lines.push(`  ${symbol[s.state]} ${s.label}${s.id ? ` (${s.id})` : ''}: ${word[s.state]}${s.note && s.state !== 'ok' ? ` (${s.note})` : ''}`);
    for (const diff of s.diffs) lines.push(`      ${describeDiff(diff)}`);
  }
  const bad = states.filter((s) => s.state !== 'ok').length;
  lines.push(bad === 0 ? 'Installed, and in line with the manifest.' : `${bad} of ${states.length} not in line with the manifest: run install to fix.`);
  return `${lines.join('\n')}\n`;
}

/** How the install ended. */
export function renderInstallOutcome(outcome: InstallOutcome): string {
  if (outcome.ok) return `Done: ${outcome.done.length} change${outcome.done.length === 1 ? '' : 's'} made.\n`;
  const lines = [`Install failed at "${outcome.failedStep}": ${outcome.error.message}`];
  if (outcome.rolledBack.length > 0) lines.push(`Undone: ${outcome.rolledBack.length} change${outcome.rolledBack.length === 1 ? '' : 's'} (↶ above).`);
  if (outcome.rollbackFailures.length > 0) {
    lines.push('Could not undo (these remain; run uninstall to remove them):', ...outcome.rollbackFailures.map((f) => `  ✗ ${f.step}: ${f.error.message}`));
  } else lines.push('Nothing the install made remains.');
  return `${lines.join('\n')}\n`;
}

/** The uninstall plan. */
export function renderUninstallPlan(plan: UninstallPlan, desired: DesiredState): string {
  const lines: string[] = [];
  if (plan.blocked) lines.push('Blocked: fix the failed checks above; nothing was changed.');
  else if (plan.actions.length === 0) lines.push('Nothing to remove: the app is not installed.');
  else {
    lines.push(`Removing ${plan.actions.length} thing${plan.actions.length === 1 ? '' : 's'}`);
    plan.actions.forEach((action, i) => lines.push(`  ${i + 1}. ${describeRemoval(action, desired)}`));
  }
  for (const note of plan.notes) lines.push(`Note: ${note}`);
  return `${lines.join('\n')}\n`;
}

/** How the uninstall ended. */
export function renderUninstallOutcome(outcome: UninstallOutcome): string {
  if (outcome.ok) return `Done: ${outcome.done.length} removed.\n`;
  const lines = ['Uninstall did not finish:', ...outcome.failures.map((f) => `  ✗ ${f.step}: ${f.error.message}`)];
  if (outcome.remaining.length > 0) lines.push('Not attempted (run uninstall again once fixed):', ...outcome.remaining.map((s) => `  - ${s}`));
  return `${lines.join('\n')}\n`;
}

/** Serialises an error for `--json` (message and, for API errors, status and code; never a body with secrets). */
export function errorJson(error: Error): Record<string, unknown> {
  const withStatus = error as Error & { status?: unknown; code?: unknown };
  return {
    name: error.name,
    message: error.message,
    ...(typeof withStatus.status === 'number' ? { status: withStatus.status } : {}),
    ...(typeof withStatus.code === 'string' ? { code: withStatus.code } : {}),
  };
}
