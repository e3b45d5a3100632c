import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDate,
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
import { ResolveConflictDto } from '../conflicts/conflict.dto';
import { PageQuery } from '../common/http/pagination';
import { isoInstant, trimNfc, upperAll } from '../common/validation/transforms';
import { MEETING_STATUSES, MeetingStatus } from './meeting';

/** Names of people, each NFC-normalised and trimmed, blanks dropped. */
const names = ({ value }: { value: unknown }) =>
  Array.isArray(value)
    ? value
        .map((v) => (typeof v === 'string' ? v.normalize('NFC').trim() : v))
        .filter((v) => v !== '')
    : value;

export class MeetingScopeDto {
  @ApiProperty({ example: 2026 })
  @IsInt()
  @Min(2000)
  @Max(2100)
  year: number;

  @ApiPropertyOptional({ type: [String], description: 'Only conflicts involving these agencies' })
  @IsOptional()
  @Transform(upperAll)
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  agencyCodes?: string[];

  @ApiPropertyOptional({
    type: [String],
    description: 'Only conflicts of these enterprises (tax codes)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5000)
  @IsString({ each: true })
  taxCodes?: string[];
}

export class CreateMeetingDto {
  @ApiProperty({ example: 'Họp phối hợp kế hoạch thanh tra, kiểm tra năm 2026' })
  @Transform(trimNfc)
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  title: string;

  @ApiProperty({ example: '2026-01-15T08:00:00+07:00', description: 'ISO 8601 instant' })
  @Transform(isoInstant)
  @IsDate({ message: '$property must be an ISO 8601 instant with its offset' })
  start: Date;

  @ApiProperty({
    example: '2026-01-15T11:30:00+07:00',
    description: 'ISO 8601 instant, after start',
  })
  @Transform(isoInstant)
  @IsDate({ message: '$property must be an ISO 8601 instant with its offset' })
  end: Date;

  @ApiProperty({ example: 'Phòng họp số 2, Thanh tra tỉnh' })
  @Transform(trimNfc)
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  place: string;

  @ApiProperty({ example: 'Phó Chánh Thanh tra tỉnh Nguyễn Văn An' })
  @Transform(trimNfc)
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  chair: string;

  @ApiProperty({
    type: [String],
    example: ['TTT', 'SKHCN'],
    description: 'Agencies invited (codes of existing agencies)',
  })
  @Transform(upperAll)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @IsString({ each: true })
  agencyCodes: string[];

  @ApiProperty({ type: MeetingScopeDto })
  @ValidateNested()
  @Type(() => MeetingScopeDto)
  scope: MeetingScopeDto;

  @ApiPropertyOptional({ type: [String], example: ['Ông Trần Văn Bình, Sở Khoa học và Công nghệ'] })
  @IsOptional()
  @Transform(names)
  @IsArray()
  @ArrayMaxSize(500)
  @IsString({ each: true })
  @MaxLength(300, { each: true })
  attendees?: string[];
}

export class UpdateMeetingDto {
  @ApiProperty({ description: 'The revision you read; a stale one is answered 409' })
  @IsInt()
  @Min(1)
  revision: number;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trimNfc)
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  title?: string;
  @ApiPropertyOptional({ example: '2026-01-15T08:00:00+07:00' })
  @IsOptional()
  @Transform(isoInstant)
  @IsDate({ message: '$property must be an ISO 8601 instant with its offset' })
  start?: Date;
  @ApiPropertyOptional({ example: '2026-01-15T11:30:00+07:00' })
  @IsOptional()
  @Transform(isoInstant)
  @IsDate({ message: '$property must be an ISO 8601 instant with its offset' })
  end?: Date;
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trimNfc)
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  place?: string;
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trimNfc)
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  chair?: string;
  @ApiPropertyOptional({ type: [String], example: ['Ông Trần Văn Bình, Sở Khoa học và Công nghệ'] })
  @IsOptional()
  @Transform(names)
  @IsArray()
  @ArrayMaxSize(500)
  @IsString({ each: true })
  @MaxLength(300, { each: true })
  attendees?: string[];
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trimNfc)
  @IsString()
  @MaxLength(20000)
  notes?: string;
  @ApiPropertyOptional({ enum: MEETING_STATUSES })
  @IsOptional()
  @IsIn(MEETING_STATUSES)
  status?: MeetingStatus;
}

export class MeetingDecisionDto extends ResolveConflictDto {
  @ApiProperty({ description: 'A conflict on the agenda' })
  @IsString()
  @IsNotEmpty()
  conflictId: string;
}

export class ListMeetingsQuery extends PageQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;
  @ApiPropertyOptional({ enum: MEETING_STATUSES })
  @IsOptional()
  @IsIn(MEETING_STATUSES)
  status?: MeetingStatus;
}
