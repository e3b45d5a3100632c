import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Actor } from '../identity/authorization/actor.decorator';
import { ADMIN, Policy } from '../identity/authorization/policy';
import { AgenciesService } from './agencies.service';
import { CreateAgencyDto, ListAgenciesQuery, UpdateAgencyDto } from './agency.dto';

@ApiTags('agencies')
@Controller('agencies')
export class AgenciesController {
  constructor(private readonly service: AgenciesService) {}

  @Post()
  @Policy({ roles: ADMIN })
  create(@Body() body: CreateAgencyDto, @Actor() actor: string) {
    return this.service.create(body, actor);
  }

  @Get()
  @Policy()
  list(@Query() query: ListAgenciesQuery) {
    return this.service.list(query.kind);
  }

  @Get(':code')
  @Policy()
  get(@Param('code') code: string) {
    return this.service.get(code);
  }

  @Patch(':code')
  @Policy({ roles: ADMIN })
  update(@Param('code') code: string, @Body() body: UpdateAgencyDto, @Actor() actor: string) {
    return this.service.update(code, body, actor);
  }
}
