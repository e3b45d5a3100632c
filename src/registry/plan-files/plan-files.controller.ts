// Plan files: import of an agency's plan table, export of the consolidated plan, template.
// Listed before PlansController in RegistryModule, so /plans/export and /plans/import/template
// are matched here and never taken for GET /plans/:id.
import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseIntPipe,
  Patch,
  Post,
  Query,
  Res,
  StreamableFile,
  UseInterceptors,
} from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
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
import {
  PlanImportPreviewService,
  previewJson,
  type PreviewDocument,
} from './preview/plan-import-preview.service';
import { PreviewRowCorrection } from './preview/preview.dto';
import { PREVIEW_ROW_SCHEMA, PREVIEW_SCHEMA } from './preview/preview.openapi';

const UPLOAD_BODY = {
  schema: {
    type: 'object',
    required: [PLAN_FILE_FIELD, 'agencyCode', 'year'],
    properties: {
      [PLAN_FILE_FIELD]: {
        type: 'string',
        format: 'binary',
        description:
          '.xlsx, .xls or .csv (UTF-8, UTF-16, Windows-1258; TCVN3/VNI text is converted)',
      },
      agencyCode: { type: 'string', example: 'SKHCN' },
      year: { type: 'integer', example: 2026 },
      kind: { type: 'string', enum: ['annual', 'ad-hoc'], default: 'annual' },
      type: {
        type: 'string',
        enum: ['thanh-tra', 'kiem-tra'],
        description: 'Type for rows whose own words and the title do not say',
      },
      planId: { type: 'string' },
    },
  },
};

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

/** A preview as JSON, written a chunk of rows at a time (a large file's answer is never whole in memory). */
function previewAnswer(res: Response, doc: PreviewDocument): StreamableFile {
  res.setHeader('Cache-Control', 'no-store');
  return new StreamableFile(previewJson(doc), { type: 'application/json; charset=utf-8' });
}

@ApiTags('plans')
@Controller('plans')
export class PlanFilesController {
  constructor(
    private readonly importer: PlanImportService,
    private readonly exporter: PlanExportService,
    private readonly previews: PlanImportPreviewService,
  ) {}

  @Post('import/preview')
  @HttpCode(201)
  @Policy({ roles: AGENCY_PLANNING })
  @UseInterceptors(PlanFileUploadInterceptor)
  @ApiConsumes('multipart/form-data')
  @ApiBody(UPLOAD_BODY)
  @ApiCreatedResponse({ schema: PREVIEW_SCHEMA })
  @ApiOperation({
    summary: 'Read a plan file and show how every row was read, saving nothing',
    description:
      'Answers {previewId, expiresAt, sheet, headerRow, sheetsTried, convertedFrom, fileErrors, summary, ' +
      'rows, conflicts}. Each row: enterprise, taxCode, type, form, field, content, window {from, to}, ' +
      'agencies {lead, participants} (codes), `guesses` [{column, field, read, takenAs, why, whyVi}] for ' +
      'every reading that is not certain, and `errors` (same format as the import’s 422). `conflicts`: ' +
      'what the rows without errors would open or join. Correct rows with PATCH …/rows/:n, then commit ' +
      'with POST …/commit before `expiresAt` (2 hours).',
  })
  async preview(
    @UploadedPlanFile() file: PlanUpload | undefined,
    @Body() body: ImportPlanDto,
    @CurrentPrincipal() who: Principal,
    @Res({ passthrough: true }) res: Response,
  ) {
    assertAgencyScope(who, body.agencyCode);
    return previewAnswer(res, await this.previews.previewDocument(file, body, who.username));
  }

  @Get('import/preview/:id')
  @Policy({ roles: AGENCY_PLANNING })
  @ApiOkResponse({ schema: PREVIEW_SCHEMA })
  @ApiOperation({ summary: 'A stored preview, with its corrections and current conflicts' })
  async getPreview(
    @Param('id') id: string,
    @CurrentPrincipal() who: Principal,
    @Res({ passthrough: true }) res: Response,
  ) {
    return previewAnswer(
      res,
      await this.previews.getDocument(id, (agency) => assertAgencyScope(who, agency)),
    );
  }

  @Patch('import/preview/:id/rows/:n')
  @Policy({ roles: AGENCY_PLANNING })
  @ApiOkResponse({ schema: PREVIEW_ROW_SCHEMA })
  @ApiOperation({
    summary: "Correct one row's reading (n: the spreadsheet row number)",
    description:
      'Given properties replace the reading and clear its guesses; the row is checked again and ' +
      'answered with its errors. `remember: true` maps the agency or field text as written in the ' +
      'file to the code given, for this agency’s next files. 409 PREVIEW_EXPIRED / PREVIEW_COMMITTED.',
  })
  correctRow(
    @Param('id') id: string,
    @Param('n', ParseIntPipe) n: number,
    @Body() fix: PreviewRowCorrection,
    @CurrentPrincipal() who: Principal,
  ) {
    return this.previews.correctRow(id, n, fix, who.username, (a) => assertAgencyScope(who, a));
  }

  @Post('import/preview/:id/commit')
  @HttpCode(201)
  @Policy({ roles: AGENCY_PLANNING })
  @ApiOperation({
    summary: 'Commit exactly what the preview shows (with its corrections)',
    description:
      'Answers like POST /plans/import. 422 IMPORT_INVALID while a row still has errors; 409 ' +
      'PREVIEW_EXPIRED after expiresAt, PLAN_CHANGED when the target plan changed since the ' +
      'preview, PREVIEW_COMMITTED for a second commit.',
  })
  commit(@Param('id') id: string, @CurrentPrincipal() who: Principal) {
    return this.previews.commit(id, who.username, (a) => assertAgencyScope(who, a));
  }

  @Post('import')
  @HttpCode(201)
  @Policy({ roles: AGENCY_PLANNING })
  @UseInterceptors(PlanFileUploadInterceptor)
  @ApiConsumes('multipart/form-data')
  @ApiBody(UPLOAD_BODY)
  @ApiOperation({
    summary: "Import an agency's plan table (.xlsx, .xls or .csv) in one step: all rows or none",
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
