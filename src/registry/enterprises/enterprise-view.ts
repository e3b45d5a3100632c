import { Injectable } from '@nestjs/common';

/**
 * Other features add sections to GET /enterprises/:taxCode (the conflicts feature adds the
 * enterprise's conflicts) without the enterprises feature depending on them.
 */
export type EnterpriseSection = (
  parentTaxCode: string,
  /** An agency-scoped reader's agencies: show only what touches them (undefined: all). */
  within?: string[],
) => Promise<Record<string, unknown>>;

@Injectable()
export class EnterpriseViewSections {
  private readonly sections: EnterpriseSection[] = [];

  add(section: EnterpriseSection): void {
    this.sections.push(section);
  }

  async collect(parentTaxCode: string, within?: string[]): Promise<Record<string, unknown>> {
    const parts = await Promise.all(this.sections.map((s) => s(parentTaxCode, within)));
    return Object.assign({}, ...parts);
  }
}
