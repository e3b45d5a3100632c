import { Injectable } from '@nestjs/common';
import { CreateAgencyDto } from '../../agencies/agency.dto';
import { AgenciesService } from '../../agencies/agencies.service';
import { AGENCY_KINDS } from '../../domain/vocabulary';
import { ROLES } from '../../identity/accounts/account';
import { AccountsService } from '../../identity/accounts/accounts.service';
import type { Principal } from '../../identity/authentication/principal';
import { CreateAccountDto } from '../../identity/identity.dto';
import { FieldErrors, fieldErrorsOf, formAs, withoutBlanks } from '../forms/form-errors';
import { pageOf } from '../forms/query';
import { PageView } from '../rendering/page-renderer';

const many = (v: unknown): string[] =>
  (Array.isArray(v) ? v : typeof v === 'string' ? [v] : []).map(String).filter(Boolean);

@Injectable()
export class AdminPages {
  constructor(
    private readonly accounts: AccountsService,
    private readonly agencies: AgenciesService,
  ) {}

  async accountsPage(
    query: Record<string, unknown>,
    form?: { values: Record<string, unknown>; errors: FieldErrors },
    created?: { username: string; issuedPassword?: string },
  ): Promise<PageView> {
    const [page, agencies] = await Promise.all([
      this.accounts.list(pageOf(query.page), 50),
      this.agencies.list(),
    ]);
    return {
      template: 'admin-accounts.njk',
      title: 'Quản trị tài khoản',
      status: form ? 422 : created ? 201 : 200,
      data: {
        page,
        agencies,
        roles: ROLES,
        created,
        form: form ?? { values: { roles: [], agencyCodes: [] }, errors: {} },
      },
    };
  }

  /** The same create as POST /users: without a password one is issued and shown once. */
  async createAccount(who: Principal, body: Record<string, unknown>): Promise<PageView> {
    const input = {
      ...withoutBlanks(body),
      roles: many(body.roles),
      agencyCodes: many(body.agencyCodes),
    };
    try {
      const account = await this.accounts.create(await formAs(CreateAccountDto, input), who);
      return this.accountsPage({}, undefined, {
        username: account.username,
        issuedPassword: account.issuedPassword,
      });
    } catch (error) {
      return this.accountsPage(
        {},
        {
          values: { ...body, roles: input.roles, agencyCodes: input.agencyCodes, password: '' },
          errors: fieldErrorsOf(error),
        },
      );
    }
  }

  async agenciesPage(
    form?: { values: Record<string, unknown>; errors: FieldErrors },
    created?: string,
  ): Promise<PageView> {
    return {
      template: 'admin-agencies.njk',
      title: 'Quản trị cơ quan',
      status: form ? 422 : 200,
      data: {
        agencies: await this.agencies.list(),
        kinds: AGENCY_KINDS,
        created,
        form: form ?? { values: {}, errors: {} },
      },
    };
  }

  /** The same create as POST /agencies. */
  async createAgency(who: Principal, body: Record<string, unknown>): Promise<PageView> {
    try {
      const agency = await this.agencies.create(
        await formAs(CreateAgencyDto, withoutBlanks(body)),
        who.username,
      );
      return this.agenciesPage(undefined, `${agency.name} (${agency.code})`);
    } catch (error) {
      return this.agenciesPage({ values: body, errors: fieldErrorsOf(error) });
    }
  }
}
