import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { LayoutContextFactory } from './layout-context';
import { PageRenderer, PageView } from './page-renderer';

/** After a form that worked: go elsewhere (303, so a reload does not post it again). */
export interface Redirect {
  redirect: string;
}

export type PageResult = PageView | Redirect;

export const redirectTo = (url: string): Redirect => ({ redirect: url });

/** Sends what a page service answered: the rendered page in its layout, or a redirect. */
@Injectable()
export class PageResponder {
  constructor(
    private readonly renderer: PageRenderer,
    private readonly layouts: LayoutContextFactory,
  ) {}

  async sendOrRedirect(req: Request, res: Response, result: PageResult): Promise<void> {
    if ('redirect' in result) {
      res.setHeader('Cache-Control', 'no-store');
      res.redirect(req.method === 'GET' ? 302 : 303, result.redirect);
      return;
    }
    this.renderer.send(res, result, await this.layouts.of(req));
  }
}
