import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { PageQuery } from '../common/http/pagination';
import { OUTBOX_STATUSES, OutboxStatus } from './outbox/outbox';

export const NOTIFICATION_KINDS = [
  'meeting-invitation',
  'agency-digest',
  'coordinator-digest',
  'enterprise-notice',
  'deadline-reminder',
] as const;

export class OutboxQuery extends PageQuery {
  @ApiPropertyOptional({ enum: OUTBOX_STATUSES })
  @IsOptional()
  @IsIn(OUTBOX_STATUSES)
  status?: OutboxStatus;

  @ApiPropertyOptional({ enum: NOTIFICATION_KINDS })
  @IsOptional()
  @IsIn(NOTIFICATION_KINDS)
  kind?: (typeof NOTIFICATION_KINDS)[number];
}

export class UpdatePreferencesDto {
  @ApiPropertyOptional({ description: 'Digest of the conflicts touching my agencies (officers)' })
  @IsOptional()
  @IsBoolean()
  agencyDigest?: boolean;

  @ApiPropertyOptional({ description: "Digest of the province's new conflicts and decisions" })
  @IsOptional()
  @IsBoolean()
  coordinatorDigest?: boolean;

  @ApiPropertyOptional({
    description:
      'At most one digest per agency per this many minutes (e.g. 1440 daily, 10080 weekly); not below DIGEST_PERIOD_MINUTES',
    example: 1440,
  })
  @IsOptional()
  @IsInt()
  @Min(5)
  @Max(31 * 24 * 60)
  periodMinutes?: number;
}
