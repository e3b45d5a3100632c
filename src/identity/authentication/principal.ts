import type { Role } from '../accounts/account';
import type { TokenScope } from '../tokens/access-token';

/**
 * Who a request acts for: what the route guard decides on and the audit trail records.
 * `credentialHash` is the SHA-256 of the session id or token secret, never the secret.
 */
export interface Principal {
  accountId: string;
  username: string;
  roles: Role[];
  agencyCodes: string[];
  province?: string;
  via: 'session' | 'token';
  /** A token's scopes (absent for a session: everything the roles allow). */
  scopes?: TokenScope[];
  credentialHash: string;
  /** An issued password not yet replaced: only the password change is open. */
  mustChangePassword: boolean;
}
