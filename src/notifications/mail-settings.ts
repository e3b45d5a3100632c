import type { AppConfig } from '../config/app-config';

/** What every mail needs from the configuration: who sends, where links point. */
export interface MailSettings {
  from: { name: string; email: string };
  /** The raw MAIL_FROM, as the From: header. */
  fromHeader: string;
  /** PUBLIC_BASE_URL, no trailing slash: pages are `${publicBaseUrl}/web/...`. */
  publicBaseUrl: string;
  /** Right-hand side of UIDs (the meetings feed's) and Message-IDs. */
  domain: string;
}

export const MAIL_SETTINGS = Symbol('MAIL_SETTINGS');

/** "Thanh tra tỉnh <lich@example.gov.vn>" → name and address (a bare address names itself). */
export function mailSettingsFrom(config: AppConfig): MailSettings {
  const m = /^\s*"?([^"<]*?)"?\s*<([^<>]+)>\s*$/.exec(config.mailFrom);
  const email = (m ? m[2] : config.mailFrom).trim();
  const name = (m?.[1].trim() || email).normalize('NFC');
  return {
    from: { name, email },
    fromHeader: config.mailFrom,
    publicBaseUrl: config.publicBaseUrl.replace(/\/+$/, ''),
    domain: new URL(config.publicBaseUrl).hostname,
  };
}

export const webLink = (
  s: MailSettings,
  kind: 'conflicts' | 'meetings' | 'inspections',
  id: string,
) => `${s.publicBaseUrl}/web/${kind}/${encodeURIComponent(id)}`;
