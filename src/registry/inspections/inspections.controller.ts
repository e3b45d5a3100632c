import { Body, Controller, Get, Param, Patch, Query } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import { Actor, ACTOR_HEADER } from '../../common/http/actor.decorator';
import { ListInspectionsQuery, UpdateInspectionDto } from './inspection.dto';
import { InspectionsService } from './inspections.service';

@ApiTags('inspections')
@ApiHeader({
  name: ACTOR_HEADER,
  required: false,
  description: 'Who makes the change (URL-encoded)',
})
@Controller('inspections')
export class InspectionsController {
  constructor(private readonly service: InspectionsService) {}

  @Get()
  list(@Query() query: ListInspectionsQuery) {
    return this.service.list(query);
  }

  @Get(':id')
  get(@Param('id') id: string) {
    return this.service.get(id);
  }

  @Patch(':id')
  update(@Param('id') id: string, @Body() body: UpdateInspectionDto, @Actor() actor: string) {
    return this.service.update(id, body, actor);
  }
}
