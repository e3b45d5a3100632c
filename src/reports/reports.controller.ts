import { Controller, Get, Param } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Policy, REPORT_READERS } from '../identity/authorization/policy';
import { ReportYearPipe } from './report-year.pipe';
import { ReportsService } from './reports.service';

@ApiTags('reports')
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get(':year')
  @Policy({ roles: REPORT_READERS })
  @ApiParam({ name: 'year', example: 2026 })
  @ApiOperation({
    summary:
      'Inspection burden of a plan year (DDCI): enterprises inspected more than once before and after coordination, inspections and conflicts by agency, conflicts by rule and status, share resolved; labels in Vietnamese and English',
  })
  year(@Param('year', ReportYearPipe) year: number) {
    return this.reports.year(year);
  }
}
