import { jsonDepth } from './body-limits';

const depthOf = (text: string, limit?: number) => jsonDepth(Buffer.from(text), limit);

describe('jsonDepth', () => {
  it('counts objects and arrays', () => {
    expect(depthOf('1')).toBe(0);
    expect(depthOf('{}')).toBe(1);
    expect(depthOf('{"a":[{"b":[]}],"c":{}}')).toBe(4);
  });
  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(depthOf('{"a":"[[[{{{"}')).toBe(1);
    expect(depthOf('{"a":"\\"[[[","b":"\\\\"}')).toBe(1);
  });
  it('stops once past the limit', () => {
    expect(depthOf('['.repeat(100_000), 16)).toBe(17);
  });
});
