import { conflictWorld, enterprise, inspection, TAX } from './testing/world';

describe('ConflictDetectionService', () => {
  it('opens what a write makes, answering the digests on the bus', async () => {
    const w = conflictWorld({
      inspections: [
        inspection('a'),
        inspection('b', { window: { from: '2026-04-15', to: '2026-05-15' } }),
      ],
      enterprises: [enterprise(TAX.vnpt)],
    });
    const digests = await w.bus.publish({ parentTaxCodes: [TAX.vnpt, TAX.vnpt], actor: 'An' });
    expect(digests.map((d) => [d.ruleId, d.inspectionIds, d.status, d.rulebook])).toEqual([
      ['nq198.frequency.kiem-tra', ['a', 'b'], 'open', 'NQ198'],
      ['nq198.window-overlap', ['a', 'b'], 'open', 'NQ198'],
    ]);
    expect(w.conflicts.all().map((c) => [c.ruleId, c.enterpriseName, c.history])).toEqual([
      [
        'nq198.frequency.kiem-tra',
        `Doanh nghiệp ${TAX.vnpt}`,
        [{ at: w.clock.now(), actor: 'An', action: 'detected' }],
      ],
      [
        'nq198.window-overlap',
        `Doanh nghiệp ${TAX.vnpt}`,
        [{ at: w.clock.now(), actor: 'An', action: 'detected' }],
      ],
    ]);
  });

  it('closes, saying why, what the write removed; leaves other enterprises alone', async () => {
    const w = conflictWorld({
      inspections: [
        inspection('a'),
        inspection('b', { window: { from: '2026-04-15', to: '2026-05-15' } }),
        inspection('c', {
          taxCode: TAX.saigonCoop,
          parentTaxCode: TAX.saigonCoop,
          type: 'thanh-tra',
        }),
      ],
    });
    await w.detect(TAX.vnpt, TAX.saigonCoop);
    w.conflicts.age();
    w.inspections.rows.get('b')!.state = 'cancelled';
    w.inspections.rows.get('c')!.state = 'cancelled';
    expect(await w.detect(TAX.vnpt)).toEqual([]);
    expect(w.conflicts.all().map((c) => [c.ruleId, c.status, c.closure?.reason])).toEqual([
      ['nq198.frequency.kiem-tra', 'closed', 'inspection-inactive'],
      ['nq198.window-overlap', 'closed', 'inspection-inactive'],
      ['nq198.thanh-tra-authority', 'open', undefined],
    ]);
  });

  it('leaves a decided conflict as the meeting decided it', async () => {
    const w = conflictWorld({
      inspections: [
        inspection('a'),
        inspection('b', { window: { from: '2026-09-01', to: '2026-09-30' } }),
      ],
    });
    await w.detect(TAX.vnpt);
    const [c] = w.conflicts.all();
    await w.resolution.resolve(
      c.id,
      { resolution: 'exempt', legalBasis: 'L', evidence: 'E' },
      'An',
    );
    const digests = await w.detect(TAX.vnpt);
    expect(digests.map((d) => [d.id, d.status])).toEqual([[c.id, 'exempted']]);
  });
});
