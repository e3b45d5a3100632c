import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
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
