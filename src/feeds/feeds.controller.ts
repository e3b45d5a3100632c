import {
  Body,
  Controller,
  Delete,
  Get,
  NotFoundException,
  Param,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Actor } from '../identity/authorization/actor.decorator';
import type { Principal } from '../identity/authentication/principal';
import { CurrentPrincipal } from '../identity/authorization/access.guard';
import {
  forbiddenScope,
  holdsAgency,
  seesEveryAgency,
} from '../identity/authorization/agency-scope';
import { COORDINATION, Policy, PublicRoute } from '../identity/authorization/policy';
import { CreateFeedDto, ListFeedsQuery } from './feed.dto';
import { acceptsGzip, gzipEtag, GzipCache } from './feed-encoding';
import { FeedsService, ServedFeed } from './feeds.service';

/**
 * True when the client's copy (If-None-Match, else If-Modified-Since) is still current.
 * `etag`: the tag of the representation being served (identity or gzip).
 */
export function isNotModified(
  req: Request,
  served: ServedFeed,
  etag = served.rendered.etag,
): boolean {
  const inm = req.headers['if-none-match'];
  if (inm) {
    const tags = inm.split(',').map((t) => t.trim().replace(/^W\//, ''));
    return tags.includes('*') || tags.includes(etag);
  }
  const ims = req.headers['if-modified-since'];
  const lastModified = served.rendered.lastModified;
  if (ims && lastModified) {
    const since = Date.parse(ims);
    return !Number.isNaN(since) && Math.floor(lastModified.getTime() / 1000) * 1000 <= since;
  }
  return false;
}

/**
 * A feed shows only what its creator may see: an officer or approver (agency-scoped) may
 * subscribe to its own agency's plans or conflicts; 403 otherwise. Not to an enterprise:
 * that feed lists every agency's inspections of it (an enterprise that made its feed public
 * is at GET /public/enterprises/:taxCode/calendar.ics for anyone).
 */
export function assertMaySubscribe(who: Principal, body: CreateFeedDto): void {
  if (seesEveryAgency(who)) return;
  const ref = body.ref ?? '';
  if ((body.scope === 'agency' || body.scope === 'conflicts') && holdsAgency(who, ref)) return;
  throw forbiddenScope(who, ref || body.scope);
}

const gzipped = new GzipCache();

async function send(req: Request, res: Response, served: ServedFeed | null): Promise<void> {
  // Unknown, revoked, private or malformed: the same 404, revealing nothing.
  if (!served) throw new NotFoundException({ code: 'NOT_FOUND', message: 'Not found' });
  const { rendered } = served;
  // gzip only for a client that asks; each representation has its own ETag.
  const zip = acceptsGzip(req.headers['accept-encoding']);
  const etag = zip ? gzipEtag(rendered.etag) : rendered.etag;
  res.setHeader('Vary', 'Accept-Encoding');
  res.setHeader('ETag', etag);
  if (rendered.lastModified) res.setHeader('Last-Modified', rendered.lastModified.toUTCString());
  // Short: calendar clients poll anyway, and a revoked token must stop working soon.
  res.setHeader('Cache-Control', 'private, max-age=300');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  if (isNotModified(req, served, etag)) {
    res.status(304).end();
    return;
  }
  const body = zip ? await gzipped.of(rendered.body) : rendered.body;
  res.setHeader('Content-Type', 'text/calendar; charset=utf-8');
  if (zip) res.setHeader('Content-Encoding', 'gzip');
  res.setHeader('Content-Disposition', `inline; filename="${served.filename}"`);
  res.setHeader('Content-Length', String(body.length));
  res.status(200).end(req.method === 'HEAD' ? undefined : body);
}

@ApiTags('feeds')
@Controller()
export class FeedsController {
  constructor(private readonly feeds: FeedsService) {}

  @Post('feeds')
  @Policy()
  @ApiOperation({
    summary:
      'Create a calendar subscription; answers the secret URL (shown once) and subscribe links',
  })
  create(@Body() body: CreateFeedDto, @CurrentPrincipal() who: Principal) {
    assertMaySubscribe(who, body);
    return this.feeds.create(body, who.username);
  }

  @Get('feeds')
  @Policy({ roles: COORDINATION })
  @ApiOperation({ summary: 'List subscriptions (tokens are never shown again)' })
  list(@Query() query: ListFeedsQuery) {
    return this.feeds.list(query.scope, query.ref, query.includeRevoked);
  }

  @Delete('feeds/:id')
  @Policy({ roles: COORDINATION })
  @ApiOperation({ summary: 'Revoke a subscription: its URL answers 404 from now on' })
  revoke(@Param('id') id: string, @Actor() actor: string) {
    return this.feeds.revoke(id, actor);
  }

  @Get('feeds/:token/:file')
  @PublicRoute() // the secret URL is the credential
  @ApiProduces('text/calendar')
  @ApiOperation({ summary: 'The iCalendar feed (ETag / Last-Modified, 304 when unchanged)' })
  async feed(
    @Param('token') token: string,
    @Param('file') file: string,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    await send(req, res, file.endsWith('.ics') ? await this.feeds.serveByToken(token) : null);
  }

  @Get('public/enterprises/:taxCode/:file')
  @PublicRoute() // only when the enterprise made its feed public
  @ApiProduces('text/calendar')
  @ApiOperation({
    summary: "An enterprise's approved inspections, when the enterprise made its feed public",
  })
  async publicEnterprise(
    @Param('taxCode') taxCode: string,
    @Param('file') file: string,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    await send(
      req,
      res,
      file.endsWith('.ics') ? await this.feeds.servePublicEnterprise(taxCode) : null,
    );
  }
}
