import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { AgenciesService } from '../../agencies/agencies.service';
import { DomainError } from '../../common/errors/domain-errors';
import { Clock } from '../../common/time/clock';
import type { Principal } from '../../identity/authentication/principal';
import { actsForEveryAgency, assertAgencyScope } from '../../identity/authorization/agency-scope';
import { ImportPlanDto } from '../../registry/plan-files/plan-files.dto';
import { PlanImportService } from '../../registry/plan-files/plan-import.service';
import type { PlanUpload } from '../../registry/plan-files/plan-upload';
import { fieldErrorsOf, formAs, withoutBlanks } from '../forms/form-errors';
import { yearOf } from '../forms/query';
import { PageView } from '../rendering/page-renderer';

/**
 * The upload page, on today's one-shot import (all rows or none). When the plan-file preview
 * lands, `submit` becomes "preview" (rows as read, guesses marked) and a second step commits;
 * the form, its fields and the result page stay.
 */
@Injectable()
export class PlanUploadPage {
  constructor(
    private readonly importer: PlanImportService,
    private readonly agencies: AgenciesService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private get uploadLimit(): number {
    return this.config.uploadLimitBytes;
  }

  async form(who: Principal, query: Record<string, unknown>): Promise<PageView> {
    const values = {
      agencyCode:
        typeof query.agencyCode === 'string'
          ? query.agencyCode.toUpperCase()
          : (who.agencyCodes[0] ?? ''),
      year: yearOf(query.year, Number(this.clock.today().slice(0, 4))),
      kind: query.kind === 'ad-hoc' ? 'ad-hoc' : 'annual',
      planId: typeof query.planId === 'string' ? query.planId : '',
    };
    return this.page(who, values, {});
  }

  async submit(
    who: Principal,
    body: Record<string, unknown>,
    { file, failure }: { file?: PlanUpload; failure?: 'too-large' | 'unreadable' },
  ): Promise<PageView> {
    const values = { ...body };
    if (failure)
      return this.page(
        who,
        values,
        {
          file:
            failure === 'too-large'
              ? `Tệp lớn hơn giới hạn ${Math.round(this.uploadLimit / 1_048_576)} MB.`
              : 'Không đọc được tệp gửi lên; hãy chọn lại tệp và thử lại.',
        },
        [],
        failure === 'too-large' ? 413 : 400,
      );
    try {
      const input = await formAs(ImportPlanDto, withoutBlanks(body));
      assertAgencyScope(who, input.agencyCode);
      const result = await this.importer.import(file, input, who.username);
      return {
        template: 'plan-import-result.njk',
        title: 'Đã nhập tệp kế hoạch',
        data: { result, filename: file?.filename ?? '' },
      };
    } catch (error) {
      const rows =
        error instanceof DomainError && error.code === 'IMPORT_INVALID'
          ? (error.details ?? []).map((d) => ({
              row: d.row,
              column: d.column,
              message: d.messageVi ?? d.message,
            }))
          : [];
      const errors = rows.length
        ? { file: 'Tệp có lỗi ở các dòng liệt kê dưới đây; chưa dòng nào được nhập.' }
        : fieldErrorsOf(error);
      if (errors[''] && !rows.length) errors.file = errors[''];
      delete errors[''];
      return this.page(
        who,
        values,
        errors,
        rows,
        error instanceof DomainError ? error.status : 422,
      );
    }
  }

  private async page(
    who: Principal,
    values: Record<string, unknown>,
    errors: Record<string, string>,
    rowErrors: Array<{ row?: number; column?: string; message: string }> = [],
    status = 200,
  ): Promise<PageView> {
    const all = await this.agencies.list();
    const mine = actsForEveryAgency(who)
      ? all
      : all.filter((a) => who.agencyCodes.some((c) => c.toUpperCase() === a.code));
    return {
      template: 'plan-import.njk',
      title: 'Tải tệp kế hoạch lên',
      status,
      data: {
        values,
        errors,
        rowErrors,
        agencyOptions: mine.map((a) => ({ value: a.code, label: `${a.name} (${a.code})` })),
        kindOptions: [
          { value: 'annual', label: 'Kế hoạch năm' },
          { value: 'ad-hoc', label: 'Đột xuất (cột "Ghi chú" là căn cứ dấu hiệu vi phạm)' },
        ],
      },
    };
  }
}
