import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  StreamableFile,
} from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Principal } from '../identity/authentication/principal';
import { CurrentPrincipal } from '../identity/authorization/access.guard';
import { Actor } from '../identity/authorization/actor.decorator';
import { readableAgencies } from '../identity/authorization/agency-scope';
import { COORDINATION, Policy } from '../identity/authorization/policy';
import { attachmentDisposition } from '../common/http/content-disposition';
import {
  CreateMeetingDto,
  ListMeetingsQuery,
  MeetingDecisionDto,
  UpdateMeetingDto,
} from './meeting.dto';
import { MeetingsService } from './meetings.service';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

@ApiTags('meetings')
// Reads: any signed-in account; the meetings themselves are the coordinators' work.
@Policy({ roles: COORDINATION })
@Controller('meetings')
export class MeetingsController {
  constructor(private readonly meetings: MeetingsService) {}

  @Post()
  @ApiOperation({
    summary:
      'Create a coordination meeting (planned); its agenda is a snapshot of the open conflicts of the scope, by enterprise then rule',
  })
  create(@Body() body: CreateMeetingDto, @Actor() actor: string) {
    return this.meetings.create(body, actor);
  }

  @Get()
  @Policy()
  @ApiOperation({
    summary: 'Meetings of a year and/or status, newest first, paginated with totals',
  })
  list(@Query() query: ListMeetingsQuery, @CurrentPrincipal() reader: Principal) {
    return this.meetings.list(query, readableAgencies(reader));
  }

  @Get(':id')
  @Policy()
  @ApiOperation({
    summary:
      "A meeting with its agenda: each conflict's rule, enterprise, explanation (vi/en), status and the meeting's decision",
  })
  get(@Param('id') id: string, @CurrentPrincipal() reader: Principal) {
    return this.meetings.get(id, readableAgencies(reader));
  }

  @Patch(':id')
  @ApiOperation({
    summary:
      'Change time, place, chair, attendees, notes, or status (planned → held → closed, or cancelled)',
  })
  update(@Param('id') id: string, @Body() body: UpdateMeetingDto, @Actor() actor: string) {
    return this.meetings.update(id, body, actor);
  }

  @Post(':id/agenda/refresh')
  @HttpCode(200)
  @ApiOperation({
    summary: 'While planned: add the conflicts of the scope opened since the agenda was made',
  })
  refresh(@Param('id') id: string, @Actor() actor: string) {
    return this.meetings.refreshAgenda(id, actor);
  }

  @Post(':id/decisions')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Decide one agenda item (once): the resolution is verified by the engine and applied to the conflict and its inspections, as POST /conflicts/:id/resolve does, and minuted. 422 NOT_ON_AGENDA, 409 ALREADY_DECIDED, 422 MEETING_NOT_OPEN once closed or cancelled',
  })
  decide(@Param('id') id: string, @Body() body: MeetingDecisionDto, @Actor() actor: string) {
    return this.meetings.decide(id, body, actor);
  }

  @Get(':id/minutes.docx')
  @Policy()
  @ApiProduces(DOCX)
  @ApiOperation({
    summary:
      'The minutes ("BIÊN BẢN HỌP PHỐI HỢP") as a Word document (.docx): time, place, chair, attendees, agencies, each agenda item with its enterprise, rule, explanation in Vietnamese and decision, undecided items listed. .docx only: PDF is not offered (the standard PDF fonts lack Vietnamese glyphs); Word and LibreOffice print it to PDF.',
  })
  @Header('Cache-Control', 'no-store')
  async minutes(@Param('id') id: string, @CurrentPrincipal() reader: Principal) {
    return docxFile(await this.meetings.minutes(id, readableAgencies(reader)));
  }
}

function docxFile(minutes: { body: Buffer; filename: string }): StreamableFile {
  return new StreamableFile(minutes.body, {
    type: DOCX,
    disposition: attachmentDisposition(minutes.filename),
    length: minutes.body.length,
  });
}
