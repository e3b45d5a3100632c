import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  Res,
  StreamableFile,
} from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AgencyRepository } from '../agencies/agency';
import { Actor, ACTOR_HEADER } from '../common/http/actor.decorator';
import { attachmentDisposition } from '../common/http/content-disposition';
import {
  CreateMeetingDto,
  ListMeetingsQuery,
  MeetingDecisionDto,
  UpdateMeetingDto,
} from './meeting.dto';
import { MeetingsService } from './meetings.service';
import { renderMinutesDocx } from './minutes';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

@ApiTags('meetings')
@ApiHeader({ name: ACTOR_HEADER, required: false, description: 'Who acts (URL-encoded)' })
@Controller('meetings')
export class MeetingsController {
  constructor(
    private readonly meetings: MeetingsService,
    private readonly agencies: AgencyRepository,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Create a coordination meeting; its agenda is the open conflicts of the scope',
  })
  create(@Body() body: CreateMeetingDto, @Actor() actor: string) {
    return this.meetings.create(body, actor);
  }

  @Get()
  list(@Query() query: ListMeetingsQuery) {
    return this.meetings.list(query);
  }

  @Get(':id')
  get(@Param('id') id: string) {
    return this.meetings.get(id);
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
  @ApiOperation({ summary: 'Add conflicts of the scope opened since the agenda was made' })
  refresh(@Param('id') id: string, @Actor() actor: string) {
    return this.meetings.refreshAgenda(id, actor);
  }

  @Post(':id/decisions')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Decide one agenda item: the resolution is applied to the conflict and its inspections',
  })
  decide(@Param('id') id: string, @Body() body: MeetingDecisionDto, @Actor() actor: string) {
    return this.meetings.decide(id, body, actor);
  }

  @Get(':id/minutes.docx')
  @ApiProduces(DOCX)
  @ApiOperation({
    summary:
      'The minutes as a Word document (.docx). PDF is not offered: .docx keeps Vietnamese text editable and intact.',
  })
  async minutes(@Param('id') id: string, @Res({ passthrough: true }) res: Response) {
    const meeting = await this.meetings.get(id);
    const names = new Map(
      (await this.agencies.findByCodes(meeting.agencyCodes)).map((a) => [a.code, a.name]),
    );
    const body = await renderMinutesDocx(meeting, names);
    res.setHeader('Cache-Control', 'no-store');
    return new StreamableFile(body, {
      type: DOCX,
      disposition: attachmentDisposition(
        `bien-ban-hop-phoi-hop-${meeting.start.toISOString().slice(0, 10)}.docx`,
      ),
      length: body.length,
    });
  }
}
