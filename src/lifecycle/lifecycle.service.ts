import { Inject, Injectable } from '@nestjs/common';
import * as QRCode from 'qrcode';
import { Agency, AgencyRepository } from '../agencies/agency';
import { currentAgency, lineageOf } from '../agencies/succession';
import { AuditTrail } from '../audit/audit';
import {
  NotFoundError,
  RuleViolationError,
  StateConflictError,
} from '../common/errors/domain-errors';
import { Clock } from '../common/time/clock';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import type { CalendarDay } from '../domain/calendar-day';
import { touchesAny } from '../identity/authorization/agency-scope';
import { INSPECTION_TYPE_LABEL_VI } from '../domain/vocabulary';
import { Inspection, InspectionRepository } from '../registry/inspections/inspection';
import { WorkingCalendar } from './calendar/public-holidays';
import { Deadline, deadlinesOf, DeadlineStatus } from './deadlines/deadlines';
import { lifecycleRulebookFor } from './deadlines/lifecycle-rulebooks';
import { InspectionLifecycle, LifecycleRepository, LifecycleStep } from './lifecycle';
import { publiclyVisibleOn } from './public-visibility';
import {
  InspectionRegistration,
  newRegistrationCode,
  normalizeRegistrationCode,
} from './registration-code';
import { applyStep, StepInputs, StepRefused } from './transitions';
import { PublicVerification, toPublicVerification } from './verify/verification';

export const WORKING_CALENDAR = Symbol('WORKING_CALENDAR');

export type LifecycleView = InspectionLifecycle & {
  verifyUrl: string;
  /** The agency that answers for the inspection today (its successor, after a merger). */
  responsibleAgency: { code: string; name: string; label: string };
  deadlines: Deadline[];
};

export interface DeadlineRow extends Deadline {
  agencyCode: string;
  /** "Sở TN&MT Bến Tre, nay là Sở NN&MT Vĩnh Long" when the agency has a successor today. */
  agencyLabel: string;
  taxCode: string;
  enterpriseName: string;
  type: Inspection['type'];
  year: number;
}

export interface DeadlineQuery {
  year?: number;
  agencyCode?: string;
  province?: string;
  status?: DeadlineStatus;
}

const BATCH = 500;
const QR_OPTIONS = { type: 'png', errorCorrectionLevel: 'M', margin: 2, scale: 6 } as const;

