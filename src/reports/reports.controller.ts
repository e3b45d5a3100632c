import { Controller, Get, Param, StreamableFile } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Policy, REPORT_READERS } from '../identity/authorization/policy';
import { ReportYearPipe } from './report-year.pipe';
import { REPORT_XLSX_MIME_TYPE } from './report-workbook';
import { ReportsService } from './reports.service';
import { DdciReportService } from './ddci.service';

@ApiTags('reports')
@Controller('reports')
export class ReportsController {
  constructor(
    private readonly reports: ReportsService,
    private readonly ddci: DdciReportService,
  ) {}

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

  @Get(':year/report.xlsx')
  @Policy({ roles: REPORT_READERS })
  @ApiParam({ name: 'year', example: 2026 })
  @ApiOperation({ summary: 'The same report as .xlsx: headline figures, by agency, by rule' })
  async workbook(@Param('year', ReportYearPipe) year: number) {
    const { body, filename } = await this.reports.yearWorkbook(year);
    return new StreamableFile(body, {
      type: REPORT_XLSX_MIME_TYPE,
      disposition: `attachment; filename="${filename}"`,
    });
  }

  @Get(':year/ddci')
  @Policy({ roles: REPORT_READERS })
  @ApiParam({ name: 'year', example: 2026 })
  @ApiOperation({
    summary:
      'The year in DDCI/PCI terms: enterprises inspected, inspections per enterprise, share with overlapping inspections, share with five or more, late statutory steps per agency, and the four years before',
  })
  ddciYear(@Param('year', ReportYearPipe) year: number) {
    return this.ddci.year(year);
  }
}
