import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { INSPECTION_TYPES } from '../domain/vocabulary';
import { trimNfc } from '../common/validation/transforms';
import { FEED_SCOPES, FeedScope } from './feed';

export class CreateFeedDto {
  @ApiProperty({ enum: FEED_SCOPES })
  @IsIn(FEED_SCOPES)
  scope: FeedScope;

  @ApiPropertyOptional({ description: 'Agency code (agency, conflicts) or tax code (enterprise)' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  ref?: string;

  @ApiPropertyOptional({
    description: 'Calendar name shown to subscribers; a Vietnamese default is made',
  })
  @IsOptional()
  @Transform(trimNfc)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ description: 'Only this plan year' })
  @IsOptional()
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;

  @ApiPropertyOptional({ description: 'Only this field of state management' })
  @IsOptional()
  @IsString()
  field?: string;

  @ApiPropertyOptional({ enum: INSPECTION_TYPES })
  @IsOptional()
  @IsIn(INSPECTION_TYPES)
  type?: 'thanh-tra' | 'kiem-tra';
}

export class ListFeedsQuery {
  @ApiPropertyOptional({ enum: FEED_SCOPES }) @IsOptional() @IsIn(FEED_SCOPES) scope?: FeedScope;
  @ApiPropertyOptional() @IsOptional() @IsString() ref?: string;
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(({ value }) => value === 'true' || value === true)
  @IsBoolean()
  includeRevoked?: boolean;
}
