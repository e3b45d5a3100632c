import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  Param,
  Post,
  Put,
  Query,
  Res,
} from '@nestjs/common';
import type { Response } from 'express';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from '../identity/authorization/access.guard';
import type { Principal } from '../identity/authentication/principal';
import { ADMIN, Policy, PublicRoute } from '../identity/authorization/policy';
import { unsubscribeConfirmPage, unsubscribedPage } from './digests/unsubscribe-page';
import { OutboxQuery, UpdatePreferencesDto } from './notifications.dto';
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

  @Get('preferences')
  @Policy()
  @ApiOperation({ summary: 'Which digests the signed-in account receives, and how often' })
  preferences(@CurrentPrincipal() principal: Principal) {
    return this.notifications.preferences(principal.accountId);
  }

  @Put('preferences')
  @Policy()
  @ApiOperation({ summary: 'Change which digests the signed-in account receives, and how often' })
  updatePreferences(@CurrentPrincipal() principal: Principal, @Body() body: UpdatePreferencesDto) {
    return this.notifications.updatePreferences(principal.accountId, body);
  }

  @Get('unsubscribe/:token')
  @PublicRoute()
  @ApiProduces('text/html')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary:
      "The digest's unsubscribe link: a page with one button (a GET changes nothing, so link scanners unsubscribe no one)",
  })
  async unsubscribePage(@Param('token') token: string, @Res({ passthrough: true }) res: Response) {
    return html(
      res,
      unsubscribeConfirmPage(await this.notifications.unsubscribeTarget(token), token),
    );
  }

  @Post('unsubscribe/:token')
  @PublicRoute()
  @HttpCode(200)
  @ApiProduces('text/html')
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary:
      'Unsubscribe in one click: the page’s button, or the mail client’s List-Unsubscribe-Post (RFC 8058)',
  })
  async unsubscribe(@Param('token') token: string, @Res({ passthrough: true }) res: Response) {
    return html(res, unsubscribedPage(await this.notifications.unsubscribe(token)));
  }
}

/** HTML only once the page exists: errors keep the project's JSON shape and type. */
function html(res: Response, page: string): string {
  res.type('text/html; charset=utf-8');
  return page;
}
