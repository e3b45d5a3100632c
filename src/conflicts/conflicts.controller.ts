import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Post,
  Query,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import {
  PLAN_FILE_FIELD,
  PlanFileUploadInterceptor,
  requirePlanFile,
  uploadedFilename,
} from '../registry/plan-files/plan-file-upload.interceptor';
import { ImportPlanDto } from '../registry/plan-files/plan-files.dto';
import { ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '../identity/authentication/principal';
import { CurrentPrincipal } from '../identity/authorization/access.guard';
import { Actor } from '../identity/authorization/actor.decorator';
import { COORDINATION, PLANNERS, Policy } from '../identity/authorization/policy';
import {
  CheckConflictsDto,
  ListConflictsQuery,
  RescanDto,
  ResolveConflictDto,
} from './conflict.dto';
import { ConflictDryRunService } from './conflict-dry-run.service';
import { ConflictQueriesService } from './conflict-queries.service';
import { ConflictResolutionService } from './resolution/conflict-resolution.service';
import { RescanService } from './rescan.service';

@ApiTags('conflicts')
@Controller('conflicts')
export class ConflictsController {
  constructor(
    private readonly queries: ConflictQueriesService,
    private readonly dryRuns: ConflictDryRunService,
    private readonly resolutions: ConflictResolutionService,
    private readonly rescans: RescanService,
  ) {}

  @Get()
  @Policy()
  list(@Query() query: ListConflictsQuery, @CurrentPrincipal() principal: Principal) {
    return this.queries.list(query, principal);
  }

  @Post('check')
  @Policy({ roles: PLANNERS })
  @HttpCode(200)
  @ApiOperation({
    summary: 'Dry run: the conflicts candidate inspections would create or join; saves nothing',
  })
  check(@Body() body: CheckConflictsDto) {
    return this.dryRuns.check(body);
  }

  @Post('check/file')
  @Policy({ roles: PLANNERS })
  @HttpCode(200)
  @UseInterceptors(PlanFileUploadInterceptor)
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: [PLAN_FILE_FIELD, 'agencyCode', 'year'],
      properties: {
        [PLAN_FILE_FIELD]: {
          type: 'string',
          format: 'binary',
          description: '.xlsx or .csv, as for POST /plans/import',
        },
        agencyCode: { type: 'string', example: 'SKHCN' },
        year: { type: 'integer', example: 2026 },
        kind: { type: 'string', enum: ['annual', 'ad-hoc'], default: 'annual' },
      },
    },
  })
  @ApiOperation({
    summary: 'Dry run of a whole plan file: the conflicts importing it would create; saves nothing',
  })
  checkFile(@UploadedFile() file: Express.Multer.File | undefined, @Body() body: ImportPlanDto) {
    return this.dryRuns.checkFile(uploadedPlanFile(file, body));
  }

  @Post('rescan')
  @Policy({ roles: COORDINATION })
  @HttpCode(200)
  @ApiOperation({
    summary: 'Re-scan a plan year: open new conflicts, close those whose cause disappeared',
  })
  rescan(@Body() body: RescanDto, @Actor() actor: string) {
    return this.rescans.rescan(body.year, actor);
  }

  @Get(':id')
  @Policy()
  @ApiOperation({
    summary: 'A conflict with its history and, while open, suggestions re-checked by the engine',
  })
  get(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    return this.queries.get(id, principal);
  }

  @Post(':id/resolve')
  @Policy({ roles: COORDINATION })
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Decide: merge / reschedule / cancel / switch-to-remote / switch-to-kiem-tra, or exempt with legal basis',
  })
  resolve(@Param('id') id: string, @Body() body: ResolveConflictDto, @Actor() actor: string) {
    return this.resolutions.resolve(id, body, actor);
  }
}

function uploadedPlanFile(file: Express.Multer.File | undefined, body: ImportPlanDto) {
  const upload = requirePlanFile(file);
  return {
    buffer: upload.buffer,
    agencyCode: body.agencyCode,
    year: body.year,
    kind: body.kind,
    filename: uploadedFilename(upload),
    mimeType: upload.mimetype,
  };
}
