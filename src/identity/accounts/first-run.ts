import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { IDENTITY_SETTINGS, IdentitySettings } from '../identity-settings';
import { AccountRepository } from './account';
import { AccountsService } from './accounts.service';

export const DEFAULT_ADMIN_USERNAME = 'admin';

/**
 * When no account exists: ADMIN_USERNAME + ADMIN_PASSWORD create that administrator (for
 * automation); otherwise `admin` gets a one-time password, printed once in the start-up log
 * and to be changed at first sign-in. Replicas starting together: the unique username lets
 * one win; the others find the account and do nothing.
 */
@Injectable()
export class FirstRunBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger('Identity');

  constructor(
    private readonly accounts: AccountRepository,
    private readonly service: AccountsService,
    @Inject(IDENTITY_SETTINGS) private readonly settings: IdentitySettings,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.ensureAdministrator();
  }

  /** Answers what it did, for the specs. */
  async ensureAdministrator(): Promise<'exists' | 'from-environment' | 'one-time-password'> {
    const { adminUsername, adminPassword } = this.settings;
    if ((adminUsername === undefined) !== (adminPassword === undefined))
      throw new Error('ADMIN_USERNAME and ADMIN_PASSWORD must be set together');
    if ((await this.accounts.countAll()) > 0) return 'exists';
    const admin = {
      username: adminUsername ?? DEFAULT_ADMIN_USERNAME,
      displayName: 'Quản trị hệ thống',
      roles: ['admin' as const],
    };
    try {
      if (adminPassword !== undefined) {
        await this.service.create({ ...admin, password: adminPassword }, 'system', {
          mustChangePassword: false,
        });
        this.logger.log(
          `First run: created the administrator ${admin.username} from the environment`,
        );
        return 'from-environment';
      }
      const created = await this.service.create(admin, 'system');
      this.logger.warn(
        `First run: created the administrator ${admin.username} with the one-time password ${created.issuedPassword} ; sign in (POST /auth/login) and change it (POST /auth/password). It is not shown again.`,
      );
      return 'one-time-password';
    } catch (error) {
      if (
        (error as { code?: unknown }).code === 'USERNAME_TAKEN' ||
        (error as { code?: unknown }).code === 11000
      )
        return 'exists';
      throw error;
    }
  }
}
