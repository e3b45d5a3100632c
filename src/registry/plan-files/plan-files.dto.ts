import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Max, Min } from 'class-validator';
import { INSPECTION_TYPES, InspectionType, PLAN_KINDS, PlanKind } from '../../domain/vocabulary';
import { trimmed, upper } from '../../common/validation/transforms';

/** The text parts of the multipart form of POST /plans/import (the file is the part `file`). */
export class ImportPlanDto {
  @ApiProperty({ example: 'SKHCN', description: 'The agency whose plan the file is' })
  @Transform(upper)
  @IsString()
  @IsNotEmpty()
  agencyCode: string;

  @ApiProperty({ example: 2026 })
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year: number;

  @ApiPropertyOptional({ enum: PLAN_KINDS, default: 'annual' })
  @IsOptional()
  @Transform(trimmed)
  @IsIn(PLAN_KINDS)
  kind?: PlanKind;

  @ApiPropertyOptional({
    enum: INSPECTION_TYPES,
    description:
      'Type for rows that do not say it themselves ("Kiểm tra việc…") when the title does not either; else the agency\'s kind decides, marked as a guess',
  })
  @IsOptional()
  @Transform(trimmed)
  @IsIn(INSPECTION_TYPES)
  type?: InspectionType;

  @ApiPropertyOptional({
    description:
      "Target plan (a draft of this agency and year); default: the agency's draft annual plan of the year, else a new one",
  })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @IsNotEmpty()
  planId?: string;
}

export class ExportPlanQuery {
  @ApiProperty({ example: 2026 })
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year: number;

  @ApiPropertyOptional({ enum: ['xlsx', 'csv'], default: 'xlsx' })
  @IsOptional()
  @IsIn(['xlsx', 'csv'])
  format: 'xlsx' | 'csv' = 'xlsx';

  @ApiPropertyOptional({ example: 'SKHCN', description: "Only this agency's plans" })
  @IsOptional()
  @Transform(upper)
  @IsString()
  @IsNotEmpty()
  agencyCode?: string;
}

export class TemplateQuery {
  @ApiPropertyOptional({ example: 2026, description: 'Plan year the example row and lists use' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;
}
