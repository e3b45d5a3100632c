import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Controller, Get, NotFoundException, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { PublicRoute } from '../../identity/authorization/policy';

const TYPES: Record<string, string> = {
  'site.css': 'text/css; charset=utf-8',
  'site.js': 'text/javascript; charset=utf-8',
  'favicon.svg': 'image/svg+xml',
};

interface Asset {
  body: Buffer;
  etag: string;
  type: string;
}

/** Read once at start: the pages' own stylesheet and script (no CDN: offline networks). */
function loadAssets(dir: string): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  for (const [name, type] of Object.entries(TYPES)) {
    const body = readFileSync(join(dir, name));
    const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
    assets.set(name, { body, etag, type });
  }
  return assets;
}

@ApiExcludeController()
@Controller('web/assets')
export class AssetsController {
  private readonly assets = loadAssets(__dirname);

  @Get(':file')
  @PublicRoute() // the sign-in page needs its stylesheet before anyone signs in
  file(@Param('file') file: string, @Req() req: Request, @Res() res: Response) {
    const asset = this.assets.get(file);
    if (!asset) throw new NotFoundException({ code: 'NOT_FOUND', message: 'Not found' });
    res.setHeader('ETag', asset.etag);
    res.setHeader('Cache-Control', 'public, max-age=3600');
    if (req.headers['if-none-match'] === asset.etag) {
      res.status(304).end();
      return;
    }
    res.setHeader('Content-Type', asset.type);
    res.status(200).end(asset.body);
  }
}
