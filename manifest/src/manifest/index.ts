export { defaultManifestPath, loadManifest, ManifestError, manifestSchemaPath, validateManifest } from './load.js';
export { IFRAME_PROPERTIES, normaliseBackendUrl, renderDesired } from './desired.js';
export type { DesiredClient, DesiredState } from './desired.js';
export type { IconPaths, InstallerPermission, LoadedManifest, Manifest, ProvisionCommand, ReasonedPermission } from './types.js';
