import { Inject, Injectable, Logger } from '@nestjs/common';
import type * as OpenIdClientLibrary from 'openid-client';
import { IDENTITY_SETTINGS, IdentitySettings } from '../identity-settings';
import { AuthorizationRequest, CallbackChecks, OidcClient, ProviderClaims } from './oidc-client';

type Library = typeof OpenIdClientLibrary;
interface Discovered {
  lib: Library;
  config: OpenIdClientLibrary.Configuration;
}

/** Plain http is allowed only for an identity provider on this machine (tests, development). */
function isLoopback(url: URL): boolean {
  return ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}

/**
 * The identity provider through openid-client (v6, a certified relying party library).
 * The library is ESM-only: loaded with a dynamic import on first use, so only a deployment
 * with OIDC configured loads it (Node 20.19+ `require(esm)` in the built CommonJS), and jest
 * never does. Discovery happens at the first sign-in, not at start-up, and is retried after a
 * failure, so a provider that is down does not keep the service from starting.
 */
@Injectable()
export class OpenIdClientAdapter extends OidcClient {
  private readonly logger = new Logger('OpenIdConnect');
  private discovered?: Promise<Discovered>;

  constructor(@Inject(IDENTITY_SETTINGS) private readonly settings: IdentitySettings) {
    super();
  }

  private discover(): Promise<Discovered> {
    this.discovered ??= (async () => {
      const { oidcIssuerUrl, oidcClientId, oidcClientSecret } = this.settings;
      if (!oidcIssuerUrl || !oidcClientId || !oidcClientSecret)
        throw new Error('OpenID Connect is not configured');
      const lib = await import('openid-client');
      const issuer = new URL(oidcIssuerUrl);
      const config = await lib.discovery(
        issuer,
        oidcClientId,
        undefined,
        lib.ClientSecretBasic(oidcClientSecret),
        issuer.protocol === 'http:' && isLoopback(issuer)
          ? { execute: [lib.allowInsecureRequests] }
          : undefined,
      );
      return { lib, config };
    })();
    this.discovered.catch((error: Error) => {
      this.logger.warn(`discovery of ${this.settings.oidcIssuerUrl} failed: ${error.message}`);
      this.discovered = undefined;
    });
    return this.discovered;
  }

  async authorizationUrl(request: AuthorizationRequest): Promise<string> {
    const { lib, config } = await this.discover();
    const scopes = new Set(['openid', ...this.settings.oidcScopes.split(/\s+/).filter(Boolean)]);
    return lib.buildAuthorizationUrl(config, {
      redirect_uri: this.settings.oidcRedirectUrl!,
      scope: [...scopes].join(' '),
      state: request.state,
      nonce: request.nonce,
      code_challenge: request.codeChallenge,
      code_challenge_method: 'S256',
    }).href;
  }

  async redeem(callbackUrl: URL, checks: CallbackChecks): Promise<ProviderClaims> {
    const { lib, config } = await this.discover();
    const tokens = await lib.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: checks.codeVerifier,
      expectedState: checks.state,
      expectedNonce: checks.nonce,
      idTokenExpected: true,
    });
    const idToken = tokens.claims()!;
    // Providers put profile claims (roles, agency) in UserInfo rather than the ID token.
    const userInfo =
      config.serverMetadata().userinfo_endpoint && tokens.access_token
        ? await lib.fetchUserInfo(config, tokens.access_token, idToken.sub)
        : {};
    return { ...userInfo, ...idToken } as ProviderClaims;
  }
}
