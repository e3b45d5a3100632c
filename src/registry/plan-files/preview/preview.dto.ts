import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  ValidateNested,
} from 'class-validator';
import { upper } from '../../../common/validation/transforms';
import {
  INSPECTION_FORMS,
  INSPECTION_TYPES,
  type InspectionForm,
  type InspectionType,
} from '../../../domain/vocabulary';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export class PreviewWindowDto {
  @ApiPropertyOptional({ example: '2026-03-01' })
  @Matches(DAY, { message: 'from must be YYYY-MM-DD' })
  from: string;

  @ApiPropertyOptional({ example: '2026-03-31' })
  @Matches(DAY, { message: 'to must be YYYY-MM-DD' })
  to: string;
}

/**
 * PATCH /plans/import/preview/:id/rows/:n — what the officer corrects in one row. Every
 * property is optional; given ones replace the reading (and clear its guess).
 */
export class PreviewRowCorrection {
  @ApiPropertyOptional({ example: 'Công ty TNHH Hòa Bình' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  enterpriseName?: string;

  @ApiPropertyOptional({ example: '0100109106' })
  @IsOptional()
  @IsString()
  taxCode?: string;

  @ApiPropertyOptional({ enum: INSPECTION_TYPES })
  @IsOptional()
  @IsIn(INSPECTION_TYPES)
  type?: InspectionType;

  @ApiPropertyOptional({ enum: INSPECTION_FORMS })
  @IsOptional()
  @IsIn(INSPECTION_FORMS)
  form?: InspectionForm;

  @ApiPropertyOptional({ example: 'labour', description: 'A field-of-management code' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  field?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  content?: string;

  @ApiPropertyOptional({ type: PreviewWindowDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => PreviewWindowDto)
  window?: PreviewWindowDto;

  @ApiPropertyOptional({ example: 'QLTT', description: 'Lead agency code' })
  @IsOptional()
  @Transform(upper)
  @IsString()
  @IsNotEmpty()
  leadAgencyCode?: string;

  @ApiPropertyOptional({ type: [String], example: ['THUE'] })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  participantAgencyCodes?: string[];

  @ApiPropertyOptional({
    description:
      'Remember the mapping for the importing agency: the agency or field text as written in the file → the code given here, used in its next files',
    default: false,
  })
  @IsOptional()
  @IsBoolean()
  remember?: boolean;
}
