import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Principal } from '../authentication/principal';
import { CurrentPrincipal } from '../authorization/access.guard';
import { ADMIN, Policy } from '../authorization/policy';
import { CreateAccountDto, ListAccountsQuery, UpdateAccountDto } from '../identity.dto';
import { AccountsService } from './accounts.service';

@ApiTags('users')
@Policy({ roles: ADMIN })
@Controller('users')
export class UsersController {
  constructor(private readonly accounts: AccountsService) {}

  /** Without `password`, one is issued and answered once as `issuedPassword`. */
  @Post()
  create(@Body() body: CreateAccountDto, @CurrentPrincipal() principal: Principal) {
    return this.accounts.create(body, principal);
  }

  @Get()
  list(@Query() query: ListAccountsQuery) {
    return this.accounts.list(query.page, query.pageSize);
  }

  @Get(':id')
  get(@Param('id') id: string) {
    return this.accounts.get(id);
  }

  @Patch(':id')
  update(
    @Param('id') id: string,
    @Body() body: UpdateAccountDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.accounts.update(id, body, principal);
  }
}
