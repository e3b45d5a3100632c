import { eventUid, feedUidScope } from './uid';

// A UID that changes makes clients drop and re-add an event; two records sharing one make an
// event vanish. These pin both.
describe('feedUidScope', () => {
  it('is the scope and its ref, or a digest of the filters whatever their order', () => {
    expect(feedUidScope({ scope: 'province' })).toBe('province');
    expect(feedUidScope({ scope: 'agency', ref: 'SKHCN' })).toBe('agency-SKHCN');
    const a = feedUidScope({ scope: 'province', filters: { year: 2026, field: 'tax' } });
    const b = feedUidScope({ scope: 'province', filters: { field: 'tax', year: 2026 } });
    expect(a).toBe(b);
    expect(a).toMatch(/^province-[0-9a-f]{10}$/);
    expect(feedUidScope({ scope: 'province', filters: { year: 2026, field: undefined } })).toBe(
      feedUidScope({ scope: 'province', filters: { year: 2026 } }),
    );
    expect(feedUidScope({ scope: 'province', filters: { year: 2027 } })).not.toBe(
      feedUidScope({ scope: 'province', filters: { year: 2026 } }),
    );
  });
});

describe('eventUid', () => {
  it('joins kind, encoded record parts, scope and domain', () => {
    expect(eventUid('inspection', ['65f0a1'], 'agency-SKHCN', 'lich.example.vn')).toBe(
      'inspection-65f0a1.agency-SKHCN@lich.example.vn',
    );
    // Separators inside a part are encoded, upper-case hex, so parts never run together.
    expect(eventUid('conflict', ['a.b', "x!'()*~"], 'province', 'd.vn')).toBe(
      'conflict-a%2Eb.x%21%27%28%29%2A%7E.province@d.vn',
    );
  });

  it('refuses what would make an ambiguous UID', () => {
    expect(() => eventUid('meeting', [], 'province', 'd.vn')).toThrow(
      new RangeError('a UID needs at least one record part'),
    );
    expect(() => eventUid('meeting', [''], 'province', 'd.vn')).toThrow(
      new RangeError('empty UID part'),
    );
    expect(() => eventUid('meeting', ['m'], 'province x', 'd.vn')).toThrow(
      new RangeError('bad feed scope: province x'),
    );
    expect(() => eventUid('meeting', ['m'], 'x.province', 'd.vn')).toThrow(
      new RangeError('bad feed scope: x.province'),
    );
    expect(() => eventUid('meeting', ['m'], 'province', 'd.vn@x')).toThrow(
      new RangeError('bad UID domain: d.vn@x'),
    );
    expect(() => eventUid('meeting', ['m'], 'province', '@d.vn')).toThrow(
      new RangeError('bad UID domain: @d.vn'),
    );
  });
});
