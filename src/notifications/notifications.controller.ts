import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ADMIN, Policy } from '../identity/authorization/policy';
import { OutboxQuery } from './notifications.dto';
import { NotificationsService } from './notifications.service';

@ApiTags('notifications')
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get('outbox')
  @Policy({ roles: ADMIN })
  @ApiOperation({
    summary:
      'The outbox, newest first: each notification with its status (queued, sending, sent, failed), attempts, next attempt, and the mail server’s last answer; counts per status',
  })
  outbox(@Query() query: OutboxQuery) {
    return this.notifications.listOutbox(query);
  }
}
