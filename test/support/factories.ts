// Test data for the registry, with real tax codes and Vietnamese names.
import TestAgent from 'supertest/lib/agent';
import { TAX } from '../../src/registry/testing/fixtures';

/** The same real tax codes as the service specs' fixtures. */
export { TAX };

/** The first administrator of every test app (test/support/app.ts signs `http` in as it). */
export const TEST_ADMIN = { username: 'anh.nv', password: 'mật khẩu thử nghiệm 2026' } as const;

/**
 * Who the audit trail names for the harness's writes: the signed-in account's username.
 * (Suites still send it as X-Actor, which the service no longer reads.)
 */
export const ACTOR = TEST_ADMIN.username;

export interface AgencyInput {
  code: string;
  name: string;
  kind: 'inspectorate' | 'specialised' | 'state-audit' | 'other';
}

export const AGENCIES: Record<string, AgencyInput> = {
  inspectorate: { code: 'TTT', name: 'Thanh tra tỉnh', kind: 'inspectorate' },
  science: { code: 'SKHCN', name: 'Sở Khoa học và Công nghệ', kind: 'specialised' },
  labour: { code: 'SNV', name: 'Sở Nội vụ', kind: 'specialised' },
  tax: { code: 'THUE', name: 'Thuế tỉnh', kind: 'other' },
  audit: { code: 'KTNN', name: 'Kiểm toán nhà nước khu vực', kind: 'state-audit' },
};

export async function seedAgencies(
  http: TestAgent,
  agencies = Object.values(AGENCIES),
): Promise<void> {
  for (const agency of agencies) {
    await http.post('/agencies').send(agency).expect(201);
  }
}

export async function createPlan(
  http: TestAgent,
  body: Partial<{
    agencyCode: string;
    year: number;
    kind: 'annual' | 'ad-hoc';
    decision: { number: string; date: string };
  }> = {},
): Promise<{ id: string; [k: string]: unknown }> {
  const res = await http
    .post('/plans')
    .send({ agencyCode: AGENCIES.science.code, year: 2026, kind: 'annual', ...body })
    .expect(201);
  return res.body;
}

export function inspectionInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    taxCode: TAX.vnpt,
    enterpriseName: 'Tập đoàn Bưu chính Viễn thông Việt Nam',
    type: 'kiem-tra',
    form: 'on-site',
    field: 'measurement',
    content: 'Kiểm tra việc chấp hành pháp luật về đo lường',
    window: { from: '2026-03-01', to: '2026-03-31' },
    ...overrides,
  };
}

export async function addInspection(
  http: TestAgent,
  planId: string,
  overrides: Record<string, unknown> = {},
  status = 201,
) {
  const res = await http
    .post(`/plans/${planId}/inspections`)
    .send(inspectionInput(overrides))
    .expect(status);
  return res.body;
}

/** A valid 10-digit tax code made from a number, so each test has enterprises of its own. */
export function makeTaxCode(n: number): string {
  // Imported lazily to keep this helper usable from plain scripts too.
  const { taxCodeCheckDigit } =
    require('../../src/domain/tax-code') as typeof import('../../src/domain/tax-code');
  for (let k = n; ; k++) {
    const nine = String(100_000_000 + (k % 800_000_000)).padStart(9, '0');
    const digit = taxCodeCheckDigit(nine);
    if (digit !== null) return `${nine}${digit}`;
  }
}
