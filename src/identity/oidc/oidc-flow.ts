/**
 * One sign-in through the identity provider between the redirect out and the callback back:
 * what the callback must match. Keyed by the state's hash; bound to the browser that started
 * it by a cookie (its hash here), so a callback URL handed to someone else signs nobody in.
 */
export interface OidcFlow {
  stateHash: string;
  bindingHash: string;
  nonce: string;
  codeVerifier: string;
  createdAt: Date;
  expiresAt: Date;
}

export abstract class OidcFlowRepository {
  abstract insert(flow: OidcFlow): Promise<void>;
  /** Removes and answers the flow, atomically: a callback is redeemed once, on one replica. */
  abstract take(stateHash: string): Promise<OidcFlow | null>;
}
