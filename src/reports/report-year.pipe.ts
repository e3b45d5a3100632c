import { Injectable, PipeTransform } from '@nestjs/common';
import { InvalidInputError } from '../common/errors/domain-errors';

/** The `:year` of a report: four digits, 2000 to 2100 (400 VALIDATION_FAILED otherwise). */
@Injectable()
export class ReportYearPipe implements PipeTransform<string, number> {
  transform(raw: string): number {
    const year = /^\d{4}$/.test(raw) ? Number(raw) : NaN;
    if (!(year >= 2000 && year <= 2100)) {
      throw new InvalidInputError('VALIDATION_FAILED', 'year must be a year from 2000 to 2100', [
        { field: 'year', code: 'OUT_OF_RANGE', message: 'a year from 2000 to 2100' },
      ]);
    }
    return year;
  }
}
