import type { Conflict } from '../conflict';

/** An open frequency conflict of NQ198 between two kiểm tra of SYT and STC. */
export function conflict(id: string, overrides: Partial<Conflict> = {}): Conflict {
  const at = new Date('2026-02-01T00:00:00.000Z');
  return {
    id,
    ruleId: 'nq198.frequency.kiem-tra',
    family: 'frequency',
    rulebook: { id: 'NQ198', version: '2025' },
    severity: 'block',
    taxCode: '0100000001',
    enterpriseName: 'Công ty A',
    year: 2026,
    inspectionIds: [`${id}-i1`, `${id}-i2`],
    agencyCodes: ['STC', 'SYT'],
    facts: { inspections: [], agencyCodes: ['STC', 'SYT'] },
    explanation: { vi: `giải thích ${id}`, en: `explanation ${id}` },
    legalBasis: { vi: 'Nghị quyết 198/2025/QH15', en: 'Resolution 198/2025/QH15' },
    status: 'open',
    history: [],
    revision: 1,
    firstDetectedAt: at,
    lastDetectedAt: at,
    lastDetectedMs: at.getTime(),
    createdAt: at,
    updatedAt: at,
    ...overrides,
  };
}
