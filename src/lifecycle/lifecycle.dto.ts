import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { IsCalendarDay } from '../common/validation/domain-validators';
import { trimNfc, upper } from '../common/validation/transforms';
import { DEADLINE_STATUSES, DeadlineStatus } from './deadlines/deadlines';

const text = (max: number) => [Transform(trimNfc), IsString(), IsNotEmpty(), MaxLength(max)];
const apply =
  (...decorators: PropertyDecorator[]): PropertyDecorator =>
  (target, key) => {
    for (const d of decorators) d(target, key);
  };
const Text = (max = 500) => apply(...text(max));

export class DatedStepDto {
  @ApiProperty({ example: '2026-03-16' })
  @IsCalendarDay()
  date: string;
}

export class InspectionDecisionDto extends DatedStepDto {
  @ApiProperty({ example: '15/QĐ-TTT' })
  @Text(100)
  number: string;

  @ApiProperty({ example: 'Nguyễn Văn A, Chánh Thanh tra tỉnh' })
  @Text(200)
  signer: string;

  @ApiProperty({ type: [String], example: ['Trần Thị B (Trưởng đoàn)', 'Lê Văn C'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @Transform(({ value }) =>
    Array.isArray(value)
      ? value.map((v) => (typeof v === 'string' ? v.trim().normalize('NFC') : v))
      : value,
  )
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(200, { each: true })
  team: string[];

  @ApiPropertyOptional({ description: 'A complex inspection: longer report and draft periods' })
  @IsOptional()
  @IsBoolean()
  complex?: boolean;
}

export class ExtensionDto extends DatedStepDto {
  @ApiProperty({ minimum: 1, maximum: 60 })
  @IsInt()
  @Min(1)
  @Max(60)
  days: number;

  @ApiProperty()
  @Text(1000)
  reason: string;
}

export class SuspensionDto {
  @ApiProperty()
  @IsCalendarDay()
  from: string;

  @ApiProperty()
  @IsCalendarDay()
  to: string;

  @ApiProperty()
  @Text(1000)
  reason: string;
}

export class SanctionDto {
  @ApiProperty()
  @Text(1000)
  description: string;

  @ApiProperty({ description: 'In đồng', example: 15000000 })
  @IsInt()
  @Min(0)
  @Max(1e15)
  amountVnd: number;
}

export class FindingsDto {
  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @MaxLength(2000, { each: true })
  violations: string[];

  @ApiProperty({ type: [SanctionDto] })
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => SanctionDto)
  sanctions: SanctionDto[];

  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @MaxLength(2000, { each: true })
  recommendations: string[];
}

export class ConclusionDto extends DatedStepDto {
  @ApiProperty({ example: '20/KL-TTT' })
  @Text(100)
  number: string;

  @ApiProperty({ type: FindingsDto })
  @ValidateNested()
  @Type(() => FindingsDto)
  findings: FindingsDto;
}

export class PublicationDto extends DatedStepDto {
  @ApiProperty({ example: 'https://thanhtra.example.gov.vn/ket-luan/20' })
  @IsUrl({ protocols: ['https'], require_protocol: true }, { message: 'link must be an https URL' })
  @MaxLength(2000)
  link: string;
}

export class FollowUpDto extends DatedStepDto {
  @ApiProperty()
  @Text(2000)
  note: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  done?: boolean;
}

export class NotCarriedOutDto extends DatedStepDto {
  @ApiProperty()
  @Text(1000)
  reason: string;
}

export class DeadlinesQuery {
  @ApiPropertyOptional({ example: 2026 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;

  @ApiPropertyOptional({ description: "An agency's code: its predecessors' records are included" })
  @IsOptional()
  @Transform(upper)
  @Matches(/^[A-Z0-9][A-Z0-9_.-]{0,31}$/)
  agencyCode?: string;

  @ApiPropertyOptional({ description: 'Province code (agencies of that province)' })
  @IsOptional()
  @Transform(upper)
  @Matches(/^[A-Z0-9_-]{1,32}$/)
  province?: string;

  @ApiPropertyOptional({ enum: DEADLINE_STATUSES })
  @IsOptional()
  @IsIn(DEADLINE_STATUSES)
  status?: DeadlineStatus;
}
