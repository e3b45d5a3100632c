import { Injectable, OnModuleInit } from '@nestjs/common';
import { verificationFacts } from '../../lifecycle/verify/verification-page';
import { VerificationPages } from '../../lifecycle/verify/verification-pages';
import { LayoutContextFactory } from '../rendering/layout-context';
import { PageRenderer } from '../rendering/page-renderer';

/** GET /verify/:code's HTML in the site's layout (the route, its JSON and its policy stay lifecycle's). */
@Injectable()
export class VerificationPageOnLayout implements OnModuleInit {
  constructor(
    private readonly pages: VerificationPages,
    private readonly renderer: PageRenderer,
    private readonly layouts: LayoutContextFactory,
  ) {}

  onModuleInit(): void {
    this.pages.provide(async (v, code, req) => {
      const facts = verificationFacts(v, code);
      return this.renderer.html('verify.njk', {
        ...facts,
        found: v !== null,
        status: v?.status ?? null,
        title: 'Tra cứu cuộc thanh tra, kiểm tra',
        layout: await this.layouts.of(req),
      });
    });
  }
}
