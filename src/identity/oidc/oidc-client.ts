/** What the sign-in asks of the identity provider's authorization endpoint. */
export interface AuthorizationRequest {
  state: string;
  nonce: string;
  /** S256 of the flow's PKCE code verifier. */
  codeChallenge: string;
}

/** What the callback must match: the values this flow sent. */
export interface CallbackChecks {
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** The ID token's claims (verified), merged over the UserInfo answer. */
export type ProviderClaims = Record<string, unknown> & { iss: string; sub: string };

/**
 * The province's identity provider, as sign-in needs it. A port: unit specs use a fake, and
 * the adapter (openid-client.adapter.ts) loads the ESM-only client library only when used.
 */
export abstract class OidcClient {
  /** The provider's authorization URL for this request (code flow, PKCE S256). */
  abstract authorizationUrl(request: AuthorizationRequest): Promise<string>;
  /**
   * Redeems the code of `callbackUrl` (the redirect URL with the provider's query): checks
   * state, issuer, the ID token (signature, audience, nonce, expiry) and PKCE. Throws on any
   * refusal.
   */
  abstract redeem(callbackUrl: URL, checks: CallbackChecks): Promise<ProviderClaims>;
}
