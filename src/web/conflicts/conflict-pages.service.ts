import { Injectable } from '@nestjs/common';
import { AgenciesService } from '../../agencies/agencies.service';
import { Clock } from '../../common/time/clock';
import { CONFLICT_STATUSES, ConflictStatus } from '../../domain/vocabulary';
import { ConflictQueriesService } from '../../conflicts/conflict-queries.service';
import { ListConflictsQuery, ResolveConflictDto } from '../../conflicts/conflict.dto';
import { ruleLabel } from '../../conflicts/engine/rule-labels';
import { BUILT_IN_RULEBOOKS } from '../../conflicts/engine/rulebooks';
import type { Suggestion } from '../../conflicts/engine/suggest';
import { RESOLUTION_OF_SUGGESTION } from '../../conflicts/resolution/plan-resolution';
import { ConflictResolutionService } from '../../conflicts/resolution/conflict-resolution.service';
import type { Principal } from '../../identity/authentication/principal';
import { actsForEveryAgency } from '../../identity/authorization/agency-scope';
import { timeline } from '../charts/timeline';
import { FieldErrors, fieldErrorsOf, formAs, withoutBlanks } from '../forms/form-errors';
import { filterQuery, pageOf, yearOf } from '../forms/query';
import { PageView } from '../rendering/page-renderer';
import { PageResult, redirectTo } from '../rendering/page-responder';

const RULE_OPTIONS = BUILT_IN_RULEBOOKS.flatMap((book) =>
  book.rules.map((r) => ({ value: r.id, label: ruleLabel(r.id).vi })),
);

/** What applying a suggestion does, as the button says it. */
function suggestionTitle(s: Suggestion, names: Record<string, string>): string {
  switch (s.kind) {
    case 'merge':
      return `Gộp thành một cuộc liên ngành do ${names[s.joint.leadAgency.code] ?? s.joint.leadAgency.code} chủ trì`;
    case 'move-to-year':
      return `Chuyển sang năm ${s.year}`;
    case 'switch-to-remote':
      return 'Chuyển sang kiểm tra từ xa';
    case 'switch-to-kiem-tra':
      return 'Chuyển sang kiểm tra';
  }
}

@Injectable()
export class ConflictPages {
  constructor(
    private readonly queries: ConflictQueriesService,
    private readonly resolutions: ConflictResolutionService,
    private readonly agencies: AgenciesService,
    private readonly clock: Clock,
  ) {}

  async board(who: Principal, query: Record<string, unknown>): Promise<PageView> {
    const year = yearOf(query.year, Number(this.clock.today().slice(0, 4)));
    const status: ConflictStatus | undefined =
      query.status === 'all'
        ? undefined
        : (CONFLICT_STATUSES.find((s) => s === query.status) ?? 'open');
    const rule = RULE_OPTIONS.some((r) => r.value === query.rule) ? String(query.rule) : undefined;
    const agencyCode =
      typeof query.agencyCode === 'string' && /^[A-Za-z0-9_.-]{1,40}$/.test(query.agencyCode)
        ? query.agencyCode.toUpperCase()
        : undefined;
    const filters = { year, status: status ?? 'all', rule, agencyCode };
    const [page, agencies] = await Promise.all([
      this.queries.list(
        {
          year,
          status,
          rule,
          agencyCode,
          page: pageOf(query.page),
          pageSize: 50,
        } as ListConflictsQuery,
        who,
      ),
      this.agencies.list(),
    ]);
    return {
      template: 'conflicts.njk',
      title: `Chồng chéo năm ${year}`,
      data: {
        page,
        values: filters,
        filterQuery: filterQuery(filters),
        ruleOptions: RULE_OPTIONS,
        agencyOptions: agencies.map((a) => ({ value: a.code, label: `${a.name} (${a.code})` })),
        statusOptions: [
          ...CONFLICT_STATUSES.map((s) => ({ value: s, label: s })),
          { value: 'all', label: 'all' },
        ],
      },
    };
  }

  async detail(
    id: string,
    who: Principal,
    query: Record<string, unknown> = {},
    form?: { values: Record<string, unknown>; errors: FieldErrors; status: number },
  ): Promise<PageView> {
    const conflict = await this.queries.get(id, who);
    const names = Object.fromEntries((await this.agencies.list()).map((a) => [a.code, a.name]));
    const chart = timeline(
      conflict.facts.inspections.map((i) => ({
        id: i.id,
        label: `${names[i.leadAgencyCode] ?? i.leadAgencyCode} · ${i.type === 'thanh-tra' ? 'TT' : 'KT'}`,
        from: i.window.from,
        to: i.window.to,
        href: `/web/inspections/${encodeURIComponent(i.id)}`,
        tone: 'conflict',
      })),
    );
    return {
      template: 'conflict.njk',
      title: ruleLabel(conflict.ruleId, conflict.family).vi,
      status: form?.status ?? 200,
      data: {
        conflict,
        names,
        chart,
        suggestions: conflict.suggestions.map((s, index) => ({
          index,
          kind: s.kind,
          resolution: RESOLUTION_OF_SUGGESTION[s.kind],
          title: suggestionTitle(s, names),
          explanation: s.explanation.vi,
        })),
        mayDecide: actsForEveryAgency(who) && conflict.status === 'open',
        notice: query.done === 'resolved' ? 'Đã ghi quyết định xử lý chồng chéo.' : '',
        form: form ?? { values: {}, errors: {} },
      },
    };
  }

  /** Apply a suggestion or exempt: the same DTO and service as POST /conflicts/:id/resolve. */
  async resolve(id: string, body: Record<string, unknown>, who: Principal): Promise<PageResult> {
    const input = withoutBlanks(body);
    if (typeof input.suggestion === 'string' && /^\d+$/.test(input.suggestion))
      input.suggestion = Number(input.suggestion);
    try {
      const dto = await formAs(ResolveConflictDto, input);
      await this.resolutions.resolve(id, dto, who.username);
    } catch (error) {
      const errors = fieldErrorsOf(error);
      const status = (error as { status?: number }).status ?? 422;
      return this.detail(id, who, {}, { values: body, errors, status });
    }
    return redirectTo(`/web/conflicts/${encodeURIComponent(id)}?done=resolved`);
  }
}
