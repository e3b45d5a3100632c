// Registry records for service specs, with real tax codes and Vietnamese names. Inspections
// are built by newInspection, the one builder production uses.
import type { Enterprise } from '../enterprises/enterprise';
import type { Inspection } from '../inspections/inspection';
import { InspectionDraft, newInspection } from '../inspections/new-inspection';
import type { Plan } from '../plans/plan';
import { agency } from '../../agencies/testing/fake-agency-repository';

export const NOW = new Date('2026-03-01T03:00:00Z');
export const ACTOR = 'Nguyễn Văn Ánh';

export const TAX = {
  vnpt: '0100109106',
  saigonCoop: '0300588569',
  viettelPost: '0101248141',
  invalid: '0100109107',
} as const;

export const AGENCIES = [
  agency('SKHCN', { name: 'Sở Khoa học và Công nghệ' }),
  agency('SNV', { name: 'Sở Nội vụ' }),
  agency('TTT', { name: 'Thanh tra tỉnh', kind: 'inspectorate' }),
];

export const DECISION = { number: '15/QĐ-SKHCN', date: '2025-12-20' };

export function aPlan(overrides: Partial<Plan> = {}): Plan {
  return {
    id: 'plan-1',
    agencyCode: 'SKHCN',
    year: 2026,
    kind: 'annual',
    status: 'draft',
    revision: 1,
    createdAt: NOW,
    updatedAt: NOW,
    createdBy: ACTOR,
    updatedBy: ACTOR,
    ...overrides,
  };
}

export function aDraft(overrides: Partial<InspectionDraft> = {}): InspectionDraft {
  return {
    taxCode: TAX.vnpt,
    parentTaxCode: TAX.vnpt,
    enterpriseName: 'Tập đoàn Bưu chính Viễn thông Việt Nam',
    type: 'kiem-tra',
    form: 'on-site',
    field: 'measurement',
    content: 'Kiểm tra việc chấp hành pháp luật về đo lường',
    window: { from: '2026-03-02', to: '2026-03-31' },
    leadAgencyCode: 'SKHCN',
    participantAgencyCodes: [],
    ...overrides,
  };
}

/** An inspection of `plan` as stored; `overrides` stand for later changes. */
export function anInspection(
  plan: Plan,
  id: string,
  draft: Partial<InspectionDraft> = {},
  overrides: Partial<Inspection> = {},
): Inspection {
  return { ...newInspection(plan, aDraft(draft), { id, actor: ACTOR, now: NOW }), ...overrides };
}

export function anEnterprise(overrides: Partial<Enterprise> = {}): Enterprise {
  return {
    taxCode: TAX.vnpt,
    parentTaxCode: TAX.vnpt,
    isBranch: false,
    name: 'Tập đoàn Bưu chính Viễn thông Việt Nam',
    goodComplier: false,
    publicFeed: false,
    createdAt: NOW,
    updatedAt: NOW,
    ...overrides,
  };
}
