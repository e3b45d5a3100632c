import { Injectable } from '@nestjs/common';
import { CreateAgencyDto, UpdateAgencyDto } from '../../agencies/agency.dto';
import { AgenciesService } from '../../agencies/agencies.service';
import { DomainError } from '../../common/errors/domain-errors';
import { CreateFieldDto, UpdateFieldDto } from '../../fields/fields.dto';
import { FieldsService } from '../../fields/fields.service';
import { AGENCY_KINDS } from '../../domain/vocabulary';
import { ACCOUNT_STATUSES, AccountView, ROLES } from '../../identity/accounts/account';
import { AccountsService, issuePassword } from '../../identity/accounts/accounts.service';
import type { Principal } from '../../identity/authentication/principal';
import { CreateAccountDto, UpdateAccountDto } from '../../identity/identity.dto';
import { FieldErrors, fieldErrorsOf, formAs, withoutBlanks } from '../forms/form-errors';
import { pageOf } from '../forms/query';
import { PageView } from '../rendering/page-renderer';
import { PageResult, redirectTo } from '../rendering/page-responder';

/** Refusals whose shared detail code ("DUPLICATE") says too little beside the field. */
const ADMIN_FIELD_MESSAGES: Record<string, Record<string, string>> = {
  AGENCY_NAME_EXISTS: {
    name: 'Đã có cơ quan mang tên này (không phân biệt chữ hoa, chữ thường)',
  },
  AGENCY_EXISTS: { code: 'Đã có cơ quan với mã này' },
  USERNAME_TAKEN: { username: 'Tên đăng nhập đã có người dùng' },
  SELF_LOCKOUT: {
    roles: 'Không thể tự bỏ quyền quản trị của chính mình',
    status: 'Không thể tự khóa tài khoản của chính mình',
  },
  STALE_REVISION: { '': 'Dữ liệu vừa được người khác sửa; hãy tải lại trang rồi sửa lại' },
};

/** The refusal beside its field in Vietnamese, and the status the API would answer. */
export function adminRefusal(
  error: unknown,
  invalid: Record<string, string> = {},
): { errors: FieldErrors; status: number } {
  const errors = fieldErrorsOf(error);
  const e = error as DomainError;
  for (const [field, message] of Object.entries(ADMIN_FIELD_MESSAGES[e.code] ?? {}))
    if (field in errors || field === '') errors[field] = message;
  // A form's own words for a malformed value, where the shared one would mislead.
  if (e.status === 400)
    for (const [field, message] of Object.entries(invalid))
      if (field in errors) errors[field] = message;
  if (e.code === 'STALE_REVISION') for (const k of Object.keys(errors)) if (k) delete errors[k];
  return { errors, status: e.status };
}

const DONE_VI: Record<string, string> = {
  saved: 'Đã lưu các thay đổi.',
  created: 'Đã thêm lĩnh vực.',
};

const FIELD_CODE_VI = 'Mã gồm chữ thường không dấu, chữ số và dấu -, ví dụ khai-khoang';

/** One alias a line (aliases may hold commas: "thuế, phí, lệ phí"). */
const lines = (v: unknown): string[] =>
  typeof v === 'string'
    ? v
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter(Boolean)
    : [];

const many = (v: unknown): string[] =>
  (Array.isArray(v) ? v : typeof v === 'string' ? [v] : []).map(String).filter(Boolean);

