import { createTransport, type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import type { MailContent } from './outbox';
import { MailSendError, MailTransport, type SentReceipt } from './mail-transport';

/** Connections kept open to the server: enough to overlap round trips, few enough for any MTA. */
const SMTP_CONNECTIONS = 4;

/** nodemailer over SMTP_URL; a few pooled connections, reused across messages. */
export class SmtpMailTransport extends MailTransport {
  readonly enabled = true;
  private readonly transporter: Transporter<SMTPTransport.SentMessageInfo>;

  constructor(
    smtpUrl: string,
    private readonly from: string,
    options: { timeoutMs?: number } = {},
  ) {
    super();
    const timeout = options.timeoutMs ?? 30_000;
    const url = new URL(smtpUrl);
    this.transporter = createTransport({
      host: url.hostname,
      port: url.port ? Number(url.port) : url.protocol === 'smtps:' ? 465 : 587,
      secure: url.protocol === 'smtps:',
      ...(url.username && {
        auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) },
      }),
      pool: true,
      maxConnections: SMTP_CONNECTIONS,
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
    } as SMTPTransport.Options);
  }

  async send(
    mail: MailContent,
    envelope: { messageId: string; key: string },
  ): Promise<SentReceipt> {
    try {
      const info = await this.transporter.sendMail({
        from: this.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        ...(mail.html && { html: mail.html }),
        messageId: envelope.messageId,
        headers: { ...mail.headers, 'X-Notification-Key': envelope.key },
        ...(mail.calendar && {
          icalEvent: { method: mail.calendar.method, content: mail.calendar.content },
        }),
        attachments: (mail.attachments ?? []).map((a) => ({
          filename: a.filename,
          contentType: a.contentType,
          content: a.content,
        })),
      });
      return { response: info.response };
    } catch (error) {
      const e = error as Error & { responseCode?: number; response?: string };
      throw new MailSendError(e.response ?? e.message, e.responseCode);
    }
  }

  override async close(): Promise<void> {
    this.transporter.close();
  }
}

/** No SMTP_URL: mail is off. The worker does not run; the outbox keeps every message queued. */
export class DisabledMailTransport extends MailTransport {
  readonly enabled = false;
  send(): Promise<SentReceipt> {
    return Promise.reject(new MailSendError('mail is off (SMTP_URL unset)'));
  }
}
