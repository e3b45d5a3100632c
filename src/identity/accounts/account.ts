export const ROLES = ['admin', 'coordinator', 'officer', 'approver', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const ACCOUNT_STATUSES = ['active', 'disabled'] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];

export interface OidcLink {
  issuer: string;
  subject: string;
}

export interface Account {
  id: string;
  /** Unique, compared case-insensitively: always stored lower-case. */
  username: string;
  displayName: string;
  email?: string;
  roles: Role[];
  /** Agencies an officer or approver acts for; empty for province-wide roles. */
  agencyCodes: string[];
  province?: string;
  /** The identity provider's subject this account signs in as (OpenID Connect). */
  oidc?: OidcLink;
  status: AccountStatus;
  passwordHash: string;
  /** Set when the password was issued by someone else (an admin, the first run). */
  mustChangePassword: boolean;
  /** Consecutive wrong passwords since the last success or lock. */
  failedLogins: number;
  lockedUntil?: Date;
  lastLoginAt?: Date;
  revision: number;
  createdAt: Date;
  updatedAt: Date;
  createdBy: string;
  updatedBy: string;
}

/** What the API answers about an account: never the hash, never the lockout counters. */
export type AccountView = Omit<Account, 'passwordHash' | 'failedLogins'>;

export function toAccountView(account: Account): AccountView {
  const { passwordHash: _h, failedLogins: _f, ...view } = account;
  return view;
}

export function normalizeUsername(username: string): string {
  return username.normalize('NFC').trim().toLowerCase();
}

/** Persistence port of the accounts: what identity needs from storage, nothing more. */
export abstract class AccountRepository {
  /** Fails with a duplicate-key error when the username is taken. */
  abstract insert(account: Account): Promise<Account>;
  abstract findById(id: string): Promise<Account | null>;
  /** `username` already normalised (lower-case). */
  abstract findByUsername(username: string): Promise<Account | null>;
  abstract countAll(): Promise<number>;
  /** The account linked to this identity provider subject. */
  abstract findByOidcSubject(link: OidcLink): Promise<Account | null>;
  /** Accounts with this e-mail address (already lower-case). */
  abstract findByEmail(email: string): Promise<Account[]>;
  /** Links the account to a subject, only if it has no link yet; false otherwise. */
  abstract linkOidc(id: string, link: OidcLink): Promise<boolean>;
  abstract list(skip: number, limit: number): Promise<{ items: Account[]; total: number }>;
  /** Applies `changes` only if the stored revision is still `revision`. */
  abstract updateIfRevision(
    id: string,
    revision: number,
    changes: Partial<Account>,
  ): Promise<Account | null>;
  /** Atomically counts one more wrong password; answers the new count. */
  abstract recordFailedLogin(id: string): Promise<number>;
  /** Locks sign-in until `until` and starts the failure count again. */
  abstract lock(id: string, until: Date): Promise<void>;
  /** A successful sign-in clears failures and lock. */
  abstract recordSuccessfulLogin(id: string, at: Date): Promise<void>;
  /** Sets a new password hash (not a revisioned edit: the owner's own action). */
  abstract setPassword(
    id: string,
    passwordHash: string,
    mustChangePassword: boolean,
    at: Date,
    actor: string,
  ): Promise<void>;
}
