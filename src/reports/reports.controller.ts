import { Controller, Get, Param } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { InvalidInputError } from '../common/errors/domain-errors';
import { ReportsService } from './reports.service';

@ApiTags('reports')
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get(':year')
  @ApiParam({ name: 'year', example: 2026 })
  @ApiOperation({
    summary:
      'Inspection burden of a plan year (DDCI): enterprises inspected more than once before and after coordination, inspections and conflicts by agency, conflicts by rule and status, share resolved; labels in Vietnamese and English',
  })
  year(@Param('year') raw: string) {
    const year = /^\d{4}$/.test(raw) ? Number(raw) : NaN;
    if (!(year >= 2000 && year <= 2100)) {
      throw new InvalidInputError('VALIDATION_FAILED', 'year must be a year from 2000 to 2100', [
        { field: 'year', code: 'OUT_OF_RANGE', message: 'a year from 2000 to 2100' },
      ]);
    }
    return this.reports.year(year);
  }
}
