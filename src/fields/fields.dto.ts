import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
} from 'class-validator';
import { trimmed, trimNfc } from '../common/validation/transforms';
import { FIELD_CODE_PATTERN } from '../domain/fields-of-management';

type TransformInput = { value: unknown };

/** Aliases as people typed them: NFC, trimmed, blanks dropped. */
const aliasList = ({ value }: TransformInput) =>
  Array.isArray(value)
    ? value
        .map((v) => (typeof v === 'string' ? v.normalize('NFC').trim() : v))
        .filter((v) => v !== '')
    : value;

export class CreateFieldDto {
  @ApiProperty({
    example: 'mining',
    description: 'Stable code stored on inspections; never changes',
  })
  @Transform(trimmed)
  @IsString()
  @Matches(FIELD_CODE_PATTERN, {
    message: 'code must be 1-48 lower-case letters, digits or -, starting with a letter or digit',
  })
  code: string;

  @ApiProperty({ example: 'Khai thác khoáng sản', description: 'The Vietnamese name people read' })
  @Transform(trimNfc)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  vi: string;

  @ApiPropertyOptional({ example: 'Mining', description: 'Defaults to the Vietnamese name' })
  @IsOptional()
  @Transform(trimNfc)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  en?: string;

  @ApiPropertyOptional({
    example: ['khai khoáng', 'mỏ'],
    description: 'Other ways plan tables name it (compared without diacritics or case)',
  })
  @IsOptional()
  @Transform(aliasList)
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  aliases?: string[];
}

export class UpdateFieldDto {
  @ApiProperty({ description: 'The revision you read; a stale one is answered 409' })
  @IsInt()
  @Min(1)
  revision: number;

  @ApiPropertyOptional({ description: 'A new name; the former one stays as an alias' })
  @IsOptional()
  @Transform(trimNfc)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  vi?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trimNfc)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  en?: string;

  @ApiPropertyOptional({ description: 'Replaces the aliases' })
  @IsOptional()
  @Transform(aliasList)
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  aliases?: string[];

  @ApiPropertyOptional({ description: 'false: gone from pick lists; old records keep the name' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class RemoveFieldQuery {
  @ApiProperty({ description: 'The revision you read' })
  @Transform(({ value }: TransformInput) => (typeof value === 'string' ? Number(value) : value))
  @IsInt()
  @Min(1)
  revision: number;
}

export class ListFieldsQuery {
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'Only active (or inactive) ones' })
  @IsOptional()
  @IsIn(['true', 'false'])
  active?: 'true' | 'false';
}
