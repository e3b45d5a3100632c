import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { AuditTrail, diffFields } from '../audit/audit';
import { writeRevision } from '../audit/revised-write';
import {
  ErrorDetail,
  NotFoundError,
  RuleViolationError,
  StateConflictError,
} from '../common/errors/domain-errors';
import { Clock } from '../common/time/clock';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import {
  aliasesAfterRename,
  FieldOfManagement,
  fieldNameClashes,
  fieldNameKey,
} from '../domain/fields-of-management';
import { FieldChanges, FieldRepository, FieldUsage, StoredField } from './field';
import { configuredFields, FieldCatalog } from './field-catalog';
import { CreateFieldDto, UpdateFieldDto } from './fields.dto';

/**
 * How often a replica re-reads the stored catalogue: a field another replica added or renamed
 * shows in this one's pick lists and imports within this time (writes made here, at once).
 */
export const FIELD_CATALOG_REFRESH_MS = 10_000;

const AUDITED = ['vi', 'en', 'aliases', 'active'];

/** The stored catalogue: seeded once, edited by administrators, mirrored into FieldCatalog. */
@Injectable()
export class FieldsService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Fields');
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly fields: FieldRepository,
    private readonly usage: FieldUsage,
    private readonly catalog: FieldCatalog,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    const now = this.clock.now();
    const seeded = await this.fields.seedIfEmpty(
      configuredFields(this.config).map((f) => ({
        code: f.code,
        vi: f.vi,
        en: f.en,
        aliases: [...(f.aliases ?? [])],
        active: true,
        revision: 1,
        createdAt: now,
        updatedAt: now,
        createdBy: 'system',
        updatedBy: 'system',
      })),
    );
    if (seeded > 0)
      this.logger.log(
        `Seeded ${seeded} fields of state management from ${this.config.fieldsOfManagementFile ?? 'the built-in list'}`,
      );
    await this.refresh();
    this.timer = setInterval(() => void this.refreshQuietly(), FIELD_CATALOG_REFRESH_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Re-reads the stored catalogue into the in-memory snapshot. */
  async refresh(): Promise<void> {
    this.catalog.replace(await this.fields.list());
  }

  async list(filter: { active?: boolean } = {}): Promise<StoredField[]> {
    const all = await this.fields.list();
    return filter.active === undefined ? all : all.filter((f) => f.active === filter.active);
  }

  async get(code: string): Promise<StoredField> {
    const field = await this.fields.findByCode(code);
    if (!field) throw new NotFoundError('Field', code);
    return field;
  }

  /** How many inspections name the field (a field in use is deactivated, never deleted). */
  inspectionsUsing(code: string): Promise<number> {
    return this.usage.inspectionsUsing(code);
  }

  async create(input: CreateFieldDto, actor: string): Promise<StoredField> {
    const candidate: FieldOfManagement = {
      code: input.code,
      vi: input.vi,
      en: input.en ?? input.vi,
      aliases: input.aliases ?? [],
    };
    const all = await this.fields.list();
    if (all.some((f) => f.code === input.code))
      throw new StateConflictError('FIELD_EXISTS', `Field ${input.code} already exists`, [
        {
          field: 'code',
          code: 'DUPLICATE',
          message: `a field with code ${input.code} already exists`,
          messageVi: 'Đã có lĩnh vực với mã này',
        },
      ]);
    assertDistinctNames(candidate, all);
    const now = this.clock.now();
    const field: StoredField = {
      ...candidate,
      aliases: [...(candidate.aliases ?? [])],
      active: true,
      revision: 1,
      createdAt: now,
      updatedAt: now,
      createdBy: actor,
      updatedBy: actor,
    };
    await this.fields.insert(field);
    await this.audit.record({
      entityType: 'field',
      entityId: field.code,
      action: 'created',
      actor,
      changes: diffFields({}, field as never, ['code', ...AUDITED]),
    });
    await this.refresh();
    return field;
  }

  /** Renames (the former name stays an alias), edits aliases, deactivates or reactivates. */
  async update(code: string, input: UpdateFieldDto, actor: string): Promise<StoredField> {
    const before = await this.get(code);
    const changes: FieldChanges = {};
    if (input.en !== undefined) changes.en = input.en;
    if (input.active !== undefined) changes.active = input.active;
    if (input.aliases !== undefined) changes.aliases = input.aliases;
    if (input.vi !== undefined && input.vi !== before.vi) {
      changes.vi = input.vi;
      changes.aliases = aliasesAfterRename(before, input.vi, changes.aliases ?? before.aliases);
    }
    const all = await this.fields.list();
    assertDistinctNames({ ...before, ...changes }, all);
    if (changes.active === false && before.active && all.filter((f) => f.active).length <= 1)
      throw new RuleViolationError(
        'LAST_ACTIVE_FIELD',
        'At least one field must stay active: inspections need one to be registered under',
        [
          {
            field: 'active',
            code: 'LAST_ACTIVE_FIELD',
            message: 'the last active field',
            messageVi: 'Đây là lĩnh vực cuối cùng còn dùng; phải còn ít nhất một lĩnh vực',
          },
        ],
      );
    const saved = await writeRevision<StoredField>(this.fields, this.audit, {
      entityType: 'field',
      id: code,
      before: { ...before, revision: input.revision },
      changes,
      actor,
      at: this.clock.now(),
      action: changes.active === false ? 'deactivated' : 'updated',
      auditChanges: diffFields(before as never, { ...before, ...changes } as never, AUDITED),
    });
    await this.refresh();
    return saved;
  }

  /** Only a field no inspection names goes: one in use is deactivated instead (409). */
  async remove(code: string, revision: number, actor: string): Promise<void> {
    const field = await this.get(code);
    const using = await this.usage.inspectionsUsing(code);
    if (using > 0)
      throw new StateConflictError(
        'FIELD_IN_USE',
        `Field ${code} is named by ${using} inspection(s); deactivate it instead`,
        [
          {
            field: 'code',
            code: 'FIELD_IN_USE',
            message: `${using} inspection(s) use this field; set active to false instead`,
            messageVi: `${using} cuộc thanh tra, kiểm tra dùng lĩnh vực này; hãy ngừng dùng thay vì xóa`,
          },
        ],
      );
    if (!(await this.fields.removeIfRevision(field.code, revision)))
      throw new StateConflictError(
        'STALE_REVISION',
        `Field ${code} changed meanwhile; reload and retry`,
      );
    await this.audit.record({ entityType: 'field', entityId: code, action: 'deleted', actor });
    await this.refresh();
  }

  private async refreshQuietly(): Promise<void> {
    try {
      await this.refresh();
    } catch (error) {
      // The last snapshot stays; the next round tries again.
      this.logger.warn(`Could not re-read the fields of state management: ${String(error)}`);
    }
  }
}

