import { subscribeLinks } from './subscribe-links';

describe('subscribeLinks', () => {
  const url = 'https://lich.example.vn/feeds/tok_AbC-123/so-khcn.ics';
  const links = subscribeLinks(url, 'Lịch Sở KH&CN');

  it('gives webcal for Apple and Outlook desktop', () => {
    expect(links.webcal).toBe('webcal://lich.example.vn/feeds/tok_AbC-123/so-khcn.ics');
    expect(links.outlookDesktop).toBe(links.webcal);
    expect(links.ics).toBe(url);
  });

  it("gives Microsoft 365's and Outlook.com's add-from-web links with the https URL and name", () => {
    const m365 = new URL(links.microsoft365);
    expect(m365.origin + m365.pathname).toBe('https://outlook.office.com/calendar/0/addfromweb');
    expect(m365.searchParams.get('url')).toBe(url);
    expect(m365.searchParams.get('name')).toBe('Lịch Sở KH&CN');
    const live = new URL(links.outlookCom);
    expect(live.origin + live.pathname).toBe('https://outlook.live.com/calendar/0/addfromweb');
    expect(live.searchParams.get('url')).toBe(url);
    expect(live.searchParams.get('name')).toBe('Lịch Sở KH&CN');
  });

  it('gives Google the webcal URL as cid', () => {
    const g = new URL(links.google);
    expect(g.origin + g.pathname).toBe('https://calendar.google.com/calendar/r');
    expect(g.searchParams.get('cid')).toBe(links.webcal);
    expect(links.google).toContain('cid=webcal%3A%2F%2F');
  });

  it('refuses anything but http(s)', () => {
    expect(() => subscribeLinks('ftp://x/y.ics', 'x')).toThrow(RangeError);
    expect(() => subscribeLinks('not a url', 'x')).toThrow();
  });
});
