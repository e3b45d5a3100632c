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
});
