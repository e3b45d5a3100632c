import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import { Actor, ACTOR_HEADER } from '../common/http/actor.decorator';
import { AgenciesService } from './agencies.service';
import { CreateAgencyDto, ListAgenciesQuery, UpdateAgencyDto } from './agency.dto';

@ApiTags('agencies')
@ApiHeader({
  name: ACTOR_HEADER,
  required: false,
  description: 'Who makes the change (URL-encoded)',
})
@Controller('agencies')
export class AgenciesController {
  constructor(private readonly service: AgenciesService) {}

  @Post()
  create(@Body() body: CreateAgencyDto, @Actor() actor: string) {
    return this.service.create(body, actor);
  }

  @Get()
  list(@Query() query: ListAgenciesQuery) {
    return this.service.list(query.kind);
  }

  @Get(':code')
  get(@Param('code') code: string) {
    return this.service.get(code);
  }

  @Patch(':code')
  update(@Param('code') code: string, @Body() body: UpdateAgencyDto, @Actor() actor: string) {
    return this.service.update(code, body, actor);
  }
}
