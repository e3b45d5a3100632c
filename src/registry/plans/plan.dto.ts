import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
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
import { IsCalendarDay } from '../../common/validation/domain-validators';
import { PLAN_KINDS, PLAN_STATUSES, PlanKind, PlanStatus } from '../../domain/vocabulary';
import { trimNfc } from '../../common/validation/transforms';
import { upper } from '../../common/validation/transforms';

export class DecisionDto {
  @ApiProperty({ example: '123/QĐ-UBND' })
  @Transform(trimNfc)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  number: string;

  @ApiProperty({ example: '2025-12-15' })
  @IsCalendarDay()
  date: string;
}

export class CreatePlanDto {
  @ApiProperty({ example: 'STC' })
  @Transform(upper)
  @IsString()
  @IsNotEmpty()
  agencyCode: string;

  @ApiProperty({ example: 2026 })
  @IsInt()
  @Min(2000)
  @Max(2100)
  year: number;

  @ApiProperty({ enum: PLAN_KINDS })
  @IsIn(PLAN_KINDS)
  kind: PlanKind;

  @ApiPropertyOptional({ example: 'Kế hoạch kiểm tra năm 2026' })
  @IsOptional()
  @Transform(trimNfc)
  @IsString()
  @MaxLength(300)
  title?: string;

  @ApiPropertyOptional({ type: DecisionDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => DecisionDto)
  decision?: DecisionDto;
}

export class ApprovePlanDto {
  @ApiPropertyOptional({
    type: DecisionDto,
    description: 'The approval decision; required unless the plan has one',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => DecisionDto)
  decision?: DecisionDto;
}

export class ReasonDto {
  @ApiProperty({ example: 'Điều chỉnh theo kết luận họp phối hợp' })
  @Transform(trimNfc)
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason: string;
}

export class OptionalReasonDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trimNfc)
  @IsString()
  @MaxLength(2000)
  reason?: string;
}

export class ListPlansQuery extends PageQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;
  @ApiPropertyOptional() @IsOptional() @Transform(upper) @IsString() agencyCode?: string;
  @ApiPropertyOptional({ enum: PLAN_STATUSES })
  @IsOptional()
  @IsIn(PLAN_STATUSES)
  status?: PlanStatus;
  @ApiPropertyOptional({ enum: PLAN_KINDS }) @IsOptional() @IsIn(PLAN_KINDS) kind?: PlanKind;
}
