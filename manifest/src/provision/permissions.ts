/**
 * Whether a granted permission covers a required one (`domain:entity:action`; a `*` segment in the
 * grant covers anything there, a lone `*` covers everything), as Genesys Cloud evaluates roles.
 */
export function grants(granted: string, required: string): boolean {
  if (granted === required || granted === '*') return true;
  const have = granted.split(':');
  const want = required.split(':');
  return have.length === want.length && have.every((segment, i) => segment === '*' || segment === want[i]);
}

/** The entries of `required` that `held` does not cover, in order. */
export function missingPermissions<T extends { permission: string }>(held: readonly string[], required: readonly T[]): T[] {
  return required.filter((r) => !held.some((granted) => grants(granted, r.permission)));
}

/** The admin lacks permissions a command needs: each with the reason the installer needs it. */
export class MissingPermissionsError extends Error {
  override readonly name = 'MissingPermissionsError';
  constructor(
    readonly command: string,
    readonly missing: ReadonlyArray<{ permission: string; reason: string }>,
    /** Who lacks them, e.g. `Ada Admin` or `client Interaction Merger Admin CLI`. */
    readonly who: string,
  ) {
    super(
      `${who} cannot run ${command}: the role${missing.length === 1 ? ' lacks' : 's lack'} ${missing.length === 1 ? 'this permission' : 'these permissions'}:\n` +
        missing.map((m) => `  - ${m.permission}: ${m.reason}`).join('\n') +
        '\nAsk a Genesys Cloud administrator to add them to one of your roles (Admin > Roles / Permissions), then run it again.',
    );
  }
}
