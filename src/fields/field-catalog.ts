import { readFileSync } from 'node:fs';
import { Controller, Get, Global, Inject, Injectable, Module } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import {
  createFieldMatcher,
  DEFAULT_FIELDS_OF_MANAGEMENT,
  FieldMatcher,
  FieldOfManagement,
} from '../domain/fields-of-management';
import { Policy } from '../identity/authorization/policy';

/** The deployment's list of fields of state management (built-in, or FIELDS_OF_MANAGEMENT_FILE). */
@Injectable()
export class FieldCatalog {
  readonly fields: readonly FieldOfManagement[];
  readonly match: FieldMatcher;
  private readonly byCode: Map<string, FieldOfManagement>;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.fields = config.fieldsOfManagementFile
      ? FieldCatalog.readFile(config.fieldsOfManagementFile)
      : DEFAULT_FIELDS_OF_MANAGEMENT;
    this.byCode = new Map(this.fields.map((f) => [f.code, f]));
    this.match = createFieldMatcher(this.fields);
  }

  has(code: string): boolean {
    return this.byCode.has(code);
  }

  label(code: string): string {
    return this.byCode.get(code)?.vi ?? code;
  }

  private static readFile(path: string): FieldOfManagement[] {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as unknown;
    const valid =
      Array.isArray(parsed) &&
      parsed.length > 0 &&
      parsed.every(
        (f) =>
          typeof f?.code === 'string' && typeof f?.vi === 'string' && typeof f?.en === 'string',
      );
    if (!valid)
      throw new Error(
        `FIELDS_OF_MANAGEMENT_FILE ${path} must be a JSON array of {code, vi, en, aliases?}`,
      );
    return parsed as FieldOfManagement[];
  }
}

@ApiTags('fields')
@Controller('fields')
class FieldsController {
  constructor(private readonly catalog: FieldCatalog) {}

  @Get()
  @Policy()
  @ApiOperation({
    summary: 'The fields of state management (lĩnh vực) inspections are registered under',
  })
  list() {
    return this.catalog.fields;
  }
}

@Global()
@Module({ controllers: [FieldsController], providers: [FieldCatalog], exports: [FieldCatalog] })
export class FieldsModule {}
