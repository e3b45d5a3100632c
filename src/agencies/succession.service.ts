import { Injectable } from '@nestjs/common';
import { AuditTrail } from '../audit/audit';
import {
  InvalidInputError,
  NotFoundError,
  RuleViolationError,
} from '../common/errors/domain-errors';
import { Clock } from '../common/time/clock';
import type { CalendarDay } from '../domain/calendar-day';
import { Agency, AgencyRepository } from './agency';
import type { SuccessionDto } from './agency.dto';
import { nameWithSuccessor } from './succession';

/**
 * Abolishing an agency into its successor. Records are not rewritten: an inspection by the old
 * Sở in March 2025 stays its inspection; who answers for it today is found through the chain
 * (deadlines, follow-ups, the verify page), and explanations name both.
 */
@Injectable()
export class AgencySuccessionService {
  constructor(
    private readonly agencies: AgencyRepository,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
  ) {}

  async succeed(code: string, input: SuccessionDto, actor: string): Promise<Agency> {
    const old = await this.agencies.findByCode(code.toUpperCase());
    if (!old) throw new NotFoundError('Agency', code);
    if (input.successorCode === old.code)
      throw new InvalidInputError('VALIDATION_FAILED', 'An agency cannot succeed itself', [
        { field: 'successorCode', code: 'SELF_SUCCESSION', message: 'name another agency' },
      ]);
    const successor = await this.agencies.findByCode(input.successorCode);
    if (!successor)
      throw new InvalidInputError('VALIDATION_FAILED', `Agency ${input.successorCode} not found`, [
        {
          field: 'successorCode',
          code: 'UNKNOWN_AGENCY',
          message: `no agency ${input.successorCode}`,
        },
      ]);
    // The successor's own chain must not lead back here.
    const all = await this.agencies.list({});
    const byCode = new Map(all.map((a) => [a.code, a]));
    for (let a: Agency | undefined = successor, hops = 0; a && hops < all.length; hops++) {
      if (a.code === old.code)
        throw new RuleViolationError(
          'SUCCESSION_CYCLE',
          `${successor.code} already descends from ${old.code}`,
          [{ field: 'successorCode', code: 'SUCCESSION_CYCLE', message: 'the chain would loop' }],
        );
      a = a.successorCode ? byCode.get(a.successorCode) : undefined;
    }
    const today = this.clock.today();
    const after = (await this.agencies.update(old.code, {
      successorCode: successor.code,
      validTo: input.validTo,
      ...(input.validTo < today && { active: false }),
      updatedAt: this.clock.now(),
    }))!;
    await this.audit.record({
      entityType: 'agency',
      entityId: old.code,
      action: 'succeeded',
      actor,
      changes: [
        { field: 'successorCode', from: old.successorCode, to: successor.code },
        { field: 'validTo', from: old.validTo, to: input.validTo },
      ],
    });
    return after;
  }
}

/**
 * Names for explanations and reports: "Sở TN&MT Bến Tre, nay là Sở NN&MT Vĩnh Long" for an
 * agency whose successor answers today. Loads the successors the given agencies point to.
 */
export async function agencyDisplayNames(
  repository: AgencyRepository,
  agencies: Agency[],
  today: CalendarDay,
): Promise<Map<string, string>> {
  const byCode = new Map(agencies.map((a) => [a.code, a]));
  for (let depth = 0; depth < 5; depth++) {
    const missing = [...byCode.values()]
      .map((a) => a.successorCode)
      .filter((c): c is string => c !== undefined && !byCode.has(c));
    if (missing.length === 0) break;
    for (const a of await repository.findByCodes([...new Set(missing)])) byCode.set(a.code, a);
  }
  const lookup = (c: string) => byCode.get(c);
  return new Map(agencies.map((a) => [a.code, nameWithSuccessor(a.code, today, lookup)]));
}
