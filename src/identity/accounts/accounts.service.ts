import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditTrail, diffFields } from '../../audit/audit';
import { writeRevision } from '../../audit/revised-write';
import {
  ErrorDetail,
  NotFoundError,
  RuleViolationError,
  StateConflictError,
} from '../../common/errors/domain-errors';
import { Page } from '../../common/http/pagination';
import { Clock } from '../../common/time/clock';
import { Principal } from '../authentication/principal';
import { PasswordHasher } from '../passwords/password-hasher';
import { assertPasswordPolicy } from '../passwords/password-policy';
import { randomSecret } from '../secrets';
import { SessionsService } from '../sessions/sessions.service';
import {
  Account,
  AccountRepository,
  AccountStatus,
  AccountView,
  normalizeUsername,
  Role,
  toAccountView,
} from './account';

export interface AccountInput {
  displayName: string;
  email?: string;
  roles: Role[];
  agencyCodes?: string[];
  province?: string;
}

/** Roles that act for agencies need at least one agency to act for. */
const AGENCY_ROLES: Role[] = ['officer', 'approver'];
const AUDITED_FIELDS = ['displayName', 'email', 'roles', 'agencyCodes', 'province', 'status'];

/** A one-time password people can type: 18 random bytes, 24 base64url characters. */
export function issuePassword(): string {
  return randomSecret(18);
}

@Injectable()
export class AccountsService {
  constructor(
    private readonly accounts: AccountRepository,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionsService,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
  ) {}

  /**
   * An admin creates an account. The password is issued (given, or made and answered once
   * as `issuedPassword`): the holder must change it at first sign-in.
   */
  async create(
    input: AccountInput & { username: string; password?: string },
    actor: Principal | 'system',
    options: { mustChangePassword?: boolean } = {},
  ): Promise<AccountView & { issuedPassword?: string }> {
    const username = normalizeUsername(input.username);
    assertScope(input.roles, input.agencyCodes ?? []);
    if (input.password !== undefined) assertPasswordPolicy(input.password, username, 'password');
    if (await this.accounts.findByUsername(username)) throw usernameTaken(username);
    const password = input.password ?? issuePassword();
    const now = this.clock.now();
    const by = actor === 'system' ? 'system' : actor.username;
    const account: Account = {
      id: randomUUID(),
      username,
      displayName: input.displayName,
      ...(input.email !== undefined && { email: input.email }),
      roles: input.roles,
      agencyCodes: input.agencyCodes ?? [],
      ...(input.province !== undefined && { province: input.province }),
      status: 'active',
      passwordHash: await this.hasher.hash(password),
      mustChangePassword: options.mustChangePassword ?? true,
      failedLogins: 0,
      revision: 1,
      createdAt: now,
      updatedAt: now,
      createdBy: by,
      updatedBy: by,
    };
    await this.accounts.insert(account);
    await this.audit.record({
      entityType: 'account',
      entityId: account.id,
      action: 'created',
      actor: by,
      changes: diffFields({}, account as never, ['username', ...AUDITED_FIELDS]),
    });
    return {
      ...toAccountView(account),
      ...(input.password === undefined && { issuedPassword: password }),
    };
  }

  async list(page: number, pageSize: number): Promise<Page<AccountView>> {
    const { items, total } = await this.accounts.list((page - 1) * pageSize, pageSize);
    return { items: items.map(toAccountView), total, page, pageSize };
  }

  async get(id: string): Promise<AccountView> {
    return toAccountView(await this.find(id));
  }

  /**
   * An admin edits an account on the revision they read. A new password is issued (must be
   * changed); a new password or disabling ends the account's sessions.
   */
  async update(
    id: string,
    input: Partial<AccountInput> & { revision: number; status?: AccountStatus; password?: string },
    actor: Principal,
  ): Promise<AccountView> {
    const before = await this.find(id);
    const { revision, password, ...given } = input;
    // Absent means unchanged (DTO instances carry every declared field, undefined or not).
    const fields = Object.fromEntries(
      Object.entries(given).filter(([, v]) => v !== undefined),
    ) as typeof given;
    const roles = fields.roles ?? before.roles;
    assertScope(roles, fields.agencyCodes ?? before.agencyCodes);
    if (before.id === actor.accountId) assertNoSelfLockout(roles, fields.status);
    if (password !== undefined) assertPasswordPolicy(password, before.username, 'password');
    const changes: Partial<Account> = { ...fields };
    if (password !== undefined) {
      changes.passwordHash = await this.hasher.hash(password);
      changes.mustChangePassword = true;
    }
    const auditChanges = diffFields(
      before as never,
      { ...before, ...fields } as never,
      AUDITED_FIELDS,
    );
    if (password !== undefined) auditChanges.push({ field: 'password', to: '(issued)' });
    const saved = await writeRevision(this.accounts, this.audit, {
      entityType: 'account',
      id,
      before: { ...before, revision },
      changes,
      actor: actor.username,
      at: this.clock.now(),
      action: 'updated',
      auditChanges,
    });
    if (password !== undefined || fields.status === 'disabled') await this.sessions.endAllFor(id);
    return toAccountView(saved);
  }

  private async find(id: string): Promise<Account> {
    const account = await this.accounts.findById(id);
    if (!account) throw new NotFoundError('Account', id);
    return account;
  }
}

function assertScope(roles: Role[], agencyCodes: string[]): void {
  const needing = roles.filter((r) => AGENCY_ROLES.includes(r));
  if (needing.length > 0 && agencyCodes.length === 0) {
    const details: ErrorDetail[] = [
      {
        field: 'agencyCodes',
        code: 'SCOPE_REQUIRED',
        message: `the role ${needing.join(', ')} needs at least one agency code`,
      },
    ];
    throw new RuleViolationError('SCOPE_REQUIRED', details[0].message, details);
  }
}

/** Someone must stay able to administer: the admin's own role and status are not theirs to drop. */
function assertNoSelfLockout(roles: Role[], status: AccountStatus | undefined): void {
  const details: ErrorDetail[] = [];
  if (!roles.includes('admin'))
    details.push({
      field: 'roles',
      code: 'SELF_LOCKOUT',
      message: 'an administrator cannot remove their own admin role',
    });
  if (status === 'disabled')
    details.push({
      field: 'status',
      code: 'SELF_LOCKOUT',
      message: 'an administrator cannot disable their own account',
    });
  if (details.length > 0)
    throw new RuleViolationError(
      'SELF_LOCKOUT',
      'An administrator cannot remove their own admin role or disable themselves',
      details,
    );
}

function usernameTaken(username: string): StateConflictError {
  return new StateConflictError('USERNAME_TAKEN', `The username ${username} is taken`, [
    { field: 'username', code: 'DUPLICATE', message: `an account ${username} already exists` },
  ]);
}
