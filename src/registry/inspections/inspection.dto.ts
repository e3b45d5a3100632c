import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { PageQuery } from '../../common/http/pagination';
import {
  IsCalendarDay,
  IsOrderedWindow,
  IsTaxCode,
} from '../../common/validation/domain-validators';
import {
  INSPECTION_FORMS,
  INSPECTION_STATES,
  INSPECTION_TYPES,
  InspectionForm,
  InspectionState,
  InspectionType,
} from '../../domain/vocabulary';
import { InspectionSortKey } from './inspection';
import { trimNfc, upper, upperAll } from '../../common/validation/transforms';

export class DayWindowDto {
  @ApiProperty({ example: '2026-03-01' })
  @IsCalendarDay()
  from: string;

  @ApiProperty({ example: '2026-03-31' })
  @IsCalendarDay()
  to: string;
}

export class AdHocScopeDto {
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  fields?: string[];

  @ApiPropertyOptional({ type: DayWindowDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => DayWindowDto)
  @IsOrderedWindow()
  window?: DayWindowDto;
}

class InspectionContentDto {
  @ApiProperty({ enum: INSPECTION_TYPES })
  @IsIn(INSPECTION_TYPES)
  type: InspectionType;

  @ApiProperty({ enum: INSPECTION_FORMS })
  @IsIn(INSPECTION_FORMS)
  form: InspectionForm;

  @ApiProperty({ example: 'measurement', description: 'Code from GET /fields' })
  @IsString()
  @IsNotEmpty()
  field: string;

  @ApiProperty({ example: 'Kiểm tra việc chấp hành pháp luật về đo lường' })
  @Transform(trimNfc)
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  content: string;

  @ApiPropertyOptional({ example: '2024-2025' })
  @IsOptional()
  @Transform(trimNfc)
  @IsString()
  @MaxLength(200)
  periodUnderReview?: string;

  @ApiProperty({
    type: DayWindowDto,
    description: 'Visit window; a whole month or quarter is fine',
  })
  @ValidateNested()
  @Type(() => DayWindowDto)
  @IsOrderedWindow()
  window: DayWindowDto;

  @ApiPropertyOptional({ minimum: 1, maximum: 120 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(120)
  durationWorkingDays?: number;

  @ApiPropertyOptional({ description: "Defaults to the plan's agency" })
  @IsOptional()
  @Transform(upper)
  @IsString()
  @IsNotEmpty()
  leadAgencyCode?: string;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @Transform(upperAll)
  @IsArray()
  @ArrayMaxSize(30)
  @IsString({ each: true })
  participantAgencyCodes?: string[];

  @ApiPropertyOptional({
    description: 'Evidence of clear signs of violation; required in ad-hoc plans',
  })
  @IsOptional()
  @Transform(trimNfc)
  @IsString()
  @MaxLength(2000)
  adHocEvidence?: string;

  @ApiPropertyOptional({ type: AdHocScopeDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => AdHocScopeDto)
  adHocScope?: AdHocScopeDto;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trimNfc)
  @IsString()
  @MaxLength(2000)
  notes?: string;
}

export class CreateInspectionDto extends InspectionContentDto {
  @ApiProperty({ example: '0100109106' })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsTaxCode()
  taxCode: string;

  @ApiPropertyOptional({
    example: 'Công ty TNHH Đo lường Việt',
    description: 'Required when the tax code is new',
  })
  @IsOptional()
  @Transform(trimNfc)
  @IsString()
  @IsNotEmpty()
  @MaxLength(400)
  enterpriseName?: string;
}

/** Every content field optional (PATCH), plus the revision read and the execution state. */
export class UpdateInspectionDto extends PartialType(InspectionContentDto) {
  @ApiProperty({ description: 'The revision you read; a stale one is answered 409' })
  @IsInt()
  @Min(1)
  revision: number;

  @ApiPropertyOptional({ enum: INSPECTION_STATES.filter((s) => s !== 'merged') })
  @IsOptional()
  @IsIn(INSPECTION_STATES.filter((s) => s !== 'merged'))
  state?: InspectionState;

  @ApiPropertyOptional({ description: 'Why the state changed; required to cancel' })
  @IsOptional()
  @Transform(trimNfc)
  @IsString()
  @MaxLength(2000)
  stateReason?: string;
}

const SORT_KEYS: InspectionSortKey[] = [
  'window.from',
  '-window.from',
  'taxCode',
  'updatedAt',
  '-updatedAt',
];

export class ListInspectionsQuery extends PageQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;
  @ApiPropertyOptional({ description: 'Registering, leading or participating agency' })
  @IsOptional()
  @Transform(upper)
  @IsString()
  agencyCode?: string;
  @ApiPropertyOptional() @IsOptional() @IsTaxCode() taxCode?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() field?: string;
  @ApiPropertyOptional({ enum: INSPECTION_TYPES })
  @IsOptional()
  @IsIn(INSPECTION_TYPES)
  type?: InspectionType;
  @ApiPropertyOptional({ enum: INSPECTION_STATES })
  @IsOptional()
  @IsIn(INSPECTION_STATES)
  state?: InspectionState;
  @ApiPropertyOptional({ description: 'Windows ending on or after this day' })
  @IsOptional()
  @IsCalendarDay()
  windowFrom?: string;
  @ApiPropertyOptional({ description: 'Windows starting on or before this day' })
  @IsOptional()
  @IsCalendarDay()
  windowTo?: string;
  @ApiPropertyOptional({ enum: SORT_KEYS, default: 'window.from' })
  @IsOptional()
  @IsIn(SORT_KEYS)
  sort: InspectionSortKey = 'window.from';
}
