import {
  Body,
  Controller,
  Get,
  Param,
  ParseIntPipe,
  Post,
  Query,
  Req,
  Res,
  UseFilters,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import multer from 'multer';
import type { Principal } from '../../identity/authentication/principal';
import { CurrentPrincipal } from '../../identity/authorization/access.guard';
import { AGENCY_APPROVAL, AGENCY_PLANNING, Policy } from '../../identity/authorization/policy';
import { uploadedFilename } from '../../registry/plan-files/plan-file-upload.interceptor';
import type { PlanUpload } from '../../registry/plan-files/plan-upload';
import { PageResponder } from '../rendering/page-responder';
import { WebExceptionFilter } from '../web-exception.filter';
import { PlanAction, PlanPages } from './plan-pages.service';
import { PlanUploadPage } from './plan-upload-page.service';

type Query_ = Record<string, unknown>;
type Body_ = Record<string, unknown>;

/** The file the upload middleware read, or why it could not. */
function uploadOf(req: Request): { file?: PlanUpload; failure?: 'too-large' | 'unreadable' } {
  const failed = (req as Request & { uploadError?: unknown }).uploadError;
  if (failed)
    return {
      failure:
        failed instanceof multer.MulterError && failed.code === 'LIMIT_FILE_SIZE'
          ? 'too-large'
          : 'unreadable',
    };
  const file = req.file;
  return file
    ? { file: { buffer: file.buffer, filename: uploadedFilename(file), mimeType: file.mimetype } }
    : {};
}

@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@Controller('web/plans')
export class PlanPagesController {
  constructor(
    private readonly plans: PlanPages,
    private readonly upload: PlanUploadPage,
    private readonly respond: PageResponder,
  ) {}

  @Get()
  @Policy()
  async list(@Query() query: Query_, @Req() req: Request, @Res() res: Response) {
    await this.respond.sendOrRedirect(req, res, await this.plans.list(query));
  }

  // Before :id, so "import" is never taken for a plan id.
  @Get('import')
  @Policy({ roles: AGENCY_PLANNING })
  async importForm(
    @CurrentPrincipal() who: Principal,
    @Query() query: Query_,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    await this.respond.sendOrRedirect(req, res, await this.upload.form(who, query));
  }

  @Post('import')
  @Policy({ roles: AGENCY_PLANNING })
  async import(
    @CurrentPrincipal() who: Principal,
    @Body() body: Body_,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    await this.respond.sendOrRedirect(req, res, await this.upload.submit(who, body, uploadOf(req)));
  }

  @Get('import/preview/:id')
  @Policy({ roles: AGENCY_PLANNING })
  async preview(
    @Param('id') id: string,
    @CurrentPrincipal() who: Principal,
    @Query() query: Query_,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    await this.respond.sendOrRedirect(req, res, await this.upload.preview(id, who, query));
  }

  @Post('import/preview/:id/rows/:n')
  @Policy({ roles: AGENCY_PLANNING })
  async correctRow(
    @Param('id') id: string,
    @Param('n', ParseIntPipe) n: number,
    @CurrentPrincipal() who: Principal,
    @Body() body: Body_,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    await this.respond.sendOrRedirect(req, res, await this.upload.correctRow(id, n, body, who));
  }

  @Post('import/preview/:id/commit')
  @Policy({ roles: AGENCY_PLANNING })
  async commit(
    @Param('id') id: string,
    @CurrentPrincipal() who: Principal,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    await this.respond.sendOrRedirect(req, res, await this.upload.commit(id, who));
  }

  @Get(':id')
  @Policy()
  async detail(
    @Param('id') id: string,
    @CurrentPrincipal() who: Principal,
    @Query() query: Query_,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    await this.respond.sendOrRedirect(req, res, await this.plans.detail(id, who, query));
  }

  @Post(':id/submit')
  @Policy({ roles: AGENCY_APPROVAL, agency: { plan: 'id' } })
  async submit(
    @Param('id') id: string,
    @CurrentPrincipal() who: Principal,
    @Body() body: Body_,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    await this.act(id, 'submit', who, body, req, res);
  }

  @Post(':id/approve')
  @Policy({ roles: AGENCY_APPROVAL, agency: { plan: 'id' } })
  async approve(
    @Param('id') id: string,
    @CurrentPrincipal() who: Principal,
    @Body() body: Body_,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    await this.act(id, 'approve', who, body, req, res);
  }

  @Post(':id/return')
  @Policy({ roles: AGENCY_APPROVAL, agency: { plan: 'id' } })
  async returnToDraft(
    @Param('id') id: string,
    @CurrentPrincipal() who: Principal,
    @Body() body: Body_,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    await this.act(id, 'return', who, body, req, res);
  }

  @Post(':id/withdraw')
  @Policy({ roles: AGENCY_APPROVAL, agency: { plan: 'id' } })
  async withdraw(
    @Param('id') id: string,
    @CurrentPrincipal() who: Principal,
    @Body() body: Body_,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    await this.act(id, 'withdraw', who, body, req, res);
  }

  @Post(':id/revise')
  @Policy({ roles: AGENCY_APPROVAL, agency: { plan: 'id' } })
  async revise(
    @Param('id') id: string,
    @CurrentPrincipal() who: Principal,
    @Body() body: Body_,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    await this.act(id, 'revise', who, body, req, res);
  }

  private async act(
    id: string,
    action: PlanAction,
    who: Principal,
    body: Body_,
    req: Request,
    res: Response,
  ) {
    await this.respond.sendOrRedirect(req, res, await this.plans.act(id, action, body, who));
  }
}
