import { Injectable } from '@nestjs/common';
import { AuditTrail, diffFields } from '../../audit/audit';
import { InvalidInputError, NotFoundError } from '../../common/errors/domain-errors';
import { Page } from '../../common/http/pagination';
import { Clock } from '../../common/time/clock';
import { parseTaxCode } from '../../domain/tax-code';
import { Inspection, InspectionRepository } from '../inspections/inspection';
import { ParentsChangedBus } from '../parents-changed';
import { Enterprise, EnterpriseRepository } from './enterprise';
import { touchesAny } from '../../identity/authorization/agency-scope';
import { EnterpriseViewSections } from './enterprise-view';

export interface UpdateEnterpriseInput {
  name?: string;
  address?: string;
  goodComplier?: boolean;
  publicFeed?: boolean;
  contactEmail?: string;
}

@Injectable()
export class EnterprisesService {
  constructor(
    private readonly enterprises: EnterpriseRepository,
    private readonly inspections: InspectionRepository,
    private readonly sections: EnterpriseViewSections,
    private readonly audit: AuditTrail,
    private readonly parentsChanged: ParentsChangedBus,
    private readonly clock: Clock,
  ) {}

  /** The enterprise, its branches, every inspection across all agencies, and more sections. */
  /**
   * `within`: an agency-scoped reader's agencies; the enterprise itself is shared, its
   * inspections (and the sections, e.g. conflicts) only those involving them.
   */
  async view(taxCodeParam: string, within?: string[]) {
    // The parent follows from the tax code itself, so everything is read at once.
    const tax = parseTaxCode(taxCodeParam);
    const [enterprise, family, inspections, extra] = await Promise.all([
      this.get(taxCodeParam),
      ...this.familyOf(tax.ok ? tax.parent : undefined, within),
    ]);
    // A record stored under another parent (none is written so) is read again by its own.
    if (enterprise.parentTaxCode !== (tax.ok && tax.parent)) {
      const again = await Promise.all(this.familyOf(enterprise.parentTaxCode, within));
      return this.viewOf(enterprise, ...again, within);
    }
    return this.viewOf(enterprise, family, inspections, extra, within);
  }

  private familyOf(parent: string | undefined, within?: string[]) {
    return [
      parent ? this.enterprises.findByParents([parent]) : Promise.resolve([]),
      parent ? this.inspections.findByParents([parent]) : Promise.resolve([]),
      parent ? this.sections.collect(parent, within) : Promise.resolve({}),
    ] as const;
  }

  private viewOf(
    enterprise: Enterprise,
    family: Enterprise[],
    inspections: Inspection[],
    extra: Awaited<ReturnType<EnterpriseViewSections['collect']>>,
    within?: string[],
  ) {
    const ownInspections = inspections.filter(
      (i) =>
        (!enterprise.isBranch || i.taxCode === enterprise.taxCode) &&
        touchesAny([i.agencyCode, i.leadAgencyCode, ...i.participantAgencyCodes], within),
    );
    ownInspections.sort((a, b) =>
      a.window.from < b.window.from ? -1 : a.window.from > b.window.from ? 1 : 0,
    );
    return {
      ...enterprise,
      branches: enterprise.isBranch
        ? []
        : family.filter((e) => e.isBranch).map((e) => ({ taxCode: e.taxCode, name: e.name })),
      inspections: ownInspections,
      ...extra,
    };
  }

  async get(taxCodeParam: string): Promise<Enterprise> {
    const tax = parseTaxCode(taxCodeParam);
    if (!tax.ok) {
      throw new InvalidInputError('INVALID_TAX_CODE', tax.message.en, [
        { field: 'taxCode', code: tax.code, message: tax.message.en },
      ]);
    }
    const enterprise = await this.enterprises.findByTaxCode(tax.taxCode);
    if (!enterprise) throw new NotFoundError('Enterprise', tax.taxCode);
    return enterprise;
  }

  async search(
    q: string | undefined,
    goodComplier: boolean | undefined,
    page: number,
    pageSize: number,
  ): Promise<Page<Enterprise>> {
    const { items, total } = await this.enterprises.search(
      { q, goodComplier },
      (page - 1) * pageSize,
      pageSize,
    );
    return { items, total, page, pageSize };
  }

  async update(
    taxCodeParam: string,
    input: UpdateEnterpriseInput,
    actor: string,
  ): Promise<Enterprise> {
    const before = await this.get(taxCodeParam);
    // The good-complier flag is a rule input (NQ198): announced before it is written.
    const touched =
      input.goodComplier !== undefined && input.goodComplier !== before.goodComplier
        ? await this.parentsChanged.announce([before.parentTaxCode], actor)
        : undefined;
    const after = (await this.enterprises.update(before.taxCode, {
      ...input,
      updatedAt: this.clock.now(),
    }))!;
    const changes = diffFields(before as never, after as never, [
      'name',
      'address',
      'goodComplier',
      'publicFeed',
      'contactEmail',
    ]);
    await this.audit.record({
      entityType: 'enterprise',
      entityId: before.taxCode,
      action: 'updated',
      actor,
      changes,
    });
    // The good-complier flag is a rule input (NQ198): check the enterprise again.
    if (touched || changes.some((c) => c.field === 'goodComplier')) {
      await this.parentsChanged.publish({ parentTaxCodes: [before.parentTaxCode], actor }, touched);
    }
    return after;
  }
}
