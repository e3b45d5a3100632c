import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
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
import { PageQuery } from '../common/http/pagination';
import { IsOrderedWindow, IsTaxCode } from '../common/validation/domain-validators';
import { CreateInspectionDto, DayWindowDto } from '../registry/inspections/inspection.dto';
import { trimNfc } from '../common/validation/transforms';
import { PLAN_KINDS, PlanKind } from '../domain/vocabulary';
import { CONFLICT_STATUSES, ConflictStatus, RESOLUTION_KINDS, ResolutionKind } from './conflict';
import { upper } from '../common/validation/transforms';

export class ListConflictsQuery extends PageQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;
  @ApiPropertyOptional({ enum: CONFLICT_STATUSES })
  @IsOptional()
  @IsIn(CONFLICT_STATUSES)
  status?: ConflictStatus;
  @ApiPropertyOptional({ description: 'Rule id (e.g. nq198.window-overlap)' })
  @IsOptional()
  @IsString()
  rule?: string;
  @ApiPropertyOptional() @IsOptional() @Transform(upper) @IsString() agencyCode?: string;
  @ApiPropertyOptional() @IsOptional() @IsTaxCode() taxCode?: string;
  @ApiPropertyOptional({ enum: ['block', 'warn'] })
  @IsOptional()
  @IsIn(['block', 'warn'])
  severity?: 'block' | 'warn';
}

/** A candidate inspection for a dry run: an inspection as POST /plans/:id/inspections takes it, plus its plan's facts. */
export class CandidateInspectionDto extends CreateInspectionDto {
  @ApiProperty({
    example: 'SKHCN',
    description: 'The registering agency (lead unless leadAgencyCode says otherwise)',
  })
  @Transform(upper)
  @IsString()
  @IsNotEmpty()
  agencyCode: string;

  @ApiPropertyOptional({ enum: PLAN_KINDS, default: 'annual' })
  @IsOptional()
  @IsIn(PLAN_KINDS)
  planKind?: PlanKind;

  @ApiPropertyOptional({
    description: 'Preview an edit of this stored inspection instead of adding one',
  })
  @IsOptional()
  @IsString()
  replacesInspectionId?: string;
}

export class CheckConflictsDto {
  @ApiProperty({ type: [CandidateInspectionDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(5000)
  @ValidateNested({ each: true })
  @Type(() => CandidateInspectionDto)
  inspections: CandidateInspectionDto[];
}

export class RescanDto {
  @ApiProperty({ example: 2026 })
  @IsInt()
  @Min(2000)
  @Max(2100)
  year: number;
}

export class ResolveConflictDto {
  @ApiProperty({ enum: RESOLUTION_KINDS })
  @IsIn(RESOLUTION_KINDS)
  resolution: ResolutionKind;

  @ApiPropertyOptional({
    description: 'Apply the engine suggestion with this index (GET /conflicts/:id lists them)',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  suggestion?: number;

  @ApiPropertyOptional({ description: 'reschedule / cancel / switch-*: the inspection to change' })
  @IsOptional()
  @IsString()
  inspectionId?: string;

  @ApiPropertyOptional({ description: 'merge: the inspection that becomes the joint one' })
  @IsOptional()
  @IsString()
  keepInspectionId?: string;

  @ApiPropertyOptional({ description: 'merge: lead agency of the joint inspection' })
  @IsOptional()
  @Transform(upper)
  @IsString()
  leadAgencyCode?: string;

  @ApiPropertyOptional({
    type: DayWindowDto,
    description: 'reschedule / merge: the new visit window',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => DayWindowDto)
  @IsOrderedWindow()
  window?: DayWindowDto;

  @ApiPropertyOptional({
    description: 'exempt: the legal basis (e.g. Điều 4 Nghị quyết 198/2025/QH15)',
  })
  @IsOptional()
  @Transform(trimNfc)
  @IsString()
  @MaxLength(1000)
  legalBasis?: string;

  @ApiPropertyOptional({ description: 'exempt: the evidence reference' })
  @IsOptional()
  @Transform(trimNfc)
  @IsString()
  @MaxLength(2000)
  evidence?: string;

  @ApiPropertyOptional({ description: 'cancel: why' })
  @IsOptional()
  @Transform(trimNfc)
  @IsString()
  @MaxLength(2000)
  reason?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trimNfc)
  @IsString()
  @MaxLength(4000)
  note?: string;
}
