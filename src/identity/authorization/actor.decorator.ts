import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { principalOfRequest } from './access.guard';

/**
 * Who performs a write, for audit trails: the signed-in account's username, as the route
 * guard authenticated it. The X-Actor header is no longer read: anyone could send it.
 */
export const Actor = createParamDecorator((_data: unknown, ctx: ExecutionContext): string => {
  const principal = principalOfRequest(ctx.switchToHttp().getRequest<Request>());
  if (!principal) throw new Error('@Actor() used on a route without a @Policy');
  return principal.username;
});
