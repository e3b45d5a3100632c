import { ddciYear, lateStepsByAgency } from './ddci';

const w = (from: string, to = from) => ({ from, to });

describe('DDCI/PCI figures', () => {
  it('counts enterprises, inspections per enterprise, overlaps and five-or-more', () => {
    const rows = [
      // A: two windows sharing 31/3 overlap
      { parentTaxCode: 'A', window: w('2026-03-01', '2026-03-31') },
      { parentTaxCode: 'A', window: w('2026-03-31', '2026-04-10') },
      // B: five checks, back to back, none overlapping
      ...['01', '02', '03', '04', '05'].map((m) => ({
        parentTaxCode: 'B',
        window: w(`2026-${m}-01`, `2026-${m}-20`),
      })),
      // C: one, and D: a long window holding a later short one
      { parentTaxCode: 'C', window: w('2026-06-01') },
      { parentTaxCode: 'D', window: w('2026-01-01', '2026-12-31') },
      { parentTaxCode: 'D', window: w('2026-11-01', '2026-11-02') },
    ];
    expect(ddciYear(2026, rows)).toEqual({
      year: 2026,
      enterprisesInspected: 4,
      inspectionsPerEnterprise: 2.5,
      shareWithOverlappingInspections: 0.5,
      shareWithFiveOrMore: 0.25,
    });
    expect(ddciYear(2025, [])).toEqual({
      year: 2025,
      enterprisesInspected: 0,
      inspectionsPerEnterprise: null,
      shareWithOverlappingInspections: null,
      shareWithFiveOrMore: null,
    });
  });

  it('groups late steps per agency, worst first', () => {
    const rows = lateStepsByAgency([
      { agencyCode: 'X', agencyLabel: 'X', step: 'window', status: 'overdue' },
      { agencyCode: 'Y', agencyLabel: 'Y cũ, nay là Z', step: 'announcement', status: 'late' },
      { agencyCode: 'Y', agencyLabel: 'Y cũ, nay là Z', step: 'on-site', status: 'overdue' },
    ]);
    expect(rows).toEqual([
      {
        agencyCode: 'Y',
        agencyLabel: 'Y cũ, nay là Z',
        late: 1,
        overdue: 1,
        byStep: { announcement: 1, 'on-site': 1 },
      },
      { agencyCode: 'X', agencyLabel: 'X', late: 0, overdue: 1, byStep: { window: 1 } },
    ]);
  });
});
