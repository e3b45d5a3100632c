import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { NotFoundError } from '../../common/errors/domain-errors';
import { PublicRoute } from '../../identity/authorization/policy';
import { LifecycleService } from '../lifecycle.service';
import { VerificationPages } from './verification-pages';

@ApiTags('lifecycle')
@Controller('verify')
export class VerifyController {
  constructor(
    private readonly service: LifecycleService,
    private readonly pages: VerificationPages,
  ) {}

  /** Public: JSON with `Accept: application/json`, else the page the QR code opens. */
  @Get(':code')
  @PublicRoute()
  async verify(@Param('code') code: string, @Req() req: Request, @Res() res: Response) {
    const result = await this.service.verify(code);
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Vary', 'Accept');
    if (req.accepts(['html', 'json']) === 'json') {
      if (!result)
        throw new NotFoundError('Registration code', code, 'REGISTRATION_CODE_NOT_FOUND');
      res.json(result);
      return;
    }
    res
      .status(result ? 200 : 404)
      .type('text/html; charset=utf-8')
      .send(await this.pages.html(result, code, req));
  }
}
