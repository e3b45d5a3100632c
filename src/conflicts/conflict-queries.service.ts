import { Injectable } from '@nestjs/common';
import { NotFoundError } from '../common/errors/domain-errors';
import { Page } from '../common/http/pagination';
import { parseTaxCode } from '../domain/tax-code';
import { Conflict } from './conflict';
import { ConflictRepository } from './conflict.repository';
import { ListConflictsQuery } from './conflict.dto';
import { Suggestion } from './engine';
import { EngineInputLoader } from './engine-input';

@Injectable()
export class ConflictQueriesService {
  constructor(
    private readonly conflicts: ConflictRepository,
    private readonly input: EngineInputLoader,
  ) {}

  async list(query: ListConflictsQuery): Promise<Page<Conflict>> {
    const tax = query.taxCode ? parseTaxCode(query.taxCode) : undefined;
    const { items, total } = await this.conflicts.search(
      {
        year: query.year,
        status: query.status,
        ruleId: query.rule,
        agencyCode: query.agencyCode,
        taxCode: tax?.ok ? tax.parent : undefined,
        severity: query.severity,
      },
      (query.page - 1) * query.pageSize,
      query.pageSize,
    );
    return { items, total, page: query.page, pageSize: query.pageSize };
  }

  /** The conflict and, while it is open, the engine's suggestions (numbered as resolve takes them). */
  async get(id: string): Promise<Conflict & { suggestions: Suggestion[] }> {
    const conflict = await this.conflicts.findById(id);
    if (!conflict) throw new NotFoundError('Conflict', id);
    if (conflict.status !== 'open') return { ...conflict, suggestions: [] };
    const { suggestions } = await this.input.forConflict(conflict);
    return { ...conflict, suggestions };
  }
}
