export { createTokenStore } from './tokens.js';
export type { AuthorizationCode, TokenCheck, TokenRecord, TokenStore } from './tokens.js';
export { hasAnyPermission, hasPermission, inDivision, principalFor } from './permissions.js';
export type { Principal } from './permissions.js';
export { isValidCodeVerifier, s256Challenge } from './pkce.js';
export { createOAuthRouter, redirectUriAllowed, tokenLifetimeSeconds } from './oauth.js';
export type { OAuthDeps } from './oauth.js';
export { renderLoginPage } from './login-page.js';
export type { LoginPageInput } from './login-page.js';
