// Builders for engine specs and property tests: plain data, no jest, so a bench can use them.
import type { DayWindow } from '../../../domain/calendar-day';
import type { AgencyRef, EngineInspection } from '../types';

export const AGENCY = {
  /** Thanh tra tỉnh — the provincial inspectorate. */
  TTT: { code: 'TTT', kind: 'inspectorate' },
  /** Sở Y tế — a department running specialised checks. */
  SYT: { code: 'SYT', kind: 'specialised' },
  /** Sở Tài nguyên và Môi trường. */
  STNMT: { code: 'STNMT', kind: 'specialised' },
  /** Thuế tỉnh — tax, kind "other". */
  THUE: { code: 'THUE', kind: 'other' },
  /** Kiểm toán nhà nước khu vực. */
  KTNN: { code: 'KTNN', kind: 'state-audit' },
  /** A district people's committee: legacy data, kind "other". */
  UBND_HUYEN: { code: 'UBND-H', kind: 'other' },
} as const satisfies Record<string, AgencyRef>;

export const TAX = {
  A: '0100109106',
  A_BRANCH: '0100109106-001',
  B: '0300588569',
  C: '0101248141',
} as const;

export function w(from: string, to: string = from): DayWindow {
  return { from, to };
}

/** A planned, annual, on-site kiểm tra of enterprise A by Sở Y tế unless told otherwise. */
export function insp(id: string, over: Partial<EngineInspection> = {}): EngineInspection {
  return {
    id,
    taxCode: TAX.A,
    enterpriseName: 'Công ty TNHH X',
    type: 'kiem-tra',
    form: 'on-site',
    field: 'y-te',
    window: w('2026-03-02', '2026-03-06'),
    leadAgency: AGENCY.SYT,
    participantAgencyCodes: [],
    planKind: 'annual',
    state: 'planned',
    ...over,
  };
}
