/**
 * What an install records about itself, in the widget configuration's `notes`: the ids it created
 * and the users it gave the role to. `uninstall` removes those ids and nothing else; objects with
 * the prefixed names but other ids are left alone.
 */
export interface InstallRecord {
  by: 'interaction-merger provision';
  version: 1;
  roleId: string;
  backendClientId: string;
  widgetClientId: string;
  /** Users the install gave the role to (so the role could be given to the backend client). */
  roleAssignedTo: string[];
}

/** The notes text for `record` (compact JSON, well under the 500 characters the premium sample keeps to). */
export function formatRecord(record: Omit<InstallRecord, 'by' | 'version'>): string {
  const full: InstallRecord = { by: 'interaction-merger provision', version: 1, ...record, roleAssignedTo: [...record.roleAssignedTo].sort() };
  return JSON.stringify(full);
}

/** The record in `notes`, or null when the notes hold none (or something else). */
export function parseRecord(notes: string | undefined | null): InstallRecord | null {
  if (!notes) return null;
  try {
    const value = JSON.parse(notes) as Partial<InstallRecord>;
    if (value.by !== 'interaction-merger provision' || value.version !== 1) return null;
    if (typeof value.roleId !== 'string' || typeof value.backendClientId !== 'string' || typeof value.widgetClientId !== 'string') return null;
    const assigned = Array.isArray(value.roleAssignedTo) ? value.roleAssignedTo.filter((v): v is string => typeof v === 'string') : [];
    return { by: value.by, version: 1, roleId: value.roleId, backendClientId: value.backendClientId, widgetClientId: value.widgetClientId, roleAssignedTo: assigned };
  } catch {
    return null;
  }
}
