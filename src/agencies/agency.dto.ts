import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
} from 'class-validator';
import { AGENCY_KINDS, AgencyKind } from '../domain/vocabulary';
import { IsCalendarDay } from '../common/validation/domain-validators';
import { AGENCY_LEVELS, AgencyLevel } from './succession';
import { trimNfc, upper } from '../common/validation/transforms';

export class CreateAgencyDto {
  @ApiProperty({ example: 'TTT', description: 'Short code, unique; stored upper-case' })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toUpperCase() : value))
  @Transform(upper)
  @Matches(/^[A-Z0-9][A-Z0-9_.-]{0,31}$/, {
    message: 'code must be 1-32 letters, digits, _ . or -, starting with a letter or digit',
  })
  code: string;

  @ApiProperty({ example: 'Thanh tra tỉnh' })
  @Transform(trimNfc)
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  name: string;

  @ApiProperty({ enum: AGENCY_KINDS })
  @IsIn(AGENCY_KINDS)
  kind: AgencyKind;

  @ApiPropertyOptional({ example: 'vanthu@sokhcn.example.gov.vn' })
  @IsOptional()
  @Transform(trimNfc)
  @IsEmail({}, { message: 'contactEmail must be an e-mail address' })
  @MaxLength(254)
  contactEmail?: string;

  @ApiPropertyOptional({ example: 'VINHLONG', description: "Province code, or 'CENTRAL'" })
  @IsOptional()
  @Transform(upper)
  @Matches(/^[A-Z0-9_-]{1,32}$/, { message: 'province must be a province code' })
  province?: string;

  @ApiPropertyOptional({ enum: AGENCY_LEVELS })
  @IsOptional()
  @IsIn(AGENCY_LEVELS)
  level?: AgencyLevel;

  @ApiPropertyOptional({ example: '2025-07-01' })
  @IsOptional()
  @IsCalendarDay()
  validFrom?: string;
}

export class UpdateAgencyDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trimNfc)
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  name?: string;

  @ApiPropertyOptional({ enum: AGENCY_KINDS })
  @IsOptional()
  @IsIn(AGENCY_KINDS)
  kind?: AgencyKind;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ example: 'vanthu@sokhcn.example.gov.vn' })
  @IsOptional()
  @Transform(trimNfc)
  @IsEmail({}, { message: 'contactEmail must be an e-mail address' })
  @MaxLength(254)
  contactEmail?: string;

  @ApiPropertyOptional({
    description:
      'The revision you read (absent on a record = 0); given, a stale one is answered 409 STALE_REVISION',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  revision?: number;
}

export class ListAgenciesQuery {
  @ApiPropertyOptional({ enum: AGENCY_KINDS })
  @IsOptional()
  @IsIn(AGENCY_KINDS)
  kind?: AgencyKind;
}

export class SuccessionDto {
  @ApiProperty({ example: 'SNNMT-VL', description: 'The agency that takes over' })
  @Transform(upper)
  @Matches(/^[A-Z0-9][A-Z0-9_.-]{0,31}$/, { message: 'successorCode must be an agency code' })
  successorCode: string;

  @ApiProperty({ example: '2025-06-30', description: 'Last day the agency existed as such' })
  @IsCalendarDay()
  validTo: string;
}