/** A name taken by another field (409 FIELD_NAME_EXISTS), or one the import would confuse. */
function assertDistinctNames(candidate: FieldOfManagement, all: readonly StoredField[]): void {
  const others = all.filter((f) => f.code !== candidate.code);
  const same = others.find((f) => fieldNameKey(f.vi) === fieldNameKey(candidate.vi));
  if (same)
    throw new StateConflictError(
      'FIELD_NAME_EXISTS',
      `A field named ${candidate.vi} already exists`,
      [
        {
          field: 'vi',
          code: 'DUPLICATE',
          message: `field ${same.code} is already named ${same.vi}`,
          messageVi: `Đã có lĩnh vực mang tên này (${same.code}), không phân biệt chữ hoa, chữ thường`,
        },
      ],
    );
  const clashes = fieldNameClashes(candidate, others);
  if (clashes.length === 0) return;
  const nameOf = (code: string) => others.find((f) => f.code === code)?.vi ?? code;
  const details: ErrorDetail[] = clashes.map((c) => ({
    field: c.part,
    code: 'NAME_CLASH',
    message: `"${c.name}" reads like field ${c.otherCode} once diacritics and case are ignored (plan tables are matched that way)`,
    messageVi: `"${c.name}" đọc giống lĩnh vực ${nameOf(c.otherCode)} khi bỏ dấu và chữ hoa (tệp kế hoạch được đối chiếu như vậy)`,
  }));
  throw new StateConflictError(
    'FIELD_NAME_CLASH',
    `Field ${candidate.code} would read like another field in plan tables`,
    details,
  );
}
