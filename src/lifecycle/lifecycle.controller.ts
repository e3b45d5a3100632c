import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  Param,
  Post,
  Query,
  StreamableFile,
} from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Actor } from '../identity/authorization/actor.decorator';
import { Policy } from '../identity/authorization/policy';
import type { Principal } from '../identity/authentication/principal';
import { CurrentPrincipal } from '../identity/authorization/access.guard';
import { readableAgencies } from '../identity/authorization/agency-scope';
import type { Role } from '../identity/accounts/account';
import {
  ConclusionDto,
  DatedStepDto,
  DeadlinesQuery,
  InspectionDecisionDto,
  ExtensionDto,
  FollowUpDto,
  NotCarriedOutDto,
  PublicationDto,
  SuspensionDto,
} from './lifecycle.dto';
import { LifecycleService } from './lifecycle.service';

/** Recording an inspection's steps: its agency's officers and approvers (and admins). */
const CONDUCT: readonly Role[] = ['admin', 'officer', 'approver'];
/** The steps' policy; the inspection page's step forms declare the same one. */
export const OWN = { roles: CONDUCT, agency: { inspection: 'id' } } as const;

@ApiTags('lifecycle')
@Controller('inspections/:id/lifecycle')
export class LifecycleController {
  constructor(private readonly service: LifecycleService) {}

  @Get()
  @Policy({ reads: { inspection: 'id' } })
  get(@Param('id') id: string) {
    return this.service.view(id);
  }

  @Get('qr.png')
  @Policy({ reads: { inspection: 'id' } })
  @Header('Cache-Control', 'no-store')
  async qr(@Param('id') id: string) {
    return new StreamableFile(await this.service.qrPng(id), { type: 'image/png' });
  }

  @Post('decision')
  @HttpCode(200)
  @Policy(OWN)
  decision(@Param('id') id: string, @Body() b: InspectionDecisionDto, @Actor() a: string) {
    return this.service.record(id, 'decision', b, a);
  }

  @Post('announcement')
  @HttpCode(200)
  @Policy(OWN)
  announcement(@Param('id') id: string, @Body() b: DatedStepDto, @Actor() a: string) {
    return this.service.record(id, 'announcement', b, a);
  }

  @Post('on-site/start')
  @HttpCode(200)
  @Policy(OWN)
  start(@Param('id') id: string, @Body() b: DatedStepDto, @Actor() a: string) {
    return this.service.record(id, 'on-site-start', b, a);
  }

  @Post('on-site/extension')
  @HttpCode(200)
  @Policy(OWN)
  extension(@Param('id') id: string, @Body() b: ExtensionDto, @Actor() a: string) {
    return this.service.record(id, 'extension', b, a);
  }

  @Post('on-site/suspension')
  @HttpCode(200)
  @Policy(OWN)
  suspension(@Param('id') id: string, @Body() b: SuspensionDto, @Actor() a: string) {
    return this.service.record(id, 'suspension', b, a);
  }

  @Post('on-site/end')
  @HttpCode(200)
  @Policy(OWN)
  end(@Param('id') id: string, @Body() b: DatedStepDto, @Actor() a: string) {
    return this.service.record(id, 'on-site-end', b, a);
  }

  @Post('results-report')
  @HttpCode(200)
  @Policy(OWN)
  resultsReport(@Param('id') id: string, @Body() b: DatedStepDto, @Actor() a: string) {
    return this.service.record(id, 'results-report', b, a);
  }

  @Post('draft-conclusion')
  @HttpCode(200)
  @Policy(OWN)
  draftConclusion(@Param('id') id: string, @Body() b: DatedStepDto, @Actor() a: string) {
    return this.service.record(id, 'draft-conclusion', b, a);
  }

  @Post('conclusion')
  @HttpCode(200)
  @Policy(OWN)
  conclusion(@Param('id') id: string, @Body() b: ConclusionDto, @Actor() a: string) {
    return this.service.record(id, 'conclusion', b, a);
  }

  @Post('publication')
  @HttpCode(200)
  @Policy(OWN)
  publication(@Param('id') id: string, @Body() b: PublicationDto, @Actor() a: string) {
    return this.service.record(id, 'publication', b, a);
  }

  @Post('follow-ups')
  @HttpCode(200)
  @Policy(OWN)
  followUp(@Param('id') id: string, @Body() b: FollowUpDto, @Actor() a: string) {
    return this.service.record(id, 'follow-up', b, a);
  }

  @Post('not-carried-out')
  @HttpCode(200)
  @Policy(OWN)
  notCarriedOut(@Param('id') id: string, @Body() b: NotCarriedOutDto, @Actor() a: string) {
    return this.service.record(id, 'not-carried-out', b, a);
  }
}

@ApiTags('lifecycle')
@Controller('deadlines')
export class DeadlinesController {
  constructor(private readonly service: LifecycleService) {}

  @Get()
  @Policy()
  list(@Query() query: DeadlinesQuery, @CurrentPrincipal() reader: Principal) {
    return this.service.deadlines(query, readableAgencies(reader));
  }
}
