/**
 * What an agent may do, from the permissions of their Genesys role (DESIGN.md "Authorisation").
 * Pure: a rule is data, checking it is a function of the permissions the agent holds.
 */

/** The premium app's own permissions (the manifest grants them). */
export const APP_PERMISSIONS = Object.freeze({
  view: 'integration:interactionMerger:view',
  admin: 'integration:interactionMerger:admin',
});

/** One term of a rule: a permission, or a group of alternatives of which one is enough. */
export type PermissionTerm = string | { anyOf: readonly string[] };

/** Every term must hold. */
export interface PermissionRule {
  /** A short code for logs and audit entries, e.g. `merge`. */
  name: string;
  allOf: readonly PermissionTerm[];
}

const ANALYTICS_ANY: PermissionTerm = {
  anyOf: ['analytics:conversationDetail:view', 'analytics:agentConversationDetail:view'],
};
const ASSOCIATE_ANY: PermissionTerm = {
  anyOf: ['externalContacts:conversation:associate', 'relate:conversation:associate'],
};

/** The rules of the API's routes. */
export const RULES = Object.freeze({
  /** Using the app at all. */
  app: { name: 'app', allOf: [APP_PERMISSIONS.view] },
  /** Seeing candidates, searching and previewing: analytics detail, own or everyone's. */
  candidates: { name: 'candidates', allOf: [APP_PERMISSIONS.view, ANALYTICS_ANY] },
  /** Merging: identity merge and conversation association (either permission). */
  merge: { name: 'merge', allOf: [APP_PERMISSIONS.view, 'externalContacts:identity:merge', ASSOCIATE_ANY] },
  /** The admin routes. */
  admin: { name: 'admin', allOf: [APP_PERMISSIONS.admin] },
} satisfies Record<string, PermissionRule>);

/**
 * Whether a granted permission covers a required one. Genesys permission strings are
 * `domain:entity:action`; a `*` segment in the grant covers any value there, and a lone `*`
 * covers everything.
 */
export function grants(granted: string, required: string): boolean {
  if (granted === required || granted === '*') return true;
  const have = granted.split(':');
  const want = required.split(':');
  if (have.length !== want.length) return false;
  return have.every((segment, i) => segment === '*' || segment === want[i]);
}

/** Whether any of `held` covers `required`. */
export function holds(held: readonly string[], required: string): boolean {
  return held.some((granted) => grants(granted, required));
}

/**
 * The terms of `rule` that `held` does not satisfy, as text for the agent: a permission, or its
 * alternatives joined with ` or `. Empty when the rule holds.
 */
export function missingPermissions(held: readonly string[], rule: PermissionRule): string[] {
  const missing: string[] = [];
  for (const term of rule.allOf) {
    if (typeof term === 'string') {
      if (!holds(held, term)) missing.push(term);
    } else if (!term.anyOf.some((alternative) => holds(held, alternative))) {
      missing.push(term.anyOf.join(' or '));
    }
  }
  return missing;
}
