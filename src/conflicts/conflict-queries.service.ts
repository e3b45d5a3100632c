import { Injectable } from '@nestjs/common';
import { NotFoundError } from '../common/errors/domain-errors';
import { Page } from '../common/http/pagination';
import { parseTaxCode } from '../domain/tax-code';
import type { Principal } from '../identity/authentication/principal';
import { holdsAgency, seesEveryAgency } from '../identity/authorization/agency-scope';
import { Conflict } from './conflict';
import { ConflictRepository } from './conflict.repository';
import { ListConflictsQuery } from './conflict.dto';
import { Suggestion } from './engine';
import { EngineInputLoader } from './engine-input';

/** Officers and approvers read only the conflicts touching their agencies; undefined: all. */
function readableAgencies(reader: Principal): string[] | undefined {
  return seesEveryAgency(reader)
    ? undefined
    : reader.agencyCodes.map((code) => code.trim().toUpperCase());
}

function readable(conflict: Conflict, reader: Principal): boolean {
  return seesEveryAgency(reader) || conflict.agencyCodes.some((code) => holdsAgency(reader, code));
}

@Injectable()
export class ConflictQueriesService {
  constructor(
    private readonly conflicts: ConflictRepository,
    private readonly input: EngineInputLoader,
  ) {}

  async list(query: ListConflictsQuery, reader: Principal): Promise<Page<Conflict>> {
    const tax = query.taxCode ? parseTaxCode(query.taxCode) : undefined;
    const { items, total } = await this.conflicts.search(
      {
        year: query.year,
        status: query.status,
        ruleId: query.rule,
        agencyCode: query.agencyCode,
        agencyCodes: readableAgencies(reader),
        taxCode: tax?.ok ? tax.parent : undefined,
        severity: query.severity,
      },
      (query.page - 1) * query.pageSize,
      query.pageSize,
    );
    return { items, total, page: query.page, pageSize: query.pageSize };
  }

  /** The conflict and, while it is open, the engine's suggestions (numbered as resolve takes them). */
  async get(id: string, reader: Principal): Promise<Conflict & { suggestions: Suggestion[] }> {
    const conflict = await this.conflicts.findById(id);
    // Another agency's conflict is "not found", so its existence does not leak.
    if (!conflict || !readable(conflict, reader)) throw new NotFoundError('Conflict', id);
    if (conflict.status !== 'open') return { ...conflict, suggestions: [] };
    const { suggestions } = await this.input.forConflict(conflict);
    return { ...conflict, suggestions };
  }

  /**
   * As get for each id, in one read of the conflicts and one of their enterprises' records (a
   * page of a meeting's agenda): an id unknown or of another agency is left out, not refused.
   */
  async getMany(
    ids: readonly string[],
    reader: Principal,
  ): Promise<(Conflict & { suggestions: Suggestion[] })[]> {
    if (ids.length === 0) return [];
    const conflicts = (await this.conflicts.findByIds([...ids])).filter((c) => readable(c, reader));
    const suggestions = await this.input.suggestionsFor(conflicts);
    return conflicts.map((c) => ({ ...c, suggestions: suggestions.get(c.id) ?? [] }));
  }
}
