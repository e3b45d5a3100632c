// Plan files: import of an agency's plan table, export of the consolidated plan, template.
// Listed before PlansController in RegistryModule, so /plans/export and /plans/import/template
// are matched here and never taken for GET /plans/:id.
import {
  Body,
  Controller,
  Get,
  HttpCode,
  Post,
  Query,
  Res,
  StreamableFile,
  UseInterceptors,
} from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal } from '../../identity/authorization/access.guard';
import { assertAgencyScope, readableAgencies } from '../../identity/authorization/agency-scope';
import { AGENCY_PLANNING, Policy } from '../../identity/authorization/policy';
import type { Principal } from '../../identity/authentication/principal';
import { attachmentDisposition } from '../../common/http/content-disposition';
import { CSV_MIME_TYPE, XLSX_MIME_TYPE } from './export';
import { PlanExportService, PlanFile } from './plan-export.service';
import { PlanFileUploadInterceptor, UploadedPlanFile } from './plan-file-upload.interceptor';
import { ExportPlanQuery, ImportPlanDto, TemplateQuery } from './plan-files.dto';
import { PlanImportService } from './plan-import.service';
import { PLAN_FILE_FIELD, PlanUpload } from './plan-upload';

function download(res: Response, file: PlanFile): StreamableFile {
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  // Stored records that could not be written: the file is complete but for them.
  if (file.skipped) res.setHeader('X-Skipped-Records', String(file.skipped));
  return new StreamableFile(file.body, {
    type: file.contentType,
    disposition: attachmentDisposition(file.filename),
    length: file.body.length,
  });
}

@ApiTags('plans')
@Controller('plans')
export class PlanFilesController {
  constructor(
    private readonly importer: PlanImportService,
    private readonly exporter: PlanExportService,
  ) {}

  @Post('import')
  @HttpCode(201)
  @Policy({ roles: AGENCY_PLANNING })
  @UseInterceptors(PlanFileUploadInterceptor)
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: [PLAN_FILE_FIELD, 'agencyCode', 'year'],
      properties: {
        [PLAN_FILE_FIELD]: { type: 'string', format: 'binary', description: '.xlsx or .csv' },
        agencyCode: { type: 'string', example: 'SKHCN' },
        year: { type: 'integer', example: 2026 },
        kind: { type: 'string', enum: ['annual', 'ad-hoc'], default: 'annual' },
        planId: { type: 'string' },
      },
    },
  })
  @ApiOperation({
    summary: "Import an agency's plan table (.xlsx or .csv): all rows or none",
    description:
      "Target: `planId`, else the agency's draft annual plan of the year, else a new draft plan. " +
      'Agencies in the file (Đơn vị chủ trì / phối hợp) are matched by code or by name. ' +
      'Any bad row → 422 IMPORT_INVALID listing every problem (`rows[<row>].<field>`, row, column, ' +
      'message in English, messageVi in Vietnamese) and nothing is saved. Rows imported before ' +
      '(same agency, year and row content) are not duplicated: they count as `alreadyPresent`. ' +
      'For ad-hoc plans the "Ghi chú" column is the evidence of the ad-hoc basis. ' +
      'Answers {planId, planCreated, rows, created, alreadyPresent, conflicts}.',
  })
  import(
    @UploadedPlanFile() file: PlanUpload | undefined,
    @Body() body: ImportPlanDto,
    @CurrentPrincipal() who: Principal,
  ) {
    // Here, not in the guard: the multipart body is parsed only after guards ran. A planId
    // of another agency than agencyCode is refused by the import itself.
    assertAgencyScope(who, body.agencyCode);
    return this.importer.import(file, body, who.username);
  }

  @Get('import/template')
  @Policy()
  @ApiProduces(XLSX_MIME_TYPE)
  @ApiOperation({
    summary: 'The .xlsx template for POST /plans/import: header, an example row, drop-down lists',
  })
  async template(@Query() query: TemplateQuery, @Res({ passthrough: true }) res: Response) {
    return download(res, await this.exporter.template(query.year));
  }

  @Get('export')
  @Policy()
  @ApiProduces(XLSX_MIME_TYPE, CSV_MIME_TYPE)
  @ApiOperation({
    summary: "The year's consolidated plan: one row per inspection of every agency",
    description:
      'Same layout as the import, so an export re-imports (formula-like text is prefixed with an ' +
      "apostrophe; the import drops it again). `agencyCode` keeps one agency's plans. Rows, sorted " +
      'by visit window: inspections of every plan that is not withdrawn (draft, submitted and ' +
      'approved alike). Cancelled inspections and those merged into a joint inspection are left ' +
      'out — the plan lists what will happen, and the joint inspection itself is listed; a ' +
      're-import of the export must not bring a cancelled inspection back as planned. ' +
      'Agencies are written by name. CSV is UTF-8 with a BOM (Excel opens it with the diacritics).',
  })
  async export(
    @Query() query: ExportPlanQuery,
    @CurrentPrincipal() reader: Principal,
    @Res({ passthrough: true }) res: Response,
  ) {
    return download(res, await this.exporter.export(query, readableAgencies(reader)));
  }
}
