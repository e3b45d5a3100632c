import { Injectable } from '@nestjs/common';
import { AuditTrail, diffFields } from '../audit/audit';
import { NotFoundError, StateConflictError } from '../common/errors/domain-errors';
import { Clock } from '../common/time/clock';
import { AgencyKind } from '../domain/vocabulary';
import { Agency, AgencyRepository } from './agency';
import { CreateAgencyDto, UpdateAgencyDto } from './agency.dto';

@Injectable()
export class AgenciesService {
  constructor(
    private readonly agencies: AgencyRepository,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
  ) {}

  async create(input: CreateAgencyDto, actor: string): Promise<Agency> {
    if (await this.agencies.findByCode(input.code)) {
      throw new StateConflictError('AGENCY_EXISTS', `Agency ${input.code} already exists`, [
        {
          field: 'code',
          code: 'DUPLICATE',
          message: `an agency with code ${input.code} already exists`,
        },
      ]);
    }
    const now = this.clock.now();
    const agency = await this.agencies.insert({
      ...input,
      active: true,
      createdAt: now,
      updatedAt: now,
    });
    await this.audit.record({
      entityType: 'agency',
      entityId: agency.code,
      action: 'created',
      actor,
    });
    return agency;
  }

  list(kind?: AgencyKind): Promise<Agency[]> {
    return this.agencies.list({ kind });
  }

  async get(code: string): Promise<Agency> {
    const agency = await this.agencies.findByCode(code.toUpperCase());
    if (!agency) throw new NotFoundError('Agency', code);
    return agency;
  }

  /** With `revision`, the edit lands only on the revision read (409 STALE_REVISION otherwise). */
  async update(code: string, input: UpdateAgencyDto, actor: string): Promise<Agency> {
    const before = await this.get(code);
    const { revision, ...given } = input;
    const changes = Object.fromEntries(
      Object.entries(given).filter(([, v]) => v !== undefined),
    ) as Omit<UpdateAgencyDto, 'revision'>;
    const after = await this.agencies.update(
      before.code,
      { ...changes, updatedAt: this.clock.now() },
      revision,
    );
    if (!after)
      throw new StateConflictError(
        'STALE_REVISION',
        `Agency ${before.code} changed meanwhile; reload and retry`,
      );
    const audited = diffFields(before as never, after as never, [
      'name',
      'kind',
      'active',
      'contactEmail',
    ]);
    await this.audit.record({
      entityType: 'agency',
      entityId: before.code,
      action: 'updated',
      actor,
      changes: audited,
    });
    return after;
  }
}
