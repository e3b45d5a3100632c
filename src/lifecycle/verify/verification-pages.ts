import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import type { PublicVerification } from './verification';
import { renderVerificationPage } from './verification-page';

export type VerificationPageRenderer = (
  verification: PublicVerification | null,
  code: string,
  req: Request,
) => Promise<string>;

/**
 * The HTML of GET /verify/:code: the site's page in its layout when the web pages registered
 * one (without lifecycle depending on them), else the self-contained page.
 */
@Injectable()
export class VerificationPages {
  private renderer: VerificationPageRenderer | null = null;

  provide(renderer: VerificationPageRenderer): void {
    this.renderer = renderer;
  }

  async html(v: PublicVerification | null, code: string, req: Request): Promise<string> {
    return this.renderer ? this.renderer(v, code, req) : renderVerificationPage(v, code);
  }
}
