import { FakeClock } from '../common/testing/fake-clock';
import { FakeAuditTrail } from '../audit/testing/fake-audit-trail';
import { FakeAgencyRepository } from './testing/fake-agency-repository';
import {
  FORMER_PROVINCE_NAMES,
  PROVINCES_2025,
  provinceAfterMerger,
} from './administrative-geography';
import { currentAgency, lineageOf, nameWithSuccessor } from './succession';
import { AgencySuccessionService, agencyDisplayNames } from './succession.service';

const BT = {
  code: 'STNMT-BT',
  name: 'Sở TN&MT Bến Tre',
  validTo: '2025-06-30',
  successorCode: 'SNNMT-VL',
};
const VL = { code: 'SNNMT-VL', name: 'Sở NN&MT Vĩnh Long' };
const TV = {
  code: 'SNN-TV',
  name: 'Sở Nông nghiệp Trà Vinh',
  validTo: '2025-02-28',
  successorCode: 'SNNMT-TV',
};
const TV2 = {
  code: 'SNNMT-TV',
  name: 'Sở NN&MT Trà Vinh',
  validTo: '2025-06-30',
  successorCode: 'SNNMT-VL',
};

describe('agency succession', () => {
  it('finds who answers for an agency on a day, through the chain', () => {
    const all = [BT, VL, TV, TV2];
    expect(currentAgency('STNMT-BT', '2025-03-01', all)?.code).toBe('STNMT-BT');
    expect(currentAgency('STNMT-BT', '2025-07-01', all)?.code).toBe('SNNMT-VL');
    expect(currentAgency('SNN-TV', '2025-04-01', all)?.code).toBe('SNNMT-TV');
    expect(currentAgency('SNN-TV', '2026-01-01', all)?.code).toBe('SNNMT-VL');
    expect(lineageOf('SNNMT-VL', all)).toEqual(['SNN-TV', 'SNNMT-TV', 'SNNMT-VL', 'STNMT-BT']);
    expect(lineageOf('SNNMT-TV', all)).toEqual(['SNN-TV', 'SNNMT-TV']);
  });

  it('names both, the old and today’s', () => {
    expect(nameWithSuccessor('STNMT-BT', '2025-10-01', [BT, VL])).toBe(
      'Sở TN&MT Bến Tre, nay là Sở NN&MT Vĩnh Long',
    );
    expect(nameWithSuccessor('STNMT-BT', '2025-06-30', [BT, VL])).toBe('Sở TN&MT Bến Tre');
    expect(nameWithSuccessor('SNNMT-VL', '2025-10-01', [BT, VL])).toBe('Sở NN&MT Vĩnh Long');
  });

  it('stops on a loop in bad data rather than hanging', () => {
    const a = { code: 'A', name: 'A', validTo: '2025-01-01', successorCode: 'B' };
    const b = { code: 'B', name: 'B', validTo: '2025-01-01', successorCode: 'A' };
    expect(['A', 'B']).toContain(currentAgency('A', '2026-01-01', [a, b])?.code);
  });

  it('records a succession, refusing itself, unknown agencies and loops', async () => {
    const repo = new FakeAgencyRepository();
    const at = new Date('2025-01-01T00:00:00Z');
    for (const a of [BT, VL])
      await repo.insert({
        code: a.code,
        name: a.name,
        kind: 'specialised',
        active: true,
        createdAt: at,
        updatedAt: at,
      });
    const clock = new FakeClock(new Date('2025-08-01T03:00:00Z'));
    const service = new AgencySuccessionService(repo, new FakeAuditTrail(clock), clock);
    const done = await service.succeed(
      'stnmt-bt',
      { successorCode: 'SNNMT-VL', validTo: '2025-06-30' },
      'admin',
    );
    expect(done).toMatchObject({ successorCode: 'SNNMT-VL', validTo: '2025-06-30', active: false });
    await expect(
      service.succeed('SNNMT-VL', { successorCode: 'SNNMT-VL', validTo: '2025-06-30' }, 'admin'),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(
      service.succeed('SNNMT-VL', { successorCode: 'NOPE', validTo: '2025-06-30' }, 'admin'),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(
      service.succeed('SNNMT-VL', { successorCode: 'STNMT-BT', validTo: '2025-06-30' }, 'admin'),
    ).rejects.toMatchObject({ code: 'SUCCESSION_CYCLE' });
    const names = await agencyDisplayNames(
      repo,
      [(await repo.findByCode('STNMT-BT'))!],
      '2025-10-01',
    );
    expect(names.get('STNMT-BT')).toBe('Sở TN&MT Bến Tre, nay là Sở NN&MT Vĩnh Long');
  });
});

describe('administrative geography 2025', () => {
  it('has 34 provinces formed from the 63 before 1 July 2025', () => {
    expect(PROVINCES_2025).toHaveLength(34);
    const before = new Set(PROVINCES_2025.flatMap((p) => p.formedFrom ?? [p.code]));
    expect(before.size).toBe(63);
    for (const code of Object.keys(FORMER_PROVINCE_NAMES)) expect(before.has(code)).toBe(true);
    expect(provinceAfterMerger('BENTRE')).toBe('VINHLONG');
    expect(provinceAfterMerger('TRAVINH')).toBe('VINHLONG');
    expect(provinceAfterMerger('HANOI')).toBe('HANOI');
  });
});