@Injectable()
export class AdminPages {
  constructor(
    private readonly accounts: AccountsService,
    private readonly agencies: AgenciesService,
    private readonly fields: FieldsService,
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
          errors: adminRefusal(error).errors,
        },
      );
    }
  }

  async accountPage(
    id: string,
    query: Record<string, unknown> = {},
    form?: { values: Record<string, unknown>; errors: FieldErrors; status: number },
    issued?: string,
  ): Promise<PageView> {
    const [account, agencies] = await Promise.all([this.accounts.get(id), this.agencies.list()]);
    return {
      template: 'admin-account.njk',
      title: `Sửa tài khoản ${account.username}`,
      status: form?.status ?? 200,
      data: {
        account,
        agencies,
        roles: ROLES,
        statuses: ACCOUNT_STATUSES,
        issued,
        notice: DONE_VI[String(query.done)] ?? '',
        form: form ?? { values: accountValues(account), errors: {} },
      },
    };
  }

  /** The same edit as PATCH /users/:id, on the revision the form was read at. */
  async updateAccount(
    who: Principal,
    id: string,
    body: Record<string, unknown>,
  ): Promise<PageResult> {
    const input = {
      ...withoutBlanks(body),
      roles: many(body.roles),
      agencyCodes: many(body.agencyCodes),
      revision: Number(body.revision),
    };
    try {
      await this.accounts.update(id, await formAs(UpdateAccountDto, input), who);
      return redirectTo(`/web/admin/accounts/${encodeURIComponent(id)}?done=saved`);
    } catch (error) {
      const { errors, status } = adminRefusal(error);
      const values = { ...body, roles: input.roles, agencyCodes: input.agencyCodes };
      return this.accountPage(id, {}, { values, errors, status });
    }
  }

  /**
   * A new one-time password, through the same edit as PATCH /users/:id {password}: the
   * account's sessions end and the holder must change it at next sign-in. Shown once, here.
   */
  async resetPassword(
    who: Principal,
    id: string,
    body: Record<string, unknown>,
  ): Promise<PageResult> {
    const password = issuePassword();
    try {
      const dto = await formAs(UpdateAccountDto, { revision: Number(body.revision), password });
      await this.accounts.update(id, dto, who);
      return this.accountPage(id, {}, undefined, password);
    } catch (error) {
      const { errors, status } = adminRefusal(error);
      const account = await this.accounts.get(id);
      return this.accountPage(id, {}, { values: accountValues(account), errors, status });
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
      return this.agenciesPage({ values: body, errors: adminRefusal(error).errors });
    }
  }

  async agencyPage(
    code: string,
    query: Record<string, unknown> = {},
    form?: { values: Record<string, unknown>; errors: FieldErrors; status: number },
  ): Promise<PageView> {
    const agency = await this.agencies.get(code);
    return {
      template: 'admin-agency.njk',
      title: `Sửa cơ quan ${agency.code}`,
      status: form?.status ?? 200,
      data: {
        agency,
        kinds: AGENCY_KINDS,
        notice: DONE_VI[String(query.done)] ?? '',
        form: form ?? {
          values: {
            name: agency.name,
            kind: agency.kind,
            contactEmail: agency.contactEmail ?? '',
            active: agency.active,
            revision: agency.revision ?? 0,
          },
          errors: {},
        },
      },
    };
  }

  /** The same edit as PATCH /agencies/:code, on the revision the form was read at. */
  async updateAgency(
    who: Principal,
    code: string,
    body: Record<string, unknown>,
  ): Promise<PageResult> {
    // An unticked box is not sent at all: the form always means "active or not".
    const active = body.active === 'on' || body.active === 'true';
    const { active: _box, ...rest } = withoutBlanks(body);
    void _box;
    const input = { ...rest, active, revision: Number(body.revision) };
    try {
      const saved = await this.agencies.update(
        code,
        await formAs(UpdateAgencyDto, input),
        who.username,
      );
      return redirectTo(`/web/admin/agencies/${encodeURIComponent(saved.code)}?done=saved`);
    } catch (error) {
      const { errors, status } = adminRefusal(error);
      return this.agencyPage(code, {}, { values: { ...body, active }, errors, status });
    }
  }
  async fieldsPage(
    query: Record<string, unknown> = {},
    form?: { values: Record<string, unknown>; errors: FieldErrors; status: number },
  ): Promise<PageView> {
    return {
      template: 'admin-fields.njk',
      title: 'Quản trị lĩnh vực quản lý nhà nước',
      status: form?.status ?? 200,
      data: {
        fields: await this.fields.list(),
        notice: DONE_VI[String(query.done)] ?? '',
        created: typeof query.code === 'string' ? query.code : '',
        form: form ?? { values: {}, errors: {} },
      },
    };
  }

  /** The same create as POST /fields. */
  async createField(who: Principal, body: Record<string, unknown>): Promise<PageResult> {
    const input = { ...withoutBlanks(body), aliases: lines(body.aliases) };
    try {
      const made = await this.fields.create(await formAs(CreateFieldDto, input), who.username);
      return redirectTo(`/web/admin/fields?done=created&code=${encodeURIComponent(made.code)}`);
    } catch (error) {
      const { errors, status } = adminRefusal(error, { code: FIELD_CODE_VI });
      return this.fieldsPage({}, { values: body, errors, status });
    }
  }

  async fieldPage(
    code: string,
    query: Record<string, unknown> = {},
    form?: { values: Record<string, unknown>; errors: FieldErrors; status: number },
  ): Promise<PageView> {
    const [field, using] = await Promise.all([
      this.fields.get(code),
      this.fields.inspectionsUsing(code),
    ]);
    return {
      template: 'admin-field.njk',
      title: `Sửa lĩnh vực ${field.vi}`,
      status: form?.status ?? 200,
      data: {
        field,
        using,
        notice: DONE_VI[String(query.done)] ?? '',
        form: form ?? {
          values: {
            vi: field.vi,
            en: field.en,
            aliases: field.aliases.join('\n'),
            active: field.active,
            revision: field.revision,
          },
          errors: {},
        },
      },
    };
  }

  /** The same edit as PATCH /fields/:code: rename (the former name stays an alias), deactivate. */
  async updateField(
    who: Principal,
    code: string,
    body: Record<string, unknown>,
  ): Promise<PageResult> {
    const active = body.active === 'on' || body.active === 'true';
    const { active: _box, ...rest } = withoutBlanks(body);
    void _box;
    const input = {
      ...rest,
      aliases: lines(body.aliases),
      active,
      revision: Number(body.revision),
    };
    try {
      await this.fields.update(code, await formAs(UpdateFieldDto, input), who.username);
      return redirectTo(`/web/admin/fields/${encodeURIComponent(code)}?done=saved`);
    } catch (error) {
      const { errors, status } = adminRefusal(error);
      return this.fieldPage(code, {}, { values: { ...body, active }, errors, status });
    }
  }
}

function accountValues(a: AccountView): Record<string, unknown> {
  return {
    displayName: a.displayName,
    email: a.email ?? '',
    roles: a.roles,
    agencyCodes: a.agencyCodes,
    status: a.status,
    revision: a.revision,
  };
}
