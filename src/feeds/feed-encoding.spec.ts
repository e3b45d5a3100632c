import { gunzipSync } from 'node:zlib';
import { acceptsGzip, gzipEtag, GzipCache } from './feed-encoding';

describe('feed encoding', () => {
  it.each([
    [undefined, false],
    ['', false],
    ['identity', false],
    ['gzip', true],
    ['GZIP', true],
    ['deflate, gzip;q=0.5', true],
    ['x-gzip', true],
    ['gzip;q=0', false],
    ['gzip; q=0.0', false],
    ['*', true],
    ['*;q=0', false],
    ['gzip;q=0, *', false],
    ['br, *;q=0.1', true],
    ['gzip;q=abc', false],
  ])('Accept-Encoding %p takes gzip: %p', (header, expected) => {
    expect(acceptsGzip(header)).toBe(expected);
  });

  it('gives the gzip representation a tag of its own', () => {
    expect(gzipEtag('"abc"')).toBe('"abc-gz"');
    expect(gzipEtag('abc')).toBe('abc-gz');
  });

  it('zips a body once however often it is asked, and the bytes round-trip', async () => {
    const cache = new GzipCache();
    const body = Buffer.from('BEGIN:VCALENDAR\r\nX-WR-CALNAME:Lịch thanh tra\r\nEND:VCALENDAR\r\n');
    const [a, b] = await Promise.all([cache.of(body), cache.of(body)]);
    expect(a).toBe(b);
    expect(gunzipSync(a).equals(body)).toBe(true);
  });
});
