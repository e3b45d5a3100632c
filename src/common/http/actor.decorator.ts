import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';

export const ACTOR_HEADER = 'x-actor';
export const ANONYMOUS_ACTOR = 'anonymous';

/**
 * Who performs a write, for audit trails. Until access control exists the caller names
 * itself in the X-Actor header (URL-encoded, so Vietnamese names survive HTTP headers).
 */
export const Actor = createParamDecorator((_data: unknown, ctx: ExecutionContext): string => {
  const raw = ctx.switchToHttp().getRequest<Request>().headers[ACTOR_HEADER];
  if (typeof raw !== 'string' || raw.trim() === '') return ANONYMOUS_ACTOR;
  try {
    return decodeURIComponent(raw).normalize('NFC').trim().slice(0, 200);
  } catch {
    return raw.trim().slice(0, 200);
  }
});
