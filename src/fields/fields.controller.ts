import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor } from '../identity/authorization/actor.decorator';
import { ADMIN, Policy } from '../identity/authorization/policy';
import { CreateFieldDto, ListFieldsQuery, RemoveFieldQuery, UpdateFieldDto } from './fields.dto';
import { FieldsService } from './fields.service';

@ApiTags('fields')
@Controller('fields')
export class FieldsController {
  constructor(private readonly fields: FieldsService) {}

  @Get()
  @Policy()
  @ApiOperation({
    summary: 'The fields of state management (lĩnh vực) inspections are registered under',
  })
  list(@Query() query: ListFieldsQuery) {
    return this.fields.list(query.active === undefined ? {} : { active: query.active === 'true' });
  }

  @Get(':code')
  @Policy()
  get(@Param('code') code: string) {
    return this.fields.get(code);
  }

  @Post()
  @Policy({ roles: ADMIN })
  create(@Body() body: CreateFieldDto, @Actor() actor: string) {
    return this.fields.create(body, actor);
  }

  @Patch(':code')
  @Policy({ roles: ADMIN })
  @ApiOperation({
    summary: 'Rename, edit aliases, deactivate or reactivate; the code never changes',
  })
  update(@Param('code') code: string, @Body() body: UpdateFieldDto, @Actor() actor: string) {
    return this.fields.update(code, body, actor);
  }

  @Delete(':code')
  @HttpCode(204)
  @Policy({ roles: ADMIN })
  @ApiOperation({
    summary: 'Only a field no inspection uses (else 409 FIELD_IN_USE: deactivate it)',
  })
  remove(@Param('code') code: string, @Query() query: RemoveFieldQuery, @Actor() actor: string) {
    return this.fields.remove(code, query.revision, actor);
  }
}
