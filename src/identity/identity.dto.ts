import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsEmail,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { PageQuery } from '../common/http/pagination';
import { trimNfc, trimmed, upperAll } from '../common/validation/transforms';
import { ACCOUNT_STATUSES, AccountStatus, Role, ROLES } from './accounts/account';
import { PASSWORD_MAX_LENGTH } from './passwords/password-policy';
import { DEFAULT_TOKEN_SCOPES, TOKEN_SCOPES, TokenScope } from './tokens/access-token';

export class SignInDto {
  @ApiProperty({ example: 'admin' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  username: string;

  @ApiProperty({ format: 'password' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(PASSWORD_MAX_LENGTH) // bounds the hashing work an anonymous caller can ask for
  password: string;
}

export class ChangePasswordDto {
  @ApiProperty({ format: 'password' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(PASSWORD_MAX_LENGTH)
  currentPassword: string;

  @ApiProperty({
    format: 'password',
    description: '12 to 256 characters, not containing the username',
  })
  @IsString()
  newPassword: string;
}

export class CreateAccessTokenDto {
  @ApiProperty({ example: 'nightly import script' })
  @Transform(trimNfc)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 365, default: 90 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(365)
  expiresInDays?: number;

  @ApiPropertyOptional({
    enum: TOKEN_SCOPES,
    isArray: true,
    default: DEFAULT_TOKEN_SCOPES,
    description:
      "`read`: GET/HEAD only; `write`: every method. Never more than the account's roles allow",
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(TOKEN_SCOPES.length)
  @ArrayUnique()
  @IsIn(TOKEN_SCOPES, { each: true })
  scopes?: TokenScope[];
}

class AccountFieldsDto {
  @ApiProperty({ example: 'Nguyễn Văn An' })
  @Transform(trimNfc)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  displayName: string;

  @ApiPropertyOptional({ example: 'an.nv@sokhcn.example.gov.vn' })
  @IsOptional()
  @Transform(trimmed)
  @IsEmail()
  @MaxLength(254)
  email?: string;

  @ApiProperty({ enum: ROLES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(ROLES, { each: true })
  roles: Role[];

  @ApiPropertyOptional({
    example: ['SKHCN'],
    description: 'Agencies an officer or approver acts for',
  })
  @IsOptional()
  @Transform(upperAll)
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  agencyCodes?: string[];

  @ApiPropertyOptional({ example: 'Vĩnh Long' })
  @IsOptional()
  @Transform(trimNfc)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  province?: string;

  @ApiPropertyOptional({
    format: 'password',
    description:
      'Issued password (changed at first sign-in); omitted on create: one is made and answered once',
  })
  @IsOptional()
  @IsString()
  password?: string;
}

export class CreateAccountDto extends AccountFieldsDto {
  @ApiProperty({ example: 'an.nv', description: 'Unique, case-insensitive; stored lower-case' })
  @Transform(trimmed)
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._@-]{1,63}$/, {
    message: 'username must be 2-64 letters, digits, . _ @ or -, starting with a letter or digit',
  })
  username: string;
}

export class UpdateAccountDto {
  @ApiProperty({ description: 'The revision you read; a stale one is answered 409' })
  @IsInt()
  @Min(1)
  revision: number;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trimNfc)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  displayName?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trimmed)
  @IsEmail()
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({ enum: ROLES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(ROLES, { each: true })
  roles?: Role[];

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(upperAll)
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  agencyCodes?: string[];

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trimNfc)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  province?: string;

  @ApiPropertyOptional({ enum: ACCOUNT_STATUSES })
  @IsOptional()
  @IsIn(ACCOUNT_STATUSES)
  status?: AccountStatus;

  @ApiPropertyOptional({ format: 'password', description: 'A new issued password' })
  @IsOptional()
  @IsString()
  password?: string;
}

export class ListAccountsQuery extends PageQuery {}
