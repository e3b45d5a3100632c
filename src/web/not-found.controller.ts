import { Controller, Get, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { NotFoundError } from '../common/errors/domain-errors';
import { PublicRoute } from '../identity/authorization/policy';
import { WebExceptionFilter } from './web-exception.filter';

/** Any other /web address: the pages' own "not found" page, not the API's JSON (listed last). */
@ApiExcludeController()
@UseFilters(WebExceptionFilter)
@Controller('web')
export class NotFoundPageController {
  @Get('*path')
  @PublicRoute() // says nothing about what exists
  notFound(): never {
    throw new NotFoundError('Page', '');
  }
}
