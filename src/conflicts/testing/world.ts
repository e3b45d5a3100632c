// The conflict services wired over in-memory fakes and the real (pure) engine.
import { ImportConflictProbe } from '../../registry/plan-files/preview/import-conflict-probe';
import type { Role } from '../../identity/accounts/account';
import type { Principal } from '../../identity/authentication/principal';
import { agency, FakeAgencyRepository } from '../../agencies/testing/fake-agency-repository';
import { FakeAuditTrail } from '../../audit/testing/fake-audit-trail';
import type { DataVersions } from '../../common/data-versions/data-versions';
import { FakeClock } from '../../common/testing/fake-clock';
import type { AppConfig } from '../../config/app-config';
import { FieldCatalog } from '../../fields/field-catalog';
import type { Enterprise } from '../../registry/enterprises/enterprise';
import type { Inspection } from '../../registry/inspections/inspection';
import { InspectionsService } from '../../registry/inspections/inspections.service';
import { newInspection } from '../../registry/inspections/new-inspection';
import type { PlanImportService } from '../../registry/plan-files/plan-import.service';
import type { PlanRepository } from '../../registry/plans/plan';
import { ParentsChangedBus } from '../../registry/parents-changed';
import {
  FakeEnterpriseRepository,
  FakeInspectionRepository,
} from '../../registry/testing/fake-repositories';
import { aDraft, anEnterprise, TAX } from '../../registry/testing/fixtures';
import type { Conflict } from '../conflict';
import { ConflictDetectionService } from '../conflict-detection.service';
import { ConflictDryRunService } from '../conflict-dry-run.service';
import { ConflictQueriesService } from '../conflict-queries.service';
import { createConflictEngine } from '../engine';
import { EngineInputLoader } from '../engine-input';
import { ConflictResolutionService } from '../resolution/conflict-resolution.service';
import { FakeConflictRepository } from './fake-conflict-repository';

export { TAX };

export const AGENCIES = [
  agency('TTT', { name: 'Thanh tra tỉnh', kind: 'inspectorate' }),
  agency('SKHCN', { name: 'Sở Khoa học và Công nghệ' }),
  agency('SNV', { name: 'Sở Nội vụ' }),
  agency('KTNN', { name: 'Kiểm toán nhà nước khu vực', kind: 'state-audit' }),
];

/** Before the fake clock's "now", so a write that forgets updatedAt shows. */
const CREATED = new Date('2026-01-10T02:00:00Z');

/** A stored inspection of an approved 2026 plan of `agencyCode` (the lead unless overridden). */
export function inspection(
  id: string,
  o: Partial<Inspection> & { agencyCode?: string } = {},
): Inspection {
  const agencyCode = o.agencyCode ?? 'SKHCN';
  const year = o.year ?? 2026;
  const base = newInspection(
    { id: `plan-${agencyCode}-${year}`, kind: 'annual', status: 'approved', agencyCode, year },
    aDraft({
      content: 'Kiểm tra đo lường',
      window: { from: '2026-04-01', to: '2026-04-30' },
      leadAgencyCode: agencyCode,
    }),
    { id, actor: 'seed', now: CREATED },
  );
  return { ...base, ...o };
}

export function enterprise(taxCode: string, goodComplier = false): Enterprise {
  return anEnterprise({
    taxCode,
    parentTaxCode: taxCode,
    name: `Doanh nghiệp ${taxCode}`,
    goodComplier,
    createdAt: CREATED,
    updatedAt: CREATED,
  });
}

/** Overlapping windows of the inspectorate's thanh tra and a specialised kiểm tra. */
export function overlapPair(o: { remoteThanhTra?: boolean } = {}): Inspection[] {
  return [
    inspection('a', {
      agencyCode: 'TTT',
      type: 'thanh-tra',
      field: 'tax',
      form: o.remoteThanhTra ? 'remote' : 'on-site',
      window: { from: '2026-04-01', to: '2026-04-30' },
    }),
    inspection('b', { window: { from: '2026-04-20', to: '2026-05-20' } }),
  ];
}

export interface WorldSeed {
  inspections?: Inspection[];
  enterprises?: Enterprise[];
  conflicts?: Conflict[];
  planFiles?: Pick<PlanImportService, 'readPlanFile'>;
}

export function conflictWorld(seed: WorldSeed = {}) {
  const clock = new FakeClock();
  const engine = createConflictEngine({});
  const inspections = new FakeInspectionRepository(seed.inspections);
  const conflicts = new FakeConflictRepository(seed.conflicts);
  const agencies = new FakeAgencyRepository(AGENCIES);
  const enterprises = new FakeEnterpriseRepository(seed.enterprises);
  const audit = new FakeAuditTrail(clock);
  const fields = new FieldCatalog({} as AppConfig);
  const bus = new ParentsChangedBus();
  let versionReads = 0;
  const input = new EngineInputLoader(engine, inspections, agencies, enterprises, fields, clock);
  const registry = new InspectionsService(
    inspections,
    {} as PlanRepository,
    agencies,
    enterprises,
    fields,
    audit,
    bus,
    clock,
  );
  const detection = new ConflictDetectionService(engine, conflicts, input, bus, clock);
  detection.onModuleInit();
  const planFiles = (seed.planFiles ?? {
    readPlanFile: async () => ({ rows: [], errors: [] }),
  }) as PlanImportService;
  return {
    clock,
    engine,
    inspections,
    conflicts,
    enterprises,
    audit,
    bus,
    input,
    registry,
    detection,
    queries: new ConflictQueriesService(conflicts, input),
    dryRuns: new ConflictDryRunService(
      engine,
      conflicts,
      inspections,
      agencies,
      fields,
      input,
      planFiles,
      clock,
      // The fakes keep no data versions: a new one at each read, so nothing is kept.
      { fingerprint: async () => String(++versionReads) } as unknown as DataVersions,
      new ImportConflictProbe(),
    ),
    resolution: new ConflictResolutionService(
      engine,
      conflicts,
      input,
      registry,
      bus,
      audit,
      clock,
    ),
    /** Detects what is stored for these parents, as a registry write would. */
    detect: (...parents: string[]) =>
      detection.checkParents({ parentTaxCodes: parents, actor: 'seed' }),
  };
}

/** A signed-in reader of the conflicts: province-wide unless given agency roles. */
export function reader(roles: Role[] = ['admin'], agencyCodes: string[] = []): Principal {
  return {
    accountId: `account-${roles.join('-')}`,
    username: roles.join('-'),
    roles,
    agencyCodes,
    via: 'session',
    credentialHash: 'hash',
    mustChangePassword: false,
  };
}
