import { AppConfig } from '../config/app-config';

/** The part of the configuration identity reads; unit specs build it directly. */
export type IdentitySettings = Pick<
  AppConfig,
  | 'adminUsername'
  | 'adminPassword'
  | 'sessionIdleMinutes'
  | 'sessionAbsoluteHours'
  | 'sessionCookieSecure'
  | 'loginMaxFailures'
  | 'loginLockoutMinutes'
  | 'loginRateLimit'
  | 'loginRateWindowSeconds'
  | 'tokenRateLimit'
  | 'oidcIssuerUrl'
  | 'oidcClientId'
  | 'oidcClientSecret'
  | 'oidcRedirectUrl'
  | 'oidcScopes'
  | 'oidcUsernameClaim'
  | 'oidcEmailClaim'
  | 'oidcRolesClaim'
  | 'oidcRoleMap'
  | 'oidcAgencyClaim'
>;

export const IDENTITY_SETTINGS = Symbol('IDENTITY_SETTINGS');

export const DEFAULT_IDENTITY_SETTINGS: IdentitySettings = {
  sessionIdleMinutes: 30,
  sessionAbsoluteHours: 12,
  sessionCookieSecure: 'auto',
  loginMaxFailures: 5,
  loginLockoutMinutes: 15,
  loginRateLimit: 10,
  loginRateWindowSeconds: 900,
  tokenRateLimit: 600,
  oidcScopes: 'openid profile email',
  oidcUsernameClaim: 'preferred_username',
  oidcEmailClaim: 'email',
};
