import { AgencyResolver } from './agency-resolver';

const REGISTRY = [
  { code: 'TTT', name: 'Thanh tra tỉnh' },
  { code: 'SNNMT', name: 'Sở Nông nghiệp và Môi trường' },
  { code: 'SNV', name: 'Sở Nội vụ tỉnh Huế' },
  { code: 'QLTT', name: 'Cục Quản lý thị trường' },
  { code: 'CAT', name: 'Công an tỉnh' },
  { code: 'UBPV', name: 'Ủy ban nhân dân xã Phú Vang' },
  { code: 'STNMT', name: 'Sở Tài nguyên và Môi trường', active: false },
];

describe('AgencyResolver', () => {
  const r = new AgencyResolver(REGISTRY);

  it('is certain for codes, names and standard abbreviations', () => {
    expect(r.resolve('snnmt')).toEqual({ ok: true, code: 'SNNMT' });
    expect(r.resolve('Sở NN&MT')).toEqual({ ok: true, code: 'SNNMT' });
    expect(r.resolve('Sở Nông nghiệp & Môi trường')).toEqual({ ok: true, code: 'SNNMT' });
    expect(r.resolve('UBND xã Phú Vang')).toEqual({ ok: true, code: 'UBPV' });
    expect(r.resolve('CÔNG AN TỈNH')).toEqual({ ok: true, code: 'CAT' });
  });

  it('marks as guesses what only the alias table or a dropped place name supports', () => {
    expect(r.resolve('Thanh tra Sở')).toMatchObject({
      ok: true,
      code: 'TTT',
      guess: { why: expect.stringContaining('2025') },
    });
    expect(r.resolve('Chi cục QLTT')).toMatchObject({ ok: true, code: 'QLTT', guess: {} });
    expect(r.resolve('PC07')).toMatchObject({ ok: true, code: 'CAT', guess: {} });
    expect(r.resolve('Sở Nội vụ')).toMatchObject({ ok: true, code: 'SNV', guess: {} });
  });

  it('takes an old name as itself when the registry still has it, and names unknown ones', () => {
    expect(r.resolve('Sở TN&MT')).toEqual({ ok: true, code: 'STNMT' });
    expect(
      new AgencyResolver(REGISTRY.filter((a) => a.code !== 'STNMT')).resolve('Sở TN&MT'),
    ).toMatchObject({
      ok: true,
      code: 'SNNMT',
      guess: {},
    });
    expect(r.resolve('Đội QLTT số 3')).toEqual({ ok: false, code: 'AGENCY_NOT_FOUND' });
  });

  it('uses remembered mappings and extra aliases (e.g. from agency succession) as data', () => {
    const withData = new AgencyResolver(REGISTRY, {
      remembered: new Map([['doi qltt so 3', 'QLTT']]),
      aliases: [
        {
          written: 'so tai nguyen moi truong',
          means: ['thanh tra tinh'],
          why: 'test',
          whyVi: 'test',
        },
      ],
    });
    expect(withData.resolve('Đội QLTT số 3')).toEqual({ ok: true, code: 'QLTT' });
  });

  describe('agencies succeeded before the plan’s time', () => {
    const succeeded = [
      ...REGISTRY.filter((a) => a.code !== 'STNMT'),
      {
        code: 'STNMT',
        name: 'Sở Tài nguyên và Môi trường',
        active: false,
        validTo: '2025-06-30',
        successorCode: 'SNNMT',
      },
    ];

    it('reads a predecessor’s name or code in a 2026 file as its successor, a guess naming both', () => {
      const r2026 = new AgencyResolver(succeeded, { asOf: '2026-01-01' });
      for (const written of ['Sở TN&MT', 'Sở Tài nguyên và Môi trường', 'stnmt'])
        expect(r2026.resolve(written)).toEqual({
          ok: true,
          code: 'SNNMT',
          guess: {
            why: `"${written}" names Sở Tài nguyên và Môi trường, succeeded by Sở Nông nghiệp và Môi trường before 2026-01-01`,
            whyVi: `"${written}": Sở Tài nguyên và Môi trường (nay là Sở Nông nghiệp và Môi trường)`,
          },
        });
      // The successor's own name is certain.
      expect(r2026.resolve('Sở NN&MT')).toEqual({ ok: true, code: 'SNNMT' });
    });

    it('keeps the predecessor in a file of its own time, and without a time', () => {
      expect(new AgencyResolver(succeeded, { asOf: '2025-01-01' }).resolve('Sở TN&MT')).toEqual({
        ok: true,
        code: 'STNMT',
      });
      expect(new AgencyResolver(succeeded).resolve('Sở TN&MT')).toEqual({
        ok: true,
        code: 'STNMT',
      });
    });

    it('follows a chain and keeps an earlier guess’s reason', () => {
      const chain = [
        ...succeeded.filter((a) => a.code !== 'SNNMT'),
        {
          code: 'SNNMT',
          name: 'Sở Nông nghiệp và Môi trường',
          validTo: '2026-06-30',
          successorCode: 'TTT',
        },
      ];
      const r = new AgencyResolver(chain, { asOf: '2027-01-01' });
      expect(r.resolve('Sở TN&MT')).toMatchObject({ ok: true, code: 'TTT' });
      const viaAlias = new AgencyResolver(
        chain.filter((a) => a.code !== 'STNMT'),
        { asOf: '2027-01-01' },
      ).resolve('Sở NN&PTNT');
      expect(viaAlias).toMatchObject({
        ok: true,
        code: 'TTT',
        guess: { whyVi: expect.stringContaining('Sở NN&PTNT đã hợp nhất') },
      });
      expect(viaAlias.ok && viaAlias.guess?.whyVi).toContain('(nay là Thanh tra tỉnh)');
    });
  });
});
