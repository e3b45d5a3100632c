import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Actor } from '../identity/authorization/actor.decorator';
import { ADMIN, Policy } from '../identity/authorization/policy';
import { AgenciesService } from './agencies.service';
import { CreateAgencyDto, ListAgenciesQuery, SuccessionDto, UpdateAgencyDto } from './agency.dto';
import { AgencySuccessionService } from './succession.service';

@ApiTags('agencies')
@Controller('agencies')
export class AgenciesController {
  constructor(
    private readonly service: AgenciesService,
    private readonly succession: AgencySuccessionService,
  ) {}

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

  @Post(':code/succession')
  @HttpCode(200)
  @Policy({ roles: ADMIN })
  succeed(@Param('code') code: string, @Body() body: SuccessionDto, @Actor() actor: string) {
    return this.succession.succeed(code, body, actor);
  }
}
