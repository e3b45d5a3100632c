// "Subscribe" links for a feed's https URL. Clients cannot send headers, so the URL (with its
// secret token) is the whole credential; every link below carries it, so treat them alike.
export interface SubscribeLinks {
  /** Apple Calendar, Outlook desktop and most OS handlers open webcal:. */
  webcal: string;
  outlookDesktop: string;
  /** Work/school accounts (Outlook on the web, Microsoft 365). */
  microsoft365: string;
  /** Personal Microsoft accounts. */
  outlookCom: string;
  /** Google Calendar's "add by URL" screen, prefilled. */
  google: string;
  /** The plain https feed, for copy-paste into any client. */
  ics: string;
}

export function subscribeLinks(httpsUrl: string, name: string): SubscribeLinks {
  const url = new URL(httpsUrl);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new RangeError(`feed URL must be http(s): ${httpsUrl}`);
  }
  const ics = url.href;
  const webcal = `webcal://${ics.slice(url.protocol.length + 2)}`;
  const addFromWeb = `addfromweb?url=${encodeURIComponent(ics)}&name=${encodeURIComponent(name)}`;
  return {
    webcal,
    outlookDesktop: webcal,
    microsoft365: `https://outlook.office.com/calendar/0/${addFromWeb}`,
    outlookCom: `https://outlook.live.com/calendar/0/${addFromWeb}`,
    google: `https://calendar.google.com/calendar/r?cid=${encodeURIComponent(webcal)}`,
    ics,
  };
}
