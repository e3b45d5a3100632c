import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Principal } from '../authentication/principal';
import { CurrentPrincipal } from '../authorization/access.guard';
import { Policy } from '../authorization/policy';
import { CreateAccessTokenDto } from '../identity.dto';
import { AccessTokensService } from './access-tokens.service';

/** Personal access tokens: each account manages its own. */
@ApiTags('auth')
@Policy()
@Controller('auth/tokens')
export class TokensController {
  constructor(private readonly tokens: AccessTokensService) {}

  /** The secret (`token`) is in this answer only. */
  @Post()
  create(@CurrentPrincipal() principal: Principal, @Body() body: CreateAccessTokenDto) {
    return this.tokens.create(principal, body);
  }

  @Get()
  async list(@CurrentPrincipal() principal: Principal) {
    return { items: await this.tokens.list(principal.accountId) };
  }

  @Delete(':id')
  @HttpCode(204)
  revoke(@CurrentPrincipal() principal: Principal, @Param('id') id: string): Promise<void> {
    return this.tokens.revoke(principal, id);
  }
}
