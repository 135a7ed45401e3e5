import type { DesiredState } from '../manifest/index.js';
import type { Diff } from './compare.js';
import type { InstallAction } from './plan.js';

const show = (value: unknown): string => {
  if (typeof value === 'string') return value.startsWith('data:') ? `${value.slice(0, 26)}…` : JSON.stringify(value);
  const text = JSON.stringify(value) ?? 'undefined';
  return text.length > 160 ? `${text.slice(0, 157)}…` : text;
};

/** A diff as one line: `field: actual → expected`. */
export function describeDiff(diff: Diff): string {
  return `${diff.field}: ${show(diff.actual)} → ${show(diff.expected)}`;
}

/** One line for an action, plus detail lines (what exactly is created or changed). */
export function describeAction(action: InstallAction, desired: DesiredState): { summary: string; details: string[] } {
  const diffLines = (diffs: Diff[]) => diffs.map(describeDiff);
  switch (action.kind) {
    case 'create-role':
      return {
        summary: `create role ${desired.role.name} with ${desired.role.permissions.length} permissions`,
        details: desired.role.permissions,
      };
    case 'update-role':
      return { summary: `update role ${desired.role.name} (${action.roleId})`, details: diffLines(action.diffs) };
    case 'assign-role':
      return {
        summary: `give role ${desired.role.name} to ${action.userName}`,
        details: ['Genesys Cloud lets you give an OAuth client only roles you hold; uninstall takes it back.'],
      };
    case 'create-client': {
      const client = action.which === 'backend' ? desired.backendClient : desired.widgetClient;
      return action.which === 'backend'
        ? {
            summary: `create OAuth client ${client.name} (client credentials, role ${desired.role.name})`,
            details: [`token lifetime ${client.accessTokenValiditySeconds} s`, 'its secret goes to the backend only; it is never shown'],
          }
        : {
            summary: `create OAuth client ${client.name} (code grant with PKCE, public)`,
            details: [`redirect URI ${client.registeredRedirectUri.join(', ')}`, `scopes ${client.scope.join(', ')}`, `token lifetime ${client.accessTokenValiditySeconds} s`],
          };
    }
    case 'update-client': {
      const client = action.which === 'backend' ? desired.backendClient : desired.widgetClient;
      return { summary: `update OAuth client ${client.name} (${action.clientId})`, details: diffLines(action.diffs) };
    }
    case 'regenerate-secret':
      return {
        summary: `issue a new secret for OAuth client ${desired.backendClient.name} (${action.clientId})`,
        details: ['the backend does not have the org, and a secret can be read only when it is issued; the old secret stops working'],
      };
    case 'create-widget':
      return { summary: `create interaction widget ${desired.widget.name} (${desired.widget.integrationTypeId})`, details: [] };
    case 'configure-widget':
      return {
        summary: `configure interaction widget ${desired.widget.name}`,
        details: action.diffs.length > 0
          ? diffLines(action.diffs)
          : ['URL, sandbox, permissions policy, communication types, groups, queues, lifecycle hooks, icons; the install record in its notes'],
      };
    case 'enable-widget':
      return { summary: `enable interaction widget ${desired.widget.name}`, details: [] };
    case 'register-tenant':
      return {
        summary: `register the org with the backend ${desired.backendUrl}`,
        details: [
          'sends the org, its API URL, both client ids and the backend client secret to the backend admin API',
          'as you: you sign in once more, through the widget client (the backend accepts only its tokens)',
        ],
      };
  }
}