@Injectable()
export class LifecycleService {
  constructor(
    private readonly lifecycles: LifecycleRepository,
    private readonly inspections: InspectionRepository,
    private readonly agencies: AgencyRepository,
    private readonly audit: AuditTrail,
    private readonly clock: Clock,
    @Inject(WORKING_CALENDAR) private readonly calendar: WorkingCalendar,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async view(inspectionId: string): Promise<LifecycleView> {
    const inspection = await this.inspection(inspectionId);
    const lc = await this.ensure(inspection);
    return this.toView(inspection, lc);
  }

  async record<S extends LifecycleStep>(
    inspectionId: string,
    step: S,
    input: StepInputs[S],
    actor: string,
  ): Promise<LifecycleView> {
    const inspection = await this.inspection(inspectionId);
    const before = await this.ensure(inspection);
    const lead = await this.agencies.findByCode(inspection.leadAgencyCode);
    const decisionDay =
      before.decision?.date ??
      (step === 'decision' ? (input as { date: CalendarDay }).date : undefined);
    let after: InspectionLifecycle;
    try {
      after = applyStep(before, step, input, {
        type: inspection.type,
        planStatus: inspection.planStatus,
        state: inspection.state,
        level: lead?.level ?? 'province',
        rulebook: lifecycleRulebookFor(inspection.type, decisionDay ?? inspection.window.from),
        calendar: this.calendar,
        today: this.clock.today(),
        actor,
        now: this.clock.now(),
      });
    } catch (e) {
      if (!(e instanceof StepRefused)) throw e;
      const details = [
        { field: e.field, code: e.code, message: e.message, messageVi: e.messageVi },
      ];
      throw e.status === 409
        ? new StateConflictError(e.code, e.message, details)
        : new RuleViolationError(e.code, e.message, details);
    }
    if (!(await this.lifecycles.replaceIfRevision(after, before.revision))) {
      throw new StateConflictError(
        'STALE_REVISION',
        `The lifecycle of inspection ${inspectionId} changed meanwhile; reload and retry`,
      );
    }
    await this.audit.record({
      entityType: 'inspection',
      entityId: inspectionId,
      action: `lifecycle.${step}`,
      actor,
      note: after.history[after.history.length - 1].day,
    });
    return this.toView(inspection, after);
  }

  /** The QR code printed on the decision and the meeting minutes: the verify URL, as PNG. */
  async qrPng(inspectionId: string): Promise<Buffer> {
    const lc = await this.ensure(await this.inspection(inspectionId));
    return QRCode.toBuffer(this.verifyUrl(lc.registrationCode), QR_OPTIONS);
  }

  /**
   * The registration code, verify URL and QR of each approved inspection among
   * `inspectionIds` (the meeting minutes print them); codes are issued here if need be.
   */
  async registrationsOf(inspectionIds: string[]): Promise<InspectionRegistration[]> {
    const approved = (await this.inspections.findByIds([...new Set(inspectionIds)])).filter(
      (i) => i.planStatus === 'approved',
    );
    const out: InspectionRegistration[] = [];
    for (const inspection of approved) {
      const { registrationCode } = await this.ensure(inspection);
      const verifyUrl = this.verifyUrl(registrationCode);
      out.push({
        inspectionId: inspection.id,
        code: registrationCode,
        verifyUrl,
        qrPng: await QRCode.toBuffer(verifyUrl, QR_OPTIONS),
        label: `${INSPECTION_TYPE_LABEL_VI[inspection.type]} — ${inspection.enterpriseName} (MST ${inspection.taxCode}) — ${inspection.agencyCode}`,
      });
    }
    return out.sort((a, b) => a.label.localeCompare(b.label, 'vi'));
  }

  /** GET /verify/:code: null when no inspection has that code. */
  async verify(code: string): Promise<PublicVerification | null> {
    const normalized = normalizeRegistrationCode(code);
    if (!normalized) return null;
    const lc = await this.lifecycles.findByCode(normalized);
    if (!lc) return null;
    const inspection = await this.inspections.findById(lc.inspectionId);
    if (!inspection) return null;
    const today = this.clock.today();
    const agencies = await this.agencyIndex();
    const own = agencies.get(inspection.leadAgencyCode);
    const now = own && currentAgency(own.code, today, (c) => agencies.get(c));
    const agency = {
      code: inspection.leadAgencyCode,
      name: own?.name ?? inspection.leadAgencyCode,
      ...(now && own && now.code !== own.code && { currentName: now.name }),
    };
    return toPublicVerification(inspection, lc, agency, this.clock.now());
  }

  /**
   * Deadlines of approved inspections, per agency (its predecessors included) or province.
   * Also the query the notifications feature uses for reminders (see `upcoming`).
   */
  /** `within`: the reader's agencies (undefined: every agency), as the registry's reads. */
  async deadlines(query: DeadlineQuery, within?: string[]): Promise<DeadlineRow[]> {
    const today = this.clock.today();
    const agencies = await this.agencyIndex();
    const all = [...agencies.values()];
    // A successor reads its predecessors' records (their lineage), as the route guard allows.
    const readable = within && [...new Set(within.flatMap((code) => lineageOf(code, all)))];
    let codes: Set<string> | undefined;
    if (query.agencyCode) codes = new Set(lineageOf(query.agencyCode, all));
    if (query.province) {
      const inProvince = all.filter((a) => a.province === query.province).map((a) => a.code);
      codes = new Set(codes ? inProvince.filter((c) => codes!.has(c)) : inProvince);
    }
    const rows: DeadlineRow[] = [];
    let batch: Inspection[] = [];
    const flush = async () => {
      const lcs = await this.lifecycles.findByInspections(batch.map((i) => i.id));
      const byId = new Map(lcs.map((l) => [l.inspectionId, l]));
      for (const i of batch) {
        const lead = agencies.get(i.leadAgencyCode);
        const list = deadlinesOf(
          {
            inspectionId: i.id,
            type: i.type,
            window: i.window,
            planStatus: i.planStatus,
            state: i.state,
            level: lead?.level ?? 'province',
          },
          byId.get(i.id) ?? null,
          { calendar: this.calendar, today },
        );
        for (const d of list) {
          if (query.status && d.status !== query.status) continue;
          rows.push({
            ...d,
            agencyCode: i.agencyCode,
            agencyLabel: this.label(i.agencyCode, today, agencies),
            taxCode: i.taxCode,
            enterpriseName: i.enterpriseName,
            type: i.type,
            year: i.year,
          });
        }
      }
      batch = [];
    };
    for await (const i of this.inspections.stream(
      { ...(query.year !== undefined && { year: query.year }) },
      'window.from',
    )) {
      if (i.planStatus !== 'approved') continue;
      if (codes && !codes.has(i.agencyCode)) continue;
      if (!touchesAny([i.agencyCode, i.leadAgencyCode, ...i.participantAgencyCodes], readable))
        continue;
      batch.push(i);
      if (batch.length >= BATCH) await flush();
    }
    if (batch.length) await flush();
    return rows;
  }

  /**
   * What of `inspections` the public may see on `today` (public feeds and pages): a kiểm tra
   * only once announced. Lifecycles are read only for the kiểm tra among them.
   */
  async publicOf(inspections: Inspection[], today: CalendarDay): Promise<Inspection[]> {
    const checks = inspections.filter((i) => i.type !== 'thanh-tra').map((i) => i.id);
    const lifecycles = new Map<string, InspectionLifecycle>();
    for (let at = 0; at < checks.length; at += BATCH)
      for (const lc of await this.lifecycles.findByInspections(checks.slice(at, at + BATCH)))
        lifecycles.set(lc.inspectionId, lc);
    return inspections.filter((i) => publiclyVisibleOn(i, lifecycles.get(i.id) ?? null, today));
  }

  /**
   * The deadlines of `inspections` on `today` (the agency's feed), each with its lifecycle's
   * last change (the inspection's before it has one). One read of lifecycles per batch.
   */
  async deadlinesFor(
    inspections: Inspection[],
    today: CalendarDay,
  ): Promise<(Deadline & { updatedAt: Date })[]> {
    const agencies = await this.agencyIndex();
    const out: (Deadline & { updatedAt: Date })[] = [];
    for (let at = 0; at < inspections.length; at += BATCH) {
      const batch = inspections.slice(at, at + BATCH);
      const lcs = await this.lifecycles.findByInspections(batch.map((i) => i.id));
      const byId = new Map(lcs.map((l) => [l.inspectionId, l]));
      for (const i of batch) {
        const lc = byId.get(i.id) ?? null;
        const updatedAt = lc?.updatedAt ?? i.updatedAt;
        for (const d of deadlinesOf(this.subjectOf(i, agencies), lc, {
          calendar: this.calendar,
          today,
        }))
          out.push({ ...d, updatedAt });
      }
    }
    return out;
  }

  /** The subset of `inspectionIds` announced to their enterprise by today (notices). */
  async announcedAmong(inspectionIds: string[]): Promise<Set<string>> {
    const today = this.clock.today();
    const announced = new Set<string>();
    for (let at = 0; at < inspectionIds.length; at += BATCH)
      for (const lc of await this.lifecycles.findByInspections(
        inspectionIds.slice(at, at + BATCH),
      )) {
        const day = lc.announced?.date ?? lc.onSite.start;
        if (day !== undefined && day <= today) announced.add(lc.inspectionId);
      }
    return announced;
  }

  /** Deadlines still due whose day falls in [from, to]: what a reminder job sends. */
  async upcoming(from: CalendarDay, to: CalendarDay, agencyCode?: string): Promise<DeadlineRow[]> {
    const rows = await this.deadlines({ status: 'due', agencyCode });
    return rows.filter((r) => r.dueDate >= from && r.dueDate <= to);
  }

  private subjectOf(i: Inspection, agencies: Map<string, Agency>) {
    return {
      inspectionId: i.id,
      type: i.type,
      window: i.window,
      planStatus: i.planStatus,
      state: i.state,
      level: agencies.get(i.leadAgencyCode)?.level ?? 'province',
    };
  }

  private label(code: string, today: CalendarDay, agencies: Map<string, Agency>): string {
    const own = agencies.get(code);
    if (!own) return code;
    const now = currentAgency(code, today, (c) => agencies.get(c));
    return now && now.code !== code ? `${own.name}, nay là ${now.name}` : own.name;
  }

  private async agencyIndex(): Promise<Map<string, Agency>> {
    return new Map((await this.agencies.list({})).map((a) => [a.code, a]));
  }

  private async inspection(id: string): Promise<Inspection> {
    const inspection = await this.inspections.findById(id);
    if (!inspection) throw new NotFoundError('Inspection', id);
    return inspection;
  }

  /** The record, made on first use with a fresh registration code (approved plans only). */
  private async ensure(inspection: Inspection): Promise<InspectionLifecycle> {
    const existing = await this.lifecycles.findByInspection(inspection.id);
    if (existing) return existing;
    if (inspection.planStatus !== 'approved') {
      throw new RuleViolationError(
        'PLAN_NOT_APPROVED',
        `Inspection ${inspection.id} belongs to a ${inspection.planStatus} plan: only inspections of approved plans have a lifecycle`,
        [
          {
            field: 'inspectionId',
            code: 'PLAN_NOT_APPROVED',
            message: `the plan is ${inspection.planStatus}`,
          },
        ],
      );
    }
    const now = this.clock.now();
    for (let attempt = 0; attempt < 5; attempt++) {
      const fresh: InspectionLifecycle = {
        inspectionId: inspection.id,
        registrationCode: newRegistrationCode(),
        onSite: {},
        followUps: [],
        history: [],
        revision: 0,
        createdAt: now,
        updatedAt: now,
      };
      const outcome = await this.lifecycles.insertIfAbsent(fresh);
      if (outcome === 'inserted') return fresh;
      if (outcome === 'exists') return (await this.lifecycles.findByInspection(inspection.id))!;
    }
    throw new Error('could not draw a free registration code in 5 attempts');
  }

  private verifyUrl(code: string): string {
    return `${this.config.publicBaseUrl}/verify/${code}`;
  }

  private async toView(inspection: Inspection, lc: InspectionLifecycle): Promise<LifecycleView> {
    const today = this.clock.today();
    const agencies = await this.agencyIndex();
    const lead = agencies.get(inspection.leadAgencyCode);
    const responsible =
      currentAgency(inspection.agencyCode, today, (c) => agencies.get(c)) ??
      ({ code: inspection.agencyCode, name: inspection.agencyCode } as Agency);
    return {
      ...lc,
      verifyUrl: this.verifyUrl(lc.registrationCode),
      responsibleAgency: {
        code: responsible.code,
        name: responsible.name,
        label: this.label(inspection.agencyCode, today, agencies),
      },
      deadlines: deadlinesOf(
        {
          inspectionId: inspection.id,
          type: inspection.type,
          window: inspection.window,
          planStatus: inspection.planStatus,
          state: inspection.state,
          level: lead?.level ?? 'province',
        },
        lc,
        { calendar: this.calendar, today },
      ),
    };
  }
}
