export { createProvisioningApi } from './client.js';
export type {
  ClientWrite, Integration, IntegrationConfig, IntegrationType, OAuthClient, ProvisioningApi, RetryOptions, Role, RoleWrite, TokenInfo, UserMe,
} from './client.js';
export { GenesysError, toGenesysError } from './errors.js';
export { signInWithClientCredentials, signInWithPkce } from './auth.js';
export type { PkceEnvironment, SignIn } from './auth.js';
export { apiBaseUrl, createSdkClient, loginBaseUrl, parseApiUrl, resolveRegion } from './target.js';
export type { GenesysTarget, SdkClient } from './target.js';
