/**
 * The install manifest and the provisioning CLI: what `npm run provision` creates in a Genesys
 * Cloud org (role, OAuth clients, interaction widget), how it plans, installs with rollback,
 * reports drift and uninstalls, and the backend admin API it registers the org with.
 */
export { runProvision, EXIT, parseProvisionArgs, UsageError, USAGE } from './cli/index.js';
export type { CliDeps, ProvisionArgs } from './cli/index.js';
export {
  defaultManifestPath, loadManifest, ManifestError, manifestSchemaPath, normaliseBackendUrl, renderDesired, validateManifest,
} from './manifest/index.js';
export type { DesiredState, LoadedManifest, Manifest, ProvisionCommand } from './manifest/index.js';
export { createProvisioningApi, GenesysError, createSdkClient, signInWithClientCredentials, signInWithPkce } from './genesys/index.js';
export type { GenesysTarget, ProvisioningApi, SignIn } from './genesys/index.js';
export { BackendError, createBackendAdminApi } from './backend/index.js';
export type { BackendAdminApi, TenantLookup, TenantRegistration } from './backend/index.js';
export {
  applyInstall, applyUninstall, compare, MissingPermissionsError, observe, planInstall, planUninstall, parseRecord, formatRecord, whoAmI,
} from './provision/index.js';
export type { InstallOutcome, InstallPlan, Observed, ObjectState, UninstallOutcome, UninstallPlan } from './provision/index.js';
