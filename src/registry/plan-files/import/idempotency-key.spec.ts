import { inspectionIdempotencyKey } from './idempotency-key';

// Keys are stored in a unique index: a recipe change would let a re-import of last month's file
// create every inspection twice. So the recipe is pinned by a known value.
const ROW = {
  agencyCode: 'SKHCN',
  year: 2026,
  taxCode: '0100109106',
  type: 'kiem-tra',
  field: 'DLCL',
  window: { from: '2026-03-01', to: '2026-03-31' },
  content: 'Kiểm tra việc chấp hành pháp luật về đo lường',
};

// sha256 of JSON ["v1","SKHCN","2026","0100109106","kiem-tra","DLCL","2026-03-01","2026-03-31",
// "kiểm tra việc chấp hành pháp luật về đo lường"], computed outside the code.
const PINNED = '6ac8093ec44a1a88230a626d58a24256521e8beff8110edaf254b911be4054b2';

describe('inspectionIdempotencyKey', () => {
  it('is the v1 recipe, unchanged', () => {
    expect(inspectionIdempotencyKey(ROW)).toBe(PINNED);
  });

  it('ignores case, spacing and diacritic encoding, not the meaning', () => {
    expect(
      inspectionIdempotencyKey({
        ...ROW,
        agencyCode: ' skhcn ',
        taxCode: '0100 109 106',
        content: '  KIỂM TRA việc chấp hành\npháp luật về   đo lường'.normalize('NFD'),
      }),
    ).toBe(PINNED);
    for (const change of [
      { year: 2027 },
      { taxCode: '0300588569' },
      { type: 'thanh-tra' },
      { field: 'ATTP' },
      { window: { from: '2026-03-02', to: '2026-03-31' } },
      { window: { from: '2026-03-01', to: '2026-03-30' } },
      { content: 'Kiểm tra việc chấp hành pháp luật về chất lượng' },
      { agencyCode: 'SYT' },
    ]) {
      expect(inspectionIdempotencyKey({ ...ROW, ...change })).not.toBe(PINNED);
    }
  });
});
